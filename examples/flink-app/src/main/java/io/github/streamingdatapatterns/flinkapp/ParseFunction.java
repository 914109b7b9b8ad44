package io.github.streamingdatapatterns.flinkapp;

import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/** Parses each record; records that cannot be used go to the {@link #FAILURES} side output. */
public final class ParseFunction extends ProcessFunction<String, Event> {
  private static final long serialVersionUID = 1L;

  public static final OutputTag<Failure> FAILURES = new OutputTag<Failure>("invalid-records") {
    private static final long serialVersionUID = 1L;
  };

  private final RecordParser parser;

  public ParseFunction(RecordParser parser) {
    this.parser = parser;
  }

  @Override
  public void processElement(String payload, Context ctx, Collector<Event> out) {
    RecordParser.Result result = parser.parse(payload);
    if (result.ok()) {
      out.collect(result.event);
    } else {
      ctx.output(FAILURES, new Failure(Failure.INVALID_RECORD, result.error, payload));
    }
  }
}
