package io.github.streamingdatapatterns.flinkapp;

import org.apache.flink.api.common.functions.AggregateFunction;
import org.apache.flink.streaming.api.functions.windowing.ProcessWindowFunction;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.util.Collector;

/**
 * Count, sum, min and max per key and window, computed incrementally: the window state holds one
 * {@link Accumulator} per key, never the records.
 */
public final class WindowStats {
  private WindowStats() {}

  /** The running aggregate (a Flink POJO, so it is checkpointed with Flink's own serializer). */
  public static class Accumulator {
    public long count;
    public double sum;
    public double min = Double.POSITIVE_INFINITY;
    public double max = Double.NEGATIVE_INFINITY;
  }

  /** Adds events to the accumulator. */
  public static final class Aggregate implements AggregateFunction<Event, Accumulator, Accumulator> {
    private static final long serialVersionUID = 1L;

    @Override
    public Accumulator createAccumulator() {
      return new Accumulator();
    }

    @Override
    public Accumulator add(Event event, Accumulator acc) {
      acc.count++;
      acc.sum += event.value;
      acc.min = Math.min(acc.min, event.value);
      acc.max = Math.max(acc.max, event.value);
      return acc;
    }

    @Override
    public Accumulator getResult(Accumulator acc) {
      return acc;
    }

    @Override
    public Accumulator merge(Accumulator a, Accumulator b) {
      Accumulator merged = new Accumulator();
      merged.count = a.count + b.count;
      merged.sum = a.sum + b.sum;
      merged.min = Math.min(a.min, b.min);
      merged.max = Math.max(a.max, b.max);
      return merged;
    }
  }

  /** Adds the key and the window bounds to the final aggregate. */
  public static final class ToResult extends ProcessWindowFunction<Accumulator, WindowResult, String, TimeWindow> {
    private static final long serialVersionUID = 1L;

    @Override
    public void process(String key, Context context, Iterable<Accumulator> elements, Collector<WindowResult> out) {
      for (Accumulator acc : elements) {
        TimeWindow window = context.window();
        out.collect(new WindowResult(key, window.getStart(), window.getEnd(), acc.count, acc.sum, acc.min, acc.max));
      }
    }
  }
}
