package io.github.streamingdatapatterns.flinkapp.kinesis;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.streamingdatapatterns.flinkapp.kinesis.KinesisSourceSettings.InitialPosition;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.flink.api.common.ExecutionConfig;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

/**
 * Restores: the source's subtasks run as Flink runs them, against kinesalite; a snapshot taken under
 * the checkpoint lock is restored into subtasks of another parallelism, which must emit exactly what
 * the snapshot had not (a failure after it throws away what was emitted since, as Flink does).
 */
class KinesisSourceRestoreTest extends KinesaliteTestBase {
  static final Duration WAIT = Duration.ofSeconds(20);
  static final String SHARD_0 = "shardId-000000000000";
  static final String SHARD_1 = "shardId-000000000001";
  static KinesisShardSource source(String stream) {
    // Three records per GetRecords, so that a snapshot falls in the middle of a shard.
    KinesisSourceSettings settings = new KinesisSourceSettings(InitialPosition.TRIM_HORIZON, 60_000, 3, 200, null);
    String endpoint = kinesalite.endpoint;
    return new KinesisShardSource(StreamArn.parse(Kinesalite.arn(stream)), settings,
        KinesisClientFactory.forRegion(Kinesalite.REGION, endpoint));
  }

  static List<String> withPrefix(List<String> records, String prefix) {
    return records.stream().filter(r -> r.startsWith(prefix)).collect(Collectors.toList());
  }

  @Test
  void resumesAfterTheLastEmittedRecordWithAnotherParallelism() throws Exception {
    String stream = "restore";
    kinesalite.createStream(stream, 2);
    List<String> shard0 = put(stream, "0", "s0-", 0, 10);
    List<String> shard1 = put(stream, Kinesalite.UPPER_HALF, "s1-", 0, 10);

    // Parallelism 1: a snapshot part way, then a failure.
    SourceRun.Snapshot first;
    try (SourceRun run = new SourceRun(source(stream), null, 0, 1)) {
      run.awaitEmitted(7, WAIT);
      first = run.snapshot();
    }
    assertThat(first.progress()).extracting(p -> p.shardId).containsExactly(SHARD_0, SHARD_1);
    assertThat(first.progress()).noneMatch(p -> p.finished);
    shard0.addAll(put(stream, "0", "s0-", 10, 15));
    shard1.addAll(put(stream, Kinesalite.UPPER_HALF, "s1-", 10, 15));

    // Parallelism 2 from that snapshot: each subtask takes its shard and resumes after the snapshot's records.
    int rest = 30 - first.emitted().size();
    SourceRun.Snapshot second0;
    SourceRun.Snapshot second1;
    try (SourceRun subtask0 = new SourceRun(source(stream), first.progress(), 0, 2);
        SourceRun subtask1 = new SourceRun(source(stream), first.progress(), 1, 2)) {
      long deadline = System.nanoTime() + WAIT.toNanos();
      while (subtask0.emitted().size() + subtask1.emitted().size() < rest && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      Thread.sleep(600); // and nothing more comes
      second0 = subtask0.snapshot();
      second1 = subtask1.snapshot();
    }
    assertThat(second0.emitted()).allMatch(r -> r.startsWith("s0-"));
    assertThat(second1.emitted()).allMatch(r -> r.startsWith("s1-"));
    List<String> all = new ArrayList<>(first.emitted());
    all.addAll(second0.emitted());
    all.addAll(second1.emitted());
    assertThat(all).hasSize(30);
    assertThat(withPrefix(all, "s0-")).isEqualTo(shard0);
    assertThat(withPrefix(all, "s1-")).isEqualTo(shard1);
    assertThat(second0.progress()).extracting(p -> p.shardId).containsExactly(SHARD_0);
    assertThat(second1.progress()).extracting(p -> p.shardId).containsExactly(SHARD_1);

    // Back to parallelism 1 from the union of both subtasks' entries: only the new records.
    List<ShardProgress> union = new ArrayList<>(second0.progress());
    union.addAll(second1.progress());
    put(stream, "0", "s0-", 15, 16);
    put(stream, Kinesalite.UPPER_HALF, "s1-", 15, 16);
    try (SourceRun run = new SourceRun(source(stream), union, 0, 1)) {
      run.awaitEmitted(2, WAIT);
      Thread.sleep(600);
      assertThat(run.emitted()).containsExactlyInAnyOrder("s0-15", "s1-15");
    }
  }

  /** The state is a Flink POJO (its serializer can evolve, never Kryo), null fields included. */
  @Test
  void theStateEntryIsAPojoThatKeepsNulls() throws Exception {
    TypeInformation<ShardProgress> type = TypeInformation.of(ShardProgress.class);
    assertThat(type).isInstanceOf(PojoTypeInfo.class);
    TypeSerializer<ShardProgress> serializer = type.createSerializer(new ExecutionConfig().getSerializerConfig());
    for (ShardProgress entry : List.of(new ShardProgress(SHARD_0, null, false, null),
        new ShardProgress(SHARD_1, "49590338271490256608559692538361571095921575989136588898", true, 1_735_725_600_000L))) {
      DataOutputSerializer out = new DataOutputSerializer(64);
      serializer.serialize(entry, out);
      assertThat(serializer.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()))).isEqualTo(entry);
    }
  }
}
