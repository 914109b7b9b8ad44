package io.github.streamingdatapatterns.flinkapp.kinesis;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.GetRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.GetShardIteratorRequest;
import software.amazon.awssdk.services.kinesis.model.LimitExceededException;
import software.amazon.awssdk.services.kinesis.model.ListShardsResponse;
import software.amazon.awssdk.services.kinesis.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.kinesis.model.Shard;

/**
 * The Kinesis calls the pattern's application role allows, and only those: ListShards,
 * GetShardIterator and GetRecords (no enhanced fan-out). Throttling
 * (ProvisionedThroughputExceededException, LimitExceededException) is retried with exponential
 * backoff, as often as it takes; every other error is thrown, so the job restarts from its checkpoint.
 *
 * <p>Requests name the stream by its ARN ({@code StreamARN}, as the role's policy does) and also by
 * the name the ARN ends with ({@code StreamName}): Kinesis accepts both together, and kinesalite, the
 * emulator the tests use, ignores {@code StreamARN} and needs {@code StreamName}.
 */
public final class KinesisShardClient implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(KinesisShardClient.class);

  /** Waits between attempts; a test gives one that records instead of sleeping. */
  @FunctionalInterface
  public interface Sleeper {
    void sleep(long millis) throws InterruptedException;
  }

  public static final long FIRST_BACKOFF_MILLIS = 200;
  public static final long MAX_BACKOFF_MILLIS = 5_000;

  private final KinesisClient kinesis;
  private final StreamArn stream;
  private final Sleeper sleeper;

  public KinesisShardClient(KinesisClient kinesis, StreamArn stream, Sleeper sleeper) {
    this.kinesis = kinesis;
    this.stream = stream;
    this.sleeper = sleeper;
  }

  /** Every shard of the stream (open, and closed within the retention period), page by page. */
  public List<Shard> listShards() throws IOException {
    List<Shard> shards = new ArrayList<>();
    String nextToken = null;
    do {
      String token = nextToken;
      // A page after the first is named by its token alone: Kinesis refuses a stream with a NextToken.
      ListShardsResponse page = withRetries("ListShards", () -> kinesis.listShards(b -> {
        if (token == null) {
          b.streamARN(stream.arn).streamName(stream.name);
        } else {
          b.nextToken(token);
        }
      }));
      shards.addAll(page.shards());
      nextToken = page.nextToken();
    } while (nextToken != null);
    return shards;
  }

  /** An iterator at {@code start} in the shard. */
  public String shardIterator(String shardId, IteratorStart start) throws IOException {
    GetShardIteratorRequest.Builder request = GetShardIteratorRequest.builder()
        .streamARN(stream.arn).streamName(stream.name).shardId(shardId).shardIteratorType(start.type);
    if (start.sequenceNumber != null) {
      request.startingSequenceNumber(start.sequenceNumber);
    }
    if (start.timestampMillis != null) {
      request.timestamp(Instant.ofEpochMilli(start.timestampMillis));
    }
    GetShardIteratorRequest built = request.build();
    return withRetries("GetShardIterator", () -> kinesis.getShardIterator(built)).shardIterator();
  }

  /** Up to {@code limit} records from {@code shardIterator}; an ExpiredIteratorException is the caller's. */
  public GetRecordsResponse getRecords(String shardIterator, int limit) throws IOException {
    return withRetries("GetRecords",
        () -> kinesis.getRecords(b -> b.streamARN(stream.arn).shardIterator(shardIterator).limit(limit)));
  }

  private <T> T withRetries(String call, Supplier<T> request) throws IOException {
    for (int attempt = 1; ; attempt++) {
      try {
        return request.get();
      } catch (ProvisionedThroughputExceededException | LimitExceededException e) {
        long backoff = backoffMillis(attempt);
        LOG.warn("{} on {} was throttled (attempt {}): {}; retrying in {} ms", call, stream, attempt,
            e.getClass().getSimpleName(), backoff);
        try {
          sleeper.sleep(backoff);
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          throw new InterruptedIOException("Interrupted while backing off " + call + " on " + stream);
        }
      }
    }
  }

  /** 200 ms, 400 ms, 800 ms, ... at most 5 s. */
  static long backoffMillis(int attempt) {
    return Math.min(MAX_BACKOFF_MILLIS, FIRST_BACKOFF_MILLIS << Math.min(attempt - 1, 10));
  }

  @Override
  public void close() {
    kinesis.close();
  }
}
