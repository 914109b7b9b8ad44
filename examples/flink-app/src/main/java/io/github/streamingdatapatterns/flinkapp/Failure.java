package io.github.streamingdatapatterns.flinkapp;

import java.util.Objects;

/** A record the application could not use, with why, on its way to the failure queue. */
public class Failure {
  /** The record could not be parsed, or lacks a field. */
  public static final String INVALID_RECORD = "INVALID_RECORD";
  /** The record parsed, but its window had already been closed by the watermark. */
  public static final String LATE_RECORD = "LATE_RECORD";

  /** {@link #INVALID_RECORD} or {@link #LATE_RECORD}. */
  public String reason;
  /** A sentence saying what is wrong. */
  public String error;
  /** The record as received. */
  public String payload;

  public Failure() {}

  public Failure(String reason, String error, String payload) {
    this.reason = reason;
    this.error = error;
    this.payload = payload;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof Failure)) {
      return false;
    }
    Failure f = (Failure) o;
    return Objects.equals(reason, f.reason) && Objects.equals(error, f.error) && Objects.equals(payload, f.payload);
  }

  @Override
  public int hashCode() {
    return Objects.hash(reason, error, payload);
  }

  @Override
  public String toString() {
    return "Failure{reason=" + reason + ", error=" + error + ", payload=" + payload + "}";
  }
}
