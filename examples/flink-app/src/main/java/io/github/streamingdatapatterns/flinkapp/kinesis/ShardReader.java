package io.github.streamingdatapatterns.flinkapp.kinesis;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.kinesis.model.ExpiredIteratorException;
import software.amazon.awssdk.services.kinesis.model.GetRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.Record;

/**
 * The GetRecords loop of one shard, on its own thread. Each batch is emitted, and the shard's
 * sequence number moved, under the checkpoint lock in one step, so a checkpoint holds exactly the
 * records emitted before it. The loop ends when Kinesis returns no next iterator (the shard is closed
 * and read to its end), when the source stops, or on an error, which it hands to the source.
 */
@SuppressWarnings("deprecation") // SourceFunction: see KinesisShardSource
final class ShardReader implements Runnable {
  private static final Logger LOG = LoggerFactory.getLogger(ShardReader.class);

  /** What the source hears from a reader. */
  interface Listener {
    void shardFinished(String shardId);

    void readerFailed(String shardId, Throwable error);

    /** The shard's {@code MillisBehindLatest} from its last GetRecords answer. */
    default void readLag(String shardId, long millisBehindLatest) {
    }
  }

  private final String shardId;
  private final IteratorStart start;
  private final KinesisShardClient client;
  private final KinesisSourceSettings settings;
  private final org.apache.flink.streaming.api.functions.source.SourceFunction.SourceContext<String> output;
  private final ShardTracker tracker;
  private final Listener listener;
  private final BooleanSupplier running;
  private final KinesisShardClient.Sleeper sleeper;

  ShardReader(String shardId, IteratorStart start, KinesisShardClient client, KinesisSourceSettings settings,
      org.apache.flink.streaming.api.functions.source.SourceFunction.SourceContext<String> output,
      ShardTracker tracker, Listener listener, BooleanSupplier running, KinesisShardClient.Sleeper sleeper) {
    this.shardId = shardId;
    this.start = start;
    this.client = client;
    this.settings = settings;
    this.output = output;
    this.tracker = tracker;
    this.listener = listener;
    this.running = running;
    this.sleeper = sleeper;
  }

  @Override
  public void run() {
    try {
      read();
    } catch (Throwable e) {
      // After a cancel, an interrupted sleep or HTTP call is how the loop stops, not a failure.
      if (running.getAsBoolean()) {
        listener.readerFailed(shardId, e);
      } else {
        LOG.debug("Reader of shard {} stopped: {}", shardId, e.toString());
      }
    }
  }

  private void read() throws Exception {
    Object lock = output.getCheckpointLock();
    LOG.info("Reading shard {} from {}", shardId, start);
    String iterator = client.shardIterator(shardId, start);
    while (running.getAsBoolean()) {
      long began = System.nanoTime();
      GetRecordsResponse response;
      try {
        response = client.getRecords(iterator, settings.getRecordsMaxRecords);
      } catch (ExpiredIteratorException e) {
        IteratorStart resume;
        synchronized (lock) {
          resume = tracker.resumeStart(shardId);
        }
        LOG.info("The iterator of shard {} expired; a new one starts at {}", shardId, resume);
        iterator = client.shardIterator(shardId, resume);
        continue;
      }
      List<Record> records = response.records();
      boolean end = response.nextShardIterator() == null;
      synchronized (lock) {
        if (!running.getAsBoolean()) {
          return;
        }
        for (Record record : records) {
          output.collect(new String(record.data().asByteArrayUnsafe(), StandardCharsets.UTF_8));
          tracker.emitted(shardId, record.sequenceNumber());
        }
        if (end) {
          tracker.finished(shardId);
        }
      }
      if (end) {
        LOG.info("Shard {} is closed and read to its end", shardId);
        listener.shardFinished(shardId);
        return;
      }
      iterator = response.nextShardIterator();
      Long behind = response.millisBehindLatest();
      if (behind != null) {
        listener.readLag(shardId, behind);
      }
      boolean caughtUp = records.isEmpty() && (behind == null || behind == 0);
      long elapsedMillis = (System.nanoTime() - began) / 1_000_000;
      long pause = caughtUp ? settings.idleFetchIntervalMillis
          : KinesisSourceSettings.MIN_FETCH_INTERVAL_MILLIS - elapsedMillis;
      if (pause > 0) {
        sleeper.sleep(pause);
      }
    }
  }
}
