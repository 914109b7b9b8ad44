package io.github.streamingdatapatterns.flinkapp.kinesis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import io.github.streamingdatapatterns.flinkapp.AppConfig;
import io.github.streamingdatapatterns.flinkapp.InputStreamFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.ServiceLoader;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.runtime.jobgraph.SavepointRestoreSettings;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.SinkFunction;
import org.apache.flink.streaming.api.graph.StreamGraph;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The Kinesis source as the job wires it (found through ServiceLoader, configured by the runtime
 * property groups) on Flink's MiniCluster, reading kinesalite, with checkpoints every 200 ms.
 */
@SuppressWarnings("deprecation")
class KinesisSourceMiniClusterTest extends KinesaliteTestBase {
  @RegisterExtension
  static final MiniClusterExtension MINI_CLUSTER = new MiniClusterExtension(
      new MiniClusterResourceConfiguration.Builder().setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

  static final Duration WAIT = Duration.ofSeconds(30);
  /** "subtask:record", as the source subtasks emitted them (the job runs in this JVM). */
  static final ConcurrentLinkedQueue<String> OUT = new ConcurrentLinkedQueue<>();
  @BeforeEach
  void clear() {
    OUT.clear();
  }

  /** Tags each record with the index of the source subtask that emitted it (chained, so the same subtask). */
  static final class TagWithSubtask extends RichMapFunction<String, String> {
    private static final long serialVersionUID = 1L;

    @Override
    public String map(String value) {
      return getRuntimeContext().getTaskInfo().getIndexOfThisSubtask() + ":" + value;
    }
  }

  static final class CollectSink implements SinkFunction<String> {
    private static final long serialVersionUID = 1L;

    @Override
    public void invoke(String value, Context context) {
      OUT.add(value);
    }
  }

  static Map<String, Properties> groups(String stream, String initialPosition, String... sourceKeyValues) {
    Properties pattern = new Properties();
    pattern.setProperty("InputStreamName", stream);
    pattern.setProperty("InputStreamArn", Kinesalite.arn(stream));
    pattern.setProperty("Region", Kinesalite.REGION);
    pattern.setProperty("OutputBucketName", "bucket");
    pattern.setProperty("OutputPrefix", "output/");
    pattern.setProperty("FailureQueueUrl", "https://sqs.us-east-1.amazonaws.com/000000000000/failures");
    Properties source = new Properties();
    source.setProperty("InitialPosition", initialPosition);
    source.setProperty("EndpointUrl", kinesalite.endpoint);
    source.setProperty("IdleFetchIntervalMillis", "200");
    source.setProperty("ShardDiscoveryIntervalMillis", "1000");
    for (int i = 0; i < sourceKeyValues.length; i += 2) {
      source.setProperty(sourceKeyValues[i], sourceKeyValues[i + 1]);
    }
    Map<String, Properties> groups = new HashMap<>();
    groups.put(AppConfig.PATTERN_GROUP, pattern);
    groups.put(KinesisSourceSettings.GROUP, source);
    return groups;
  }

  static JobClient start(Map<String, Properties> groups, int parallelism) throws Exception {
    return start(groups, parallelism, null);
  }

  /** Starts the job, from a savepoint if {@code savepoint} is not null. */
  static JobClient start(Map<String, Properties> groups, int parallelism, String savepoint) throws Exception {
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    env.setParallelism(parallelism);
    env.enableCheckpointing(200);
    InputStreamFactory factory = ServiceLoader.load(InputStreamFactory.class).findFirst().orElseThrow();
    factory.create(env, AppConfig.fromPropertyGroups(groups), groups)
        .map(new TagWithSubtask()).uid("tag").addSink(new CollectSink()).uid("collect");
    StreamGraph graph = env.getStreamGraph();
    if (savepoint != null) {
      graph.setSavepointRestoreSettings(SavepointRestoreSettings.forPath(savepoint));
    }
    return env.executeAsync(graph);
  }

  /** Waits for {@code count} records, then a while longer to see that no more come, and cancels the job. */
  static List<String> collect(JobClient job, int count) throws Exception {
    try {
      awaitOut(count);
      Thread.sleep(800);
      return new ArrayList<>(OUT);
    } finally {
      job.cancel().get(10, TimeUnit.SECONDS);
      while (!job.getJobStatus().get(10, TimeUnit.SECONDS).isGloballyTerminalState()) {
        Thread.sleep(20);
      }
    }
  }

  static void awaitOut(int count) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (OUT.size() < count) {
      if (System.nanoTime() > deadline) {
        fail("only " + OUT.size() + " of " + count + " records: " + OUT);
      }
      Thread.sleep(20);
    }
  }

  static List<String> withPrefix(List<String> tagged, String prefix) {
    return records(tagged).stream().filter(r -> r.startsWith(prefix)).collect(Collectors.toList());
  }

  static List<String> records(List<String> tagged) {
    return tagged.stream().map(t -> t.substring(t.indexOf(':') + 1)).collect(Collectors.toList());
  }

  @ParameterizedTest(name = "parallelism {0}")
  @ValueSource(ints = {1, 2})
  void readsEveryRecordOfEveryShardOnceAndInOrder(int parallelism) throws Exception {
    String stream = "two-shards-p" + parallelism;
    kinesalite.createStream(stream, 2);
    List<String> shard0 = put(stream, "0", "s0-", 0, 15);
    List<String> shard1 = put(stream, Kinesalite.UPPER_HALF, "s1-", 0, 15);
    JobClient job = start(groups(stream, "TRIM_HORIZON"), parallelism);
    awaitOut(30);
    shard0.addAll(put(stream, "0", "s0-", 15, 30));
    shard1.addAll(put(stream, Kinesalite.UPPER_HALF, "s1-", 15, 30));
    List<String> out = collect(job, 60);

    assertThat(out).hasSize(60);
    assertThat(withPrefix(out, "s0-")).isEqualTo(shard0);
    assertThat(withPrefix(out, "s1-")).isEqualTo(shard1);
    // Each shard was read by the subtask that owns it.
    int owner0 = ShardAssignment.subtaskOf("shardId-000000000000", parallelism);
    int owner1 = ShardAssignment.subtaskOf("shardId-000000000001", parallelism);
    assertThat(out).filteredOn(t -> t.contains(":s0-")).allMatch(t -> t.startsWith(owner0 + ":"));
    assertThat(out).filteredOn(t -> t.contains(":s1-")).allMatch(t -> t.startsWith(owner1 + ":"));
  }

  @Test
  void latestSkipsTheRecordsPutBeforeTheStart() throws Exception {
    String stream = "latest";
    kinesalite.createStream(stream, 2);
    put(stream, "0", "old0-", 0, 5);
    put(stream, Kinesalite.UPPER_HALF, "old1-", 0, 5);
    JobClient job = start(groups(stream, "LATEST"), 1);
    // LATEST starts when the source has its iterators: keep putting until both shards deliver.
    List<String> shard0 = new ArrayList<>();
    List<String> shard1 = new ArrayList<>();
    long deadline = System.nanoTime() + WAIT.toNanos();
    int i = 0;
    while (!(OUT.stream().anyMatch(t -> t.contains(":new0-")) && OUT.stream().anyMatch(t -> t.contains(":new1-")))) {
      if (System.nanoTime() > deadline) {
        fail("no record put after the start arrived: " + OUT);
      }
      shard0.addAll(put(stream, "0", "new0-", i, i + 1));
      shard1.addAll(put(stream, Kinesalite.UPPER_HALF, "new1-", i, i + 1));
      i++;
      Thread.sleep(100);
    }
    shard0.addAll(put(stream, "0", "new0-", i, i + 3));
    shard1.addAll(put(stream, Kinesalite.UPPER_HALF, "new1-", i, i + 3));
    long lastDeadline = System.nanoTime() + WAIT.toNanos();
    while (!(OUT.contains("0:" + shard0.get(shard0.size() - 1)) && OUT.contains("0:" + shard1.get(shard1.size() - 1)))) {
      if (System.nanoTime() > lastDeadline) {
        fail("the last records did not arrive: " + OUT);
      }
      Thread.sleep(20);
    }
    List<String> out = collect(job, OUT.size());

    assertThat(records(out)).noneMatch(r -> r.startsWith("old"));
    // Per shard: a gap-free run of what was put, up to the last record.
    List<String> got0 = withPrefix(out, "new0-");
    List<String> got1 = withPrefix(out, "new1-");
    assertThat(got0).isEqualTo(shard0.subList(shard0.size() - got0.size(), shard0.size()));
    assertThat(got1).isEqualTo(shard1.subList(shard1.size() - got1.size(), shard1.size()));
    assertThat(out).hasSize(got0.size() + got1.size());
  }

  @Test
  void trimHorizonReadsASplitShardsParentToItsEndBeforeItsChildren() throws Exception {
    String stream = "split-before-start";
    kinesalite.createStream(stream, 1);
    List<String> parent = put(stream, "0", "parent-", 0, 10);
    kinesalite.splitShard(stream, "shardId-000000000000", Kinesalite.UPPER_HALF);
    List<String> lower = put(stream, "0", "lower-", 0, 5);
    List<String> upper = put(stream, Kinesalite.UPPER_HALF, "upper-", 0, 5);
    // Two records per GetRecords: the parent takes five polls, time enough for a child read too early to show.
    JobClient job = start(groups(stream, "TRIM_HORIZON", "GetRecordsMaxRecords", "2"), 1);
    List<String> out = records(collect(job, 20));

    assertParentThenChildren(out, parent, lower, upper);
  }

  @Test
  void readsTheChildrenOfAShardSplitWhileRunningFromTheirStart() throws Exception {
    String stream = "split-while-running";
    kinesalite.createStream(stream, 1);
    JobClient job = start(groups(stream, "TRIM_HORIZON"), 1);
    List<String> parent = put(stream, "0", "parent-", 0, 5);
    awaitOut(5);
    kinesalite.splitShard(stream, "shardId-000000000000", Kinesalite.UPPER_HALF);
    List<String> lower = put(stream, "0", "lower-", 0, 5);
    List<String> upper = put(stream, Kinesalite.UPPER_HALF, "upper-", 0, 5);
    List<String> out = records(collect(job, 15));

    assertParentThenChildren(out, parent, lower, upper);
  }

  /**
   * Stop with a savepoint at parallelism 1, then restore it at parallelism 2: the records emitted
   * before and after add up to every record, once each, in shard order.
   */
  @Test
  void aSavepointRestoresAtAnotherParallelismWithoutLossOrDuplicates(@TempDir Path dir) throws Exception {
    String stream = "savepoint";
    kinesalite.createStream(stream, 2);
    List<String> shard0 = put(stream, "0", "s0-", 0, 10);
    List<String> shard1 = put(stream, Kinesalite.UPPER_HALF, "s1-", 0, 10);
    Map<String, Properties> groups = groups(stream, "TRIM_HORIZON", "GetRecordsMaxRecords", "3");
    JobClient first = start(groups, 1);
    awaitOut(6);
    String savepoint = first.stopWithSavepoint(false, dir.toUri().toString(), SavepointFormatType.CANONICAL)
        .get(30, TimeUnit.SECONDS);
    while (!first.getJobStatus().get(10, TimeUnit.SECONDS).isGloballyTerminalState()) {
      Thread.sleep(20);
    }
    List<String> before = records(new ArrayList<>(OUT));
    OUT.clear();
    shard0.addAll(put(stream, "0", "s0-", 10, 15));
    shard1.addAll(put(stream, Kinesalite.UPPER_HALF, "s1-", 10, 15));

    List<String> after = collect(start(groups, 2, savepoint), 30 - before.size());
    assertThat(after).hasSize(30 - before.size());
    List<String> all = new ArrayList<>(before);
    all.addAll(records(after));
    assertThat(withPrefix(all, "s0-")).isEqualTo(shard0);
    assertThat(withPrefix(all, "s1-")).isEqualTo(shard1);
    assertThat(after).filteredOn(t -> t.contains(":s0-")).allMatch(t -> t.startsWith("0:"));
    assertThat(after).filteredOn(t -> t.contains(":s1-")).allMatch(t -> t.startsWith("1:"));
  }

  /** Every record once: the whole parent shard first, then each child in its own order. */
  static void assertParentThenChildren(List<String> out, List<String> parent, List<String> lower, List<String> upper) {
    assertThat(out).hasSize(parent.size() + lower.size() + upper.size());
    assertThat(out.subList(0, parent.size())).isEqualTo(parent);
    assertThat(withPrefix(out, "lower-")).isEqualTo(lower);
    assertThat(withPrefix(out, "upper-")).isEqualTo(upper);
  }
}
