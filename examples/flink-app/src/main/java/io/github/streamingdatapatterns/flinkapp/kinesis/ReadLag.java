package io.github.streamingdatapatterns.flinkapp.kinesis;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How far this subtask reads behind the newest record of its open shards: the
 * {@code MillisBehindLatest} of each shard's last GetRecords answer. Reported as the gauge
 * {@code millisBehindLatest}, the metric Flink's own Kinesis connector reports and the
 * KinesisFlinkAnalytics pattern alarms on.
 */
final class ReadLag {
  private final Map<String, Long> behindByShard = new ConcurrentHashMap<>();

  void record(String shardId, long millisBehindLatest) {
    behindByShard.put(shardId, millisBehindLatest);
  }

  /** A closed shard read to its end no longer lags. */
  void remove(String shardId) {
    behindByShard.remove(shardId);
  }

  /** The largest lag of the open shards; 0 when there is none. */
  long maxMillisBehindLatest() {
    return behindByShard.values().stream().mapToLong(Long::longValue).max().orElse(0L);
  }
}
