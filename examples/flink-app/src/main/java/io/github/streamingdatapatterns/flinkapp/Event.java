package io.github.streamingdatapatterns.flinkapp;

import java.util.Objects;

/** A record that parsed: its key, numeric value and event time, and the original payload. */
public class Event {
  public String key;
  public double value;
  /** Event time, epoch milliseconds. */
  public long timestamp;
  /** The record as received, kept so that a late record reaches the failure queue unchanged. */
  public String payload;

  public Event() {}

  public Event(String key, double value, long timestamp, String payload) {
    this.key = key;
    this.value = value;
    this.timestamp = timestamp;
    this.payload = payload;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof Event)) {
      return false;
    }
    Event e = (Event) o;
    return Objects.equals(key, e.key) && Double.compare(value, e.value) == 0 && timestamp == e.timestamp
        && Objects.equals(payload, e.payload);
  }

  @Override
  public int hashCode() {
    return Objects.hash(key, value, timestamp, payload);
  }

  @Override
  public String toString() {
    return "Event{key=" + key + ", value=" + value + ", timestamp=" + timestamp + "}";
  }
}
