package io.github.streamingdatapatterns.flinkapp;

import java.time.Duration;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;

/**
 * Bounded out-of-orderness watermarks, emitted from the records themselves rather than on a
 * processing-time timer: the watermark is the largest event time seen minus the allowed
 * out-of-orderness (minus 1 ms, as Flink's own bounded out-of-orderness generator), and it is
 * emitted when it has moved forward by at least {@link #STEP}. The windows and the late records
 * therefore depend only on the order of the input, so a replay after a restore gives the same
 * output, and tests can assert it exactly. A source subtask that gets no records for the idle
 * timeout is marked idle, so it does not hold the other subtasks' windows back.
 */
public final class EventTimeWatermarks implements WatermarkGenerator<Event> {
  /** The smallest forward move of the watermark that is emitted (bounds watermark traffic). */
  public static final Duration STEP = Duration.ofSeconds(1);

  private final long outOfOrdernessMillis;
  private final long stepMillis;
  private long maxTimestamp = Long.MIN_VALUE;
  private long lastEmitted = Long.MIN_VALUE;

  EventTimeWatermarks(Duration maxOutOfOrderness, Duration step) {
    this.outOfOrdernessMillis = maxOutOfOrderness.toMillis();
    this.stepMillis = step.toMillis();
  }

  /** The strategy: event time from {@link Event#timestamp}, these watermarks, and idleness. */
  public static WatermarkStrategy<Event> strategy(Duration maxOutOfOrderness, Duration idleTimeout) {
    WatermarkStrategy<Event> watermarks = context -> new EventTimeWatermarks(maxOutOfOrderness, STEP);
    return watermarks
        .withTimestampAssigner((event, previous) -> event.timestamp)
        .withIdleness(idleTimeout);
  }

  @Override
  public void onEvent(Event event, long eventTimestamp, WatermarkOutput output) {
    if (eventTimestamp <= maxTimestamp) {
      return;
    }
    maxTimestamp = eventTimestamp;
    long watermark = maxTimestamp - outOfOrdernessMillis - 1;
    if (lastEmitted == Long.MIN_VALUE || watermark - lastEmitted >= stepMillis) {
      lastEmitted = watermark;
      output.emitWatermark(new Watermark(watermark));
    }
  }

  @Override
  public void onPeriodicEmit(WatermarkOutput output) {
    // Nothing: watermarks follow the records only (see the class comment).
  }
}
