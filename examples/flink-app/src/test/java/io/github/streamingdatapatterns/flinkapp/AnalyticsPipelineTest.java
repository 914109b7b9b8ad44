package io.github.streamingdatapatterns.flinkapp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole pipeline on Flink's MiniCluster: a bounded file of good, late and malformed records in,
 * the real file sink to a local folder, the real failure sink with the SQS client replaced.
 */
class AnalyticsPipelineTest {
  @RegisterExtension
  static final MiniClusterExtension MINI_CLUSTER = new MiniClusterExtension(
      new MiniClusterResourceConfiguration.Builder().setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

  /** What the failure sink would have sent to SQS, batch by batch (the job runs in this JVM). */
  static final ConcurrentLinkedQueue<List<String>> SENT = new ConcurrentLinkedQueue<>();

  /** A serializable factory of a sender that records instead of calling SQS. */
  static final class CapturingSenderFactory implements FailureSender.Factory {
    private static final long serialVersionUID = 1L;

    @Override
    public FailureSender create() {
      return SENT::add;
    }
  }

  /** In input order; the comments give the watermark after each record (window 60 s, out-of-orderness 5 s). */
  static final List<String> INPUT = List.of(
      "{\"ticker\":\"AMZN\",\"price\":10.5,\"event_time\":\"2025-01-01T10:00:01Z\"}", // wm 09:59:55.999
      "{\"ticker\":\"MSFT\",\"price\":2,\"event_time\":\"2025-01-01T10:00:10\"}", // wm 10:00:04.999
      "not json at all",
      "{\"ticker\":\"AMZN\",\"price\":20.25,\"event_time\":\"2025-01-01T10:00:30.500Z\"}", // wm 10:00:25.499
      "{\"ticker\":\"AMZN\",\"price\":-3.25,\"event_time\":\"2025-01-01T09:59:58Z\"}", // late: [09:59, 10:00) closed
      "{\"ticker\":\"AMZN\",\"price\":7,\"event_time\":\"2025-01-01T10:01:10Z\"}", // wm 10:01:04.999: [10:00, 10:01) fires
      "{\"ticker\":\"AMZN\",\"price\":100,\"event_time\":\"2025-01-01T10:00:59Z\"}", // late: [10:00, 10:01) closed
      "{\"ticker\":\"AMZN\",\"price\":1,\"event_time\":\"2025-01-01T10:01:02Z\"}", // out of order, in time
      "{\"ticker\":\"MSFT\",\"event_time\":\"2025-01-01T10:01:03Z\"}",
      "{\"ticker\":\"MSFT\",\"price\":\"abc\",\"event_time\":\"2025-01-01T10:01:03Z\"}",
      "{\"price\":5,\"event_time\":\"2025-01-01T10:01:04Z\"}",
      "{\"ticker\":\"MSFT\",\"price\":4,\"event_time\":\"yesterday\"}",
      "{\"ticker\":\"MSFT\",\"price\":4.5,\"event_time\":1735729320000}", // 11:02:00Z, wm 11:01:54.999: [10:01, 10:02) fires
      "[1,2,3]",
      "",
      "{\"ticker\":\"MSFT\",\"price\":3,\"event_time\":\"2025-01-01T10:01:59+01:00\"}"); // 09:01:59Z: late
  // End of input: the final watermark fires [11:02, 11:03).

  @TempDir
  Path dir;

  @BeforeEach
  void clear() {
    SENT.clear();
  }

  static AppConfig config() {
    return AppConfig.fromPropertyGroups(Map.of(AppConfig.PATTERN_GROUP, AppConfigTest.patternGroup()));
  }

  private Path run(List<String> lines, AppConfig config) throws Exception {
    Path input = dir.resolve("input.jsonl");
    Files.write(input, lines);
    Path output = dir.resolve("output");
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    env.setParallelism(1);
    env.enableCheckpointing(100);
    AnalyticsPipeline.build(StreamingAnalyticsJob.fileInput(env, input.toUri().toString()), config,
        ResultSink.create(output.toUri().toString()), new FailureQueueSink(new CapturingSenderFactory()));
    env.execute("test");
    return output;
  }

  /** bucket folder (relative) -> the lines of its finished part files, sorted. */
  private static Map<String, List<String>> readResults(Path output) throws IOException {
    Map<String, List<String>> buckets = new TreeMap<>();
    try (Stream<Path> files = Files.walk(output)) {
      for (Path file : files.filter(Files::isRegularFile).collect(Collectors.toList())) {
        String bucket = output.relativize(file.getParent()).toString();
        assertThat(file.getFileName().toString()).as("finished part file").startsWith("results-").endsWith(".jsonl");
        buckets.computeIfAbsent(bucket, b -> new ArrayList<>()).addAll(Files.readAllLines(file));
      }
    }
    buckets.values().forEach(lines -> lines.sort(null));
    return buckets;
  }

  @Test
  void aggregatesGoodRecordsAndSendsEveryOtherRecordToTheFailureQueue() throws Exception {
    Path output = run(INPUT, config());

    assertThat(readResults(output)).containsExactly(
        Map.entry("dt=2025-01-01/hour=10", List.of(
            "{\"key\":\"AMZN\",\"windowStart\":\"2025-01-01T10:00:00Z\",\"windowEnd\":\"2025-01-01T10:01:00Z\","
                + "\"count\":2,\"sum\":30.75,\"min\":10.5,\"max\":20.25}",
            "{\"key\":\"AMZN\",\"windowStart\":\"2025-01-01T10:01:00Z\",\"windowEnd\":\"2025-01-01T10:02:00Z\","
                + "\"count\":2,\"sum\":8.0,\"min\":1.0,\"max\":7.0}",
            "{\"key\":\"MSFT\",\"windowStart\":\"2025-01-01T10:00:00Z\",\"windowEnd\":\"2025-01-01T10:01:00Z\","
                + "\"count\":1,\"sum\":2.0,\"min\":2.0,\"max\":2.0}")),
        Map.entry("dt=2025-01-01/hour=11", List.of(
            "{\"key\":\"MSFT\",\"windowStart\":\"2025-01-01T11:02:00Z\",\"windowEnd\":\"2025-01-01T11:03:00Z\","
                + "\"count\":1,\"sum\":4.5,\"min\":4.5,\"max\":4.5}")));

    assertThat(SENT).allSatisfy(batch -> assertThat(batch).hasSizeBetween(1, FailureQueueSink.MAX_BATCH_MESSAGES));
    List<String> messages = SENT.stream().flatMap(List::stream).collect(Collectors.toList());
    List<List<String>> failures = new ArrayList<>();
    for (String message : messages) {
      JsonNode node = Json.MAPPER.readTree(message);
      assertThat(node.size()).isEqualTo(3);
      failures.add(List.of(node.get("reason").asText(), node.get("error").asText(), node.get("payload").asText()));
    }
    assertThat(failures).containsExactlyInAnyOrder(
        List.of("INVALID_RECORD", "invalid JSON: Unrecognized token 'not': was expecting (JSON String, Number,"
            + " Array, Object or token 'null', 'true' or 'false')", INPUT.get(2)),
        List.of("LATE_RECORD", "late record: event time 2025-01-01T09:59:58Z is behind the watermark; its window"
            + " [2025-01-01T09:59:00Z, 2025-01-01T10:00:00Z) is closed", INPUT.get(4)),
        List.of("LATE_RECORD", "late record: event time 2025-01-01T10:00:59Z is behind the watermark; its window"
            + " [2025-01-01T10:00:00Z, 2025-01-01T10:01:00Z) is closed", INPUT.get(6)),
        List.of("INVALID_RECORD", "missing field 'price'", INPUT.get(8)),
        List.of("INVALID_RECORD", "field 'price' must be a finite number (got a string \"abc\")", INPUT.get(9)),
        List.of("INVALID_RECORD", "missing field 'ticker'", INPUT.get(10)),
        List.of("INVALID_RECORD", "field 'event_time' must be an ISO-8601 date-time or epoch milliseconds"
            + " (got a string \"yesterday\")", INPUT.get(11)),
        List.of("INVALID_RECORD", "not a JSON object (got an array)", INPUT.get(13)),
        List.of("INVALID_RECORD", "empty record", ""),
        List.of("LATE_RECORD", "late record: event time 2025-01-01T09:01:59Z is behind the watermark; its window"
            + " [2025-01-01T09:01:00Z, 2025-01-01T09:02:00Z) is closed", INPUT.get(15)));
    // Every record is accounted for: 6 aggregated (in 4 windows), 10 sent to the failure queue.
    assertThat(messages).hasSize(INPUT.size() - 6);
  }

  @Test
  void usesTheAggregationGroupForFieldsAndWindowSize() throws Exception {
    Properties aggregation = new Properties();
    aggregation.setProperty("KeyField", "/device/id");
    aggregation.setProperty("ValueField", "t");
    aggregation.setProperty("TimestampField", "at");
    aggregation.setProperty("WindowSizeSeconds", "10");
    aggregation.setProperty("MaxOutOfOrdernessSeconds", "0");
    AppConfig config = AppConfig.fromPropertyGroups(
        Map.of(AppConfig.PATTERN_GROUP, AppConfigTest.patternGroup(), AppConfig.AGGREGATION_GROUP, aggregation));
    Path output = run(List.of(
        "{\"device\":{\"id\":\"d1\"},\"t\":1.5,\"at\":\"2025-06-30T23:59:51Z\"}", // wm 23:59:50.999
        "{\"device\":{\"id\":\"d1\"},\"t\":2.5,\"at\":\"2025-06-30T23:59:59.999Z\"}", // wm 23:59:59.998
        // wm would be 00:00:00.499, less than one step (1 s) ahead of the last one: not emitted yet,
        "{\"device\":{\"id\":\"d1\"},\"t\":-1,\"at\":\"2025-07-01T00:00:00.500Z\"}",
        // so this one is still in time for [23:59:50, 00:00:00).
        "{\"device\":{\"id\":\"d1\"},\"t\":9,\"at\":\"2025-06-30T23:59:55Z\"}",
        "{\"device\":{\"id\":\"d1\"},\"t\":0.5,\"at\":\"2025-07-01T00:00:01Z\"}", // wm 00:00:00.999: fires
        "{\"device\":{\"id\":\"d1\"},\"t\":100,\"at\":\"2025-06-30T23:59:58Z\"}"), config); // late

    assertThat(readResults(output)).containsExactly(
        Map.entry("dt=2025-06-30/hour=23", List.of(
            "{\"key\":\"d1\",\"windowStart\":\"2025-06-30T23:59:50Z\",\"windowEnd\":\"2025-07-01T00:00:00Z\","
                + "\"count\":3,\"sum\":13.0,\"min\":1.5,\"max\":9.0}")),
        Map.entry("dt=2025-07-01/hour=00", List.of(
            "{\"key\":\"d1\",\"windowStart\":\"2025-07-01T00:00:00Z\",\"windowEnd\":\"2025-07-01T00:00:10Z\","
                + "\"count\":2,\"sum\":-0.5,\"min\":-1.0,\"max\":0.5}")));
    assertThat(SENT.stream().flatMap(List::stream)).containsExactly(
        "{\"reason\":\"LATE_RECORD\",\"error\":\"late record: event time 2025-06-30T23:59:58Z is behind the watermark;"
            + " its window [2025-06-30T23:59:50Z, 2025-07-01T00:00:00Z) is closed\",\"payload\":"
            + "\"{\\\"device\\\":{\\\"id\\\":\\\"d1\\\"},\\\"t\\\":100,\\\"at\\\":\\\"2025-06-30T23:59:58Z\\\"}\"}");
  }

  /** The entry point as a local run: properties file, file input, local output (no failures, so no SQS call). */
  @Test
  void mainRunsLocallyOnAFileWithAPropertiesFile() throws Exception {
    Path properties = dir.resolve("application_properties.json");
    Files.writeString(properties, "[{\"PropertyGroupId\":\"StreamingDataPatterns\",\"PropertyMap\":{"
        + "\"InputStreamName\":\"in\",\"InputStreamArn\":\"arn:aws:kinesis:eu-west-1:123456789012:stream/in\","
        + "\"Region\":\"eu-west-1\",\"OutputBucketName\":\"bucket\",\"OutputPrefix\":\"output/\","
        + "\"FailureQueueUrl\":\"https://sqs.eu-west-1.amazonaws.com/123456789012/failures\"}},"
        + "{\"PropertyGroupId\":\"Aggregation\",\"PropertyMap\":{\"WindowSizeSeconds\":\"3600\"}}]");
    Path input = dir.resolve("input.jsonl");
    Files.write(input, List.of(
        "{\"ticker\":\"AMZN\",\"price\":1,\"event_time\":\"2025-01-01T10:00:01Z\"}",
        "{\"ticker\":\"AMZN\",\"price\":2,\"event_time\":\"2025-01-01T10:59:59Z\"}"));
    Path output = dir.resolve("local-output");
    StreamingAnalyticsJob.main(new String[] {"--properties", properties.toString(), "--input", input.toString(),
        "--output", output.toUri().toString()});
    assertThat(readResults(output)).containsExactly(Map.entry("dt=2025-01-01/hour=10", List.of(
        "{\"key\":\"AMZN\",\"windowStart\":\"2025-01-01T10:00:00Z\",\"windowEnd\":\"2025-01-01T11:00:00Z\","
            + "\"count\":2,\"sum\":3.0,\"min\":1.0,\"max\":2.0}")));
  }

  /** The default build registers the SDK-based Kinesis source, so the job reads the stream (no connector needed). */
  @Test
  void theJobReadsKinesisThroughTheRegisteredSource() throws Exception {
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    DataStream<String> records = StreamingAnalyticsJob.kinesisInput(env, config(), Map.of());
    assertThat(records.getTransformation().getUid()).isEqualTo("kinesis-source");
    assertThat(records.getTransformation().getName()).isEqualTo("Kinesis in");
  }
}
