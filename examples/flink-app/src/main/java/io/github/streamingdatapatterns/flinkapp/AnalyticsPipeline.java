package io.github.streamingdatapatterns.flinkapp;

import java.time.Instant;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.windowing.assigners.TumblingEventTimeWindows;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.util.OutputTag;

/**
 * The processing, independent of where records come from and where results go:
 *
 * <pre>
 * records (String) -> parse -> event time + watermarks -> key by the key field
 *   -> tumbling event-time window: count, sum, min, max of the value field -> results sink
 * invalid records (parse side output) + late records (window side output) -> failure sink
 * </pre>
 *
 * Every operator has a fixed uid, so savepoints (Managed Flink snapshots) restore after a code change.
 */
public final class AnalyticsPipeline {
  static final OutputTag<Event> LATE = new OutputTag<Event>("late-records") {
    private static final long serialVersionUID = 1L;
  };

  private AnalyticsPipeline() {}

  public static void build(DataStream<String> records, AppConfig config, Sink<WindowResult> resultSink,
      Sink<Failure> failureSink) {
    SingleOutputStreamOperator<Event> events = records
        .process(new ParseFunction(new RecordParser(config.keyField, config.valueField, config.timestampField)))
        .name("Parse JSON").uid("parse");

    SingleOutputStreamOperator<WindowResult> results = events
        .assignTimestampsAndWatermarks(EventTimeWatermarks.strategy(config.maxOutOfOrderness, config.idleTimeout))
        .name("Event time").uid("event-time")
        .keyBy(event -> event.key)
        .window(TumblingEventTimeWindows.of(config.windowSize))
        .sideOutputLateData(LATE)
        .aggregate(new WindowStats.Aggregate(), new WindowStats.ToResult())
        .name("Window stats").uid("window-stats");

    results.sinkTo(resultSink).name("Results to S3").uid("results-sink");

    long windowMillis = config.windowSize.toMillis();
    DataStream<Failure> late = results.getSideOutput(LATE)
        .map(event -> lateFailure(event, windowMillis))
        .name("Late records").uid("late-records");
    events.getSideOutput(ParseFunction.FAILURES)
        .union(late)
        .sinkTo(failureSink).name("Failures to SQS").uid("failure-sink");
  }

  static Failure lateFailure(Event event, long windowMillis) {
    long start = TimeWindow.getWindowStartWithOffset(event.timestamp, 0, windowMillis);
    return new Failure(Failure.LATE_RECORD, "late record: event time " + Instant.ofEpochMilli(event.timestamp)
        + " is behind the watermark; its window [" + Instant.ofEpochMilli(start) + ", "
        + Instant.ofEpochMilli(start + windowMillis) + ") is closed", event.payload);
  }
}
