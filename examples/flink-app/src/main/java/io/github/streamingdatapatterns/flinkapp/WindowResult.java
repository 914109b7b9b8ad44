package io.github.streamingdatapatterns.flinkapp;

import java.util.Objects;

/** The aggregate of one key over one tumbling window. */
public class WindowResult {
  public String key;
  /** Window start, epoch milliseconds, inclusive. */
  public long windowStart;
  /** Window end, epoch milliseconds, exclusive. */
  public long windowEnd;
  public long count;
  public double sum;
  public double min;
  public double max;

  public WindowResult() {}

  public WindowResult(String key, long windowStart, long windowEnd, long count, double sum, double min, double max) {
    this.key = key;
    this.windowStart = windowStart;
    this.windowEnd = windowEnd;
    this.count = count;
    this.sum = sum;
    this.min = min;
    this.max = max;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof WindowResult)) {
      return false;
    }
    WindowResult r = (WindowResult) o;
    return Objects.equals(key, r.key) && windowStart == r.windowStart && windowEnd == r.windowEnd
        && count == r.count && Double.compare(sum, r.sum) == 0 && Double.compare(min, r.min) == 0
        && Double.compare(max, r.max) == 0;
  }

  @Override
  public int hashCode() {
    return Objects.hash(key, windowStart, windowEnd, count, sum, min, max);
  }

  @Override
  public String toString() {
    return Json.result(this);
  }
}
