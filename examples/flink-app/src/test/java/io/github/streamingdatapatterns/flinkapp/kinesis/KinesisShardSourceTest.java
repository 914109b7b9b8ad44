package io.github.streamingdatapatterns.flinkapp.kinesis;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.streamingdatapatterns.flinkapp.kinesis.KinesisSourceSettings.InitialPosition;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.model.ExpiredIteratorException;
import software.amazon.awssdk.services.kinesis.model.GetRecordsRequest;
import software.amazon.awssdk.services.kinesis.model.GetRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.GetShardIteratorRequest;
import software.amazon.awssdk.services.kinesis.model.KinesisException;
import software.amazon.awssdk.services.kinesis.model.ListShardsResponse;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;

/** The source's loop with a scripted Kinesis: expired iterators, the end of a shard, and failures. */
class KinesisShardSourceTest {
  static final StreamArn STREAM = KinesisShardClientTest.STREAM;
  static final String SHARD = "shardId-000000000000";
  static final Duration WAIT = Duration.ofSeconds(10);

  final FakeKinesis fake = new FakeKinesis();

  KinesisShardSource source(InitialPosition position) {
    return new KinesisShardSource(STREAM, new KinesisSourceSettings(position, 60_000, 100, 200, null), () -> fake);
  }

  static Record record(String sequenceNumber, byte[] data) {
    return Record.builder().sequenceNumber(sequenceNumber).partitionKey("k").data(SdkBytes.fromByteArray(data)).build();
  }

  static Record record(String sequenceNumber, String data) {
    return record(sequenceNumber, data.getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  static GetRecordsResponse records(String next, Record... records) {
    return GetRecordsResponse.builder().records(records).nextShardIterator(next).millisBehindLatest(0L).build();
  }

  void oneOpenShard() {
    fake.listShards.add(ListShardsResponse.builder().shards(Shard.builder().shardId(SHARD)
        .sequenceNumberRange(r -> r.startingSequenceNumber("1")).build()).build());
  }

  @Test
  void renewsAnExpiredIteratorAfterTheLastEmittedRecordAndFinishesAtTheShardsEnd() throws Exception {
    oneOpenShard();
    fake.shardIterators.add(FakeKinesis.iterator("it-1"));
    fake.records.add(records("it-2", record("11", "a"), record("12", "b")));
    fake.records.add(ExpiredIteratorException.builder().message("expired").build());
    fake.shardIterators.add(FakeKinesis.iterator("it-3"));
    fake.records.add(records("it-4", record("13", new byte[] {'c', (byte) 0xff})));
    fake.records.add(records(null));
    try (SourceRun run = new SourceRun(source(InitialPosition.TRIM_HORIZON), null, 0, 1)) {
      assertThat(run.awaitEmitted(3, WAIT)).containsExactly("a", "b", "c\uFFFD");
      long deadline = System.nanoTime() + WAIT.toNanos();
      while (!run.snapshot().progress().get(0).finished && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      assertThat(run.snapshot().progress()).containsExactly(new ShardProgress(SHARD, "13", true, null));
    }
    List<GetShardIteratorRequest> iterators = fake.requests(GetShardIteratorRequest.class);
    assertThat(iterators).extracting(GetShardIteratorRequest::shardIteratorType)
        .containsExactly(ShardIteratorType.TRIM_HORIZON, ShardIteratorType.AFTER_SEQUENCE_NUMBER);
    assertThat(iterators.get(1).startingSequenceNumber()).isEqualTo("12");
    assertThat(fake.requests(GetRecordsRequest.class)).extracting(GetRecordsRequest::shardIterator)
        .containsExactly("it-1", "it-2", "it-3", "it-4");
  }

  @Test
  void anErrorFromKinesisFailsTheSource() throws Exception {
    oneOpenShard();
    fake.shardIterators.add(FakeKinesis.iterator("it-1"));
    fake.records.add(records("it-2", record("11", "a")));
    fake.records.add(FakeKinesis.error("AccessDeniedException", 400));
    try (SourceRun run = new SourceRun(source(InitialPosition.LATEST), null, 0, 1)) {
      Throwable failure = run.awaitFailure(WAIT);
      assertThat(failure).isInstanceOf(RuntimeException.class)
          .hasMessage("Reading shard " + SHARD + " of " + STREAM.arn + " failed")
          .hasCauseInstanceOf(KinesisException.class);
      assertThat(failure.getCause()).hasMessageStartingWith("AccessDeniedException from the fake");
      assertThat(run.emitted()).containsExactly("a");
      assertThat(run.snapshot().progress()).extracting(p -> p.sequenceNumber).containsExactly("11");
    }
    assertThat(fake.requests(GetShardIteratorRequest.class)).extracting(GetShardIteratorRequest::shardIteratorType)
        .containsExactly(ShardIteratorType.LATEST);
  }

  @Test
  void aFailedShardListingFailsTheSource() throws Exception {
    fake.listShards.add(FakeKinesis.error("ResourceNotFoundException", 400));
    try (SourceRun run = new SourceRun(source(InitialPosition.LATEST), null, 0, 1)) {
      assertThat(run.awaitFailure(WAIT)).isInstanceOf(KinesisException.class)
          .hasMessageStartingWith("ResourceNotFoundException from the fake");
    }
  }
  static GetRecordsResponse recordsBehind(String next, long millisBehindLatest, Record... records) {
    return GetRecordsResponse.builder().records(records).nextShardIterator(next).millisBehindLatest(millisBehindLatest).build();
  }

  @Test
  void theLagGaugeHoldsTheLastMillisBehindLatestOfAnOpenShard() throws Exception {
    oneOpenShard();
    fake.shardIterators.add(FakeKinesis.iterator("it-1"));
    fake.records.add(recordsBehind("it-2", 7_000, record("11", "a")));
    fake.records.add(FakeKinesis.error("AccessDeniedException", 400));
    KinesisShardSource source = source(InitialPosition.TRIM_HORIZON);
    try (SourceRun run = new SourceRun(source, null, 0, 1)) {
      run.awaitFailure(WAIT);
    }
    assertThat(source.millisBehindLatest()).isEqualTo(7_000L);
  }

  @Test
  void aShardReadToItsEndNoLongerLags() throws Exception {
    oneOpenShard();
    fake.shardIterators.add(FakeKinesis.iterator("it-1"));
    fake.records.add(recordsBehind("it-2", 7_000, record("11", "a")));
    fake.records.add(records(null));
    KinesisShardSource source = source(InitialPosition.TRIM_HORIZON);
    try (SourceRun run = new SourceRun(source, null, 0, 1)) {
      run.awaitEmitted(1, WAIT);
      long deadline = System.nanoTime() + WAIT.toNanos();
      while (!run.snapshot().progress().get(0).finished && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      assertThat(run.snapshot().progress().get(0).finished).isTrue();
      while (source.millisBehindLatest() != 0 && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
    }
    assertThat(source.millisBehindLatest()).isZero();
  }
}
