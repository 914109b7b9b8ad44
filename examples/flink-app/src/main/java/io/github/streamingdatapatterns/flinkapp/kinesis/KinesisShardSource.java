package io.github.streamingdatapatterns.flinkapp.kinesis;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.functions.source.RichParallelSourceFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A parallel, checkpointed Kinesis source on the AWS SDK v2 alone: each subtask lists the stream's
 * shards (at start, every {@code ShardDiscoveryIntervalMillis}, and when one of its shards closes),
 * reads the shards it owns ({@link ShardAssignment}) with one GetRecords loop per shard
 * ({@link ShardReader}), and emits the records as UTF-8 strings.
 *
 * <p>State: a union list of {@link ShardProgress} (shard id, last emitted sequence number, finished),
 * so that on a restore, with the same or another parallelism, every subtask sees every shard and
 * takes those it now owns. Records are emitted and positions moved under the checkpoint lock, so a
 * restore resumes AFTER_SEQUENCE_NUMBER with no record lost or emitted twice.
 *
 * <p>Built on the legacy {@code SourceFunction} API, which Flink 1.20 still runs; Flink 2.x removed it,
 * and a FLIP-27 {@code Source} would be needed there.
 */
@SuppressWarnings("deprecation")
public final class KinesisShardSource extends RichParallelSourceFunction<String> implements CheckpointedFunction {
  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(KinesisShardSource.class);

  static final String STATE_NAME = "kinesis-shard-progress";
  /**
   * Managed Service for Apache Flink sends to CloudWatch only the application's metrics registered
   * under this group; the key-value groups below it become dimensions. {@code Flow=Input} and
   * {@code Id=<stream name>} are the dimensions the pattern's millisBehindLatest alarm uses.
   */
  static final String CLOUDWATCH_GROUP = "kinesisanalytics";

  private final StreamArn stream;
  private final KinesisSourceSettings settings;
  private final KinesisClientFactory clientFactory;

  private transient ListState<ShardProgress> state;
  private transient ShardTracker tracker;
  private transient volatile boolean running;
  /** Woken when a shard closes or a reader fails. */
  private transient Object signal;
  private transient boolean discoveryRequested;
  private transient RuntimeException failure;
  private transient ReadLag lag;

  public KinesisShardSource(StreamArn stream, KinesisSourceSettings settings, KinesisClientFactory clientFactory) {
    this.stream = stream;
    this.settings = settings;
    this.clientFactory = clientFactory;
  }

  @Override
  public void initializeState(FunctionInitializationContext context) throws Exception {
    state = context.getOperatorStateStore().getUnionListState(
        new ListStateDescriptor<>(STATE_NAME, TypeInformation.of(ShardProgress.class)));
    List<ShardProgress> entries = null;
    if (context.isRestored()) {
      entries = new ArrayList<>();
      for (ShardProgress entry : state.get()) {
        entries.add(entry);
      }
    }
    var task = getRuntimeContext().getTaskInfo();
    restore(entries, task.getIndexOfThisSubtask(), task.getNumberOfParallelSubtasks());
  }

  @Override
  public void open(OpenContext openContext) throws Exception {
    super.open(openContext);
    getRuntimeContext().getMetricGroup()
        .addGroup(CLOUDWATCH_GROUP)
        .addGroup("Flow", "Input")
        .addGroup("Id", stream.name)
        .gauge("millisBehindLatest", lag::maxMillisBehindLatest);
  }

  /** Sets the tracker: a first start when {@code entries} is null, else a restore from them. */
  void restore(List<ShardProgress> entries, int subtask, int parallelism) {
    lag = new ReadLag();
    tracker = entries == null
        ? ShardTracker.firstStart(subtask, parallelism, settings.initialPosition)
        : ShardTracker.restored(entries, subtask, parallelism, settings.initialPosition);
    LOG.info("Kinesis source subtask {} of {} on {}: {}", subtask, parallelism, stream,
        entries == null ? "first start at " + settings.initialPosition : "restored " + tracker.snapshot());
  }

  /** Called by Flink under the checkpoint lock. */
  @Override
  public void snapshotState(FunctionSnapshotContext context) throws Exception {
    state.update(progress());
  }

  /** The value of the {@code millisBehindLatest} gauge now. */
  long millisBehindLatest() {
    return lag.maxMillisBehindLatest();
  }

  /** This subtask's entries, as the next checkpoint would hold them (call under the checkpoint lock). */
  List<ShardProgress> progress() {
    return tracker.snapshot();
  }

  @Override
  public void run(SourceContext<String> ctx) throws Exception {
    signal = new Object();
    running = true;
    AtomicInteger threads = new AtomicInteger();
    ExecutorService readers = Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "kinesis-shard-reader-" + threads.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    ShardReader.Listener listener = new ShardReader.Listener() {
      @Override
      public void shardFinished(String shardId) {
        lag.remove(shardId);
        synchronized (signal) {
          discoveryRequested = true;
          signal.notifyAll();
        }
      }

      @Override
      public void readLag(String shardId, long millisBehindLatest) {
        lag.record(shardId, millisBehindLatest);
      }

      @Override
      public void readerFailed(String shardId, Throwable error) {
        synchronized (signal) {
          if (failure == null) {
            failure = new RuntimeException("Reading shard " + shardId + " of " + stream + " failed", error);
          }
          signal.notifyAll();
        }
      }
    };
    KinesisShardClient client = new KinesisShardClient(clientFactory.create(), stream, Thread::sleep);
    try {
      long nextDiscovery = 0;
      while (running) {
        if (System.currentTimeMillis() >= nextDiscovery) {
          var shards = client.listShards();
          List<ShardTracker.ShardRead> ready;
          synchronized (ctx.getCheckpointLock()) {
            ready = tracker.discovered(shards, System.currentTimeMillis());
          }
          for (ShardTracker.ShardRead read : ready) {
            readers.execute(new ShardReader(read.shardId(), read.start(), client, settings, ctx, tracker, listener,
                () -> running, Thread::sleep));
          }
          nextDiscovery = System.currentTimeMillis() + settings.shardDiscoveryIntervalMillis;
        }
        synchronized (signal) {
          long wait = nextDiscovery - System.currentTimeMillis();
          if (failure == null && !discoveryRequested && running && wait > 0) {
            signal.wait(wait);
          }
          if (failure != null) {
            throw failure;
          }
          if (discoveryRequested) {
            discoveryRequested = false;
            nextDiscovery = 0;
          }
        }
      }
    } finally {
      running = false;
      readers.shutdownNow();
      readers.awaitTermination(10, TimeUnit.SECONDS);
      client.close();
    }
  }

  @Override
  public void cancel() {
    running = false;
    Object s = signal;
    if (s != null) {
      synchronized (s) {
        s.notifyAll();
      }
    }
  }
}
