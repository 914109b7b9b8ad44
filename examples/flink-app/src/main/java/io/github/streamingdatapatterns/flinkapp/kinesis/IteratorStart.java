package io.github.streamingdatapatterns.flinkapp.kinesis;

import java.util.Objects;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;

/** Where a shard iterator starts: a GetShardIterator request's type, sequence number and timestamp. */
public final class IteratorStart {
  public final ShardIteratorType type;
  public final String sequenceNumber;
  public final Long timestampMillis;

  private IteratorStart(ShardIteratorType type, String sequenceNumber, Long timestampMillis) {
    this.type = type;
    this.sequenceNumber = sequenceNumber;
    this.timestampMillis = timestampMillis;
  }

  public static final IteratorStart LATEST = new IteratorStart(ShardIteratorType.LATEST, null, null);
  public static final IteratorStart TRIM_HORIZON = new IteratorStart(ShardIteratorType.TRIM_HORIZON, null, null);

  public static IteratorStart afterSequenceNumber(String sequenceNumber) {
    return new IteratorStart(ShardIteratorType.AFTER_SEQUENCE_NUMBER, Objects.requireNonNull(sequenceNumber), null);
  }

  public static IteratorStart atTimestamp(long millis) {
    return new IteratorStart(ShardIteratorType.AT_TIMESTAMP, null, millis);
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof IteratorStart)) {
      return false;
    }
    IteratorStart s = (IteratorStart) o;
    return type == s.type && Objects.equals(sequenceNumber, s.sequenceNumber)
        && Objects.equals(timestampMillis, s.timestampMillis);
  }

  @Override
  public int hashCode() {
    return Objects.hash(type, sequenceNumber, timestampMillis);
  }

  @Override
  public String toString() {
    return type + (sequenceNumber != null ? " " + sequenceNumber : "")
        + (timestampMillis != null ? " " + timestampMillis : "");
  }
}
