package io.github.streamingdatapatterns.flinkapp.kinesis;

import java.util.Objects;

/**
 * How far one shard has been read: the state the source checkpoints, one entry per shard (a Flink
 * POJO, so its serializer can evolve). Changed only under the checkpoint lock, together with the
 * emission of the records it covers.
 */
public class ShardProgress {
  public String shardId;
  /** The sequence number of the last record emitted; null before the first one. */
  public String sequenceNumber;
  /** True once the shard is closed and read to its end: it is never read again. */
  public boolean finished;
  /**
   * For a shard first read at LATEST: when that started (epoch ms), so that a restore before its first
   * record resumes at that time rather than at a later LATEST (which would skip records). Else null.
   */
  public Long latestSinceMillis;

  public ShardProgress() {}

  public ShardProgress(String shardId, String sequenceNumber, boolean finished, Long latestSinceMillis) {
    this.shardId = shardId;
    this.sequenceNumber = sequenceNumber;
    this.finished = finished;
    this.latestSinceMillis = latestSinceMillis;
  }

  /** Where reading resumes: after the last emitted record, else where the shard was first read from. */
  public IteratorStart resumeStart() {
    if (sequenceNumber != null) {
      return IteratorStart.afterSequenceNumber(sequenceNumber);
    }
    return latestSinceMillis != null ? IteratorStart.atTimestamp(latestSinceMillis) : IteratorStart.TRIM_HORIZON;
  }

  public ShardProgress copy() {
    return new ShardProgress(shardId, sequenceNumber, finished, latestSinceMillis);
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof ShardProgress)) {
      return false;
    }
    ShardProgress p = (ShardProgress) o;
    return finished == p.finished && Objects.equals(shardId, p.shardId)
        && Objects.equals(sequenceNumber, p.sequenceNumber) && Objects.equals(latestSinceMillis, p.latestSinceMillis);
  }

  @Override
  public int hashCode() {
    return Objects.hash(shardId, sequenceNumber, finished, latestSinceMillis);
  }

  @Override
  public String toString() {
    return shardId + (finished ? " finished" : "") + (sequenceNumber != null ? " after " + sequenceNumber : "")
        + (latestSinceMillis != null ? " latest since " + latestSinceMillis : "");
  }
}
