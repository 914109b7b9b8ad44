package io.github.streamingdatapatterns.flinkapp.kinesis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.kinesis.model.GetRecordsRequest;
import software.amazon.awssdk.services.kinesis.model.GetRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.GetShardIteratorRequest;
import software.amazon.awssdk.services.kinesis.model.KinesisException;
import software.amazon.awssdk.services.kinesis.model.LimitExceededException;
import software.amazon.awssdk.services.kinesis.model.ListShardsRequest;
import software.amazon.awssdk.services.kinesis.model.ListShardsResponse;
import software.amazon.awssdk.services.kinesis.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;

class KinesisShardClientTest {
  static final StreamArn STREAM = StreamArn.parse("arn:aws:kinesis:eu-west-1:123456789012:stream/in");

  final FakeKinesis fake = new FakeKinesis();
  final List<Long> sleeps = new ArrayList<>();
  final KinesisShardClient client = new KinesisShardClient(fake, STREAM, sleeps::add);

  static ListShardsResponse page(String nextToken, String... shardIds) {
    List<Shard> shards = new ArrayList<>();
    for (String id : shardIds) {
      shards.add(Shard.builder().shardId(id).build());
    }
    return ListShardsResponse.builder().shards(shards).nextToken(nextToken).build();
  }

  @Test
  void listsEveryPageAndNamesTheStreamOnTheFirstOnly() throws Exception {
    fake.listShards.add(page("t1", "shardId-0", "shardId-1"));
    fake.listShards.add(page("t2", "shardId-2"));
    fake.listShards.add(page(null, "shardId-3"));
    assertThat(client.listShards()).extracting(Shard::shardId)
        .containsExactly("shardId-0", "shardId-1", "shardId-2", "shardId-3");
    List<ListShardsRequest> requests = fake.requests(ListShardsRequest.class);
    assertThat(requests).extracting(ListShardsRequest::streamARN).containsExactly(STREAM.arn, null, null);
    assertThat(requests).extracting(ListShardsRequest::streamName).containsExactly("in", null, null);
    assertThat(requests).extracting(ListShardsRequest::nextToken).containsExactly(null, "t1", "t2");
  }

  @Test
  void asksForIteratorsByStreamArnAndName() throws Exception {
    fake.shardIterators.add(FakeKinesis.iterator("a"));
    fake.shardIterators.add(FakeKinesis.iterator("b"));
    fake.shardIterators.add(FakeKinesis.iterator("c"));
    assertThat(client.shardIterator("shardId-1", IteratorStart.afterSequenceNumber("42"))).isEqualTo("a");
    assertThat(client.shardIterator("shardId-1", IteratorStart.atTimestamp(1_735_725_600_000L))).isEqualTo("b");
    assertThat(client.shardIterator("shardId-1", IteratorStart.TRIM_HORIZON)).isEqualTo("c");
    List<GetShardIteratorRequest> requests = fake.requests(GetShardIteratorRequest.class);
    assertThat(requests).extracting(GetShardIteratorRequest::streamARN).containsOnly(STREAM.arn);
    assertThat(requests).extracting(GetShardIteratorRequest::streamName).containsOnly("in");
    assertThat(requests).extracting(GetShardIteratorRequest::shardId).containsOnly("shardId-1");
    assertThat(requests).extracting(GetShardIteratorRequest::shardIteratorType).containsExactly(
        ShardIteratorType.AFTER_SEQUENCE_NUMBER, ShardIteratorType.AT_TIMESTAMP, ShardIteratorType.TRIM_HORIZON);
    assertThat(requests).extracting(GetShardIteratorRequest::startingSequenceNumber).containsExactly("42", null, null);
    assertThat(requests).extracting(GetShardIteratorRequest::timestamp)
        .containsExactly(null, Instant.parse("2025-01-01T10:00:00Z"), null);
  }

  @Test
  void retriesThrottlingWithExponentialBackoff() throws Exception {
    fake.records.add(ProvisionedThroughputExceededException.builder().message("slow down").build());
    fake.records.add(ProvisionedThroughputExceededException.builder().message("slow down").build());
    fake.records.add(LimitExceededException.builder().message("limit").build());
    GetRecordsResponse ok = GetRecordsResponse.builder().nextShardIterator("next").millisBehindLatest(0L).build();
    fake.records.add(ok);
    assertThat(client.getRecords("it", 50)).isSameAs(ok);
    assertThat(sleeps).containsExactly(200L, 400L, 800L);
    List<GetRecordsRequest> requests = fake.requests(GetRecordsRequest.class);
    assertThat(requests).hasSize(4);
    assertThat(requests).extracting(GetRecordsRequest::shardIterator).containsOnly("it");
    assertThat(requests).extracting(GetRecordsRequest::limit).containsOnly(50);
    assertThat(requests).extracting(GetRecordsRequest::streamARN).containsOnly(STREAM.arn);
  }

  @Test
  void retriesAThrottledListShards() throws Exception {
    fake.listShards.add(LimitExceededException.builder().message("limit").build());
    fake.listShards.add(page(null, "shardId-0"));
    assertThat(client.listShards()).extracting(Shard::shardId).containsExactly("shardId-0");
    assertThat(sleeps).containsExactly(200L);
  }

  @Test
  void backsOffAtMostFiveSeconds() {
    List<Long> backoffs = new ArrayList<>();
    for (int attempt = 1; attempt <= 8; attempt++) {
      backoffs.add(KinesisShardClient.backoffMillis(attempt));
    }
    assertThat(backoffs).containsExactly(200L, 400L, 800L, 1_600L, 3_200L, 5_000L, 5_000L, 5_000L);
    assertThat(KinesisShardClient.backoffMillis(1_000)).isEqualTo(5_000L);
  }

  @Test
  void throwsAnyOtherErrorAtOnce() {
    fake.shardIterators.add(FakeKinesis.error("AccessDeniedException", 400));
    assertThatThrownBy(() -> client.shardIterator("shardId-1", IteratorStart.LATEST))
        .isInstanceOf(KinesisException.class).hasMessageStartingWith("AccessDeniedException from the fake");
    assertThat(fake.requests).hasSize(1);
    assertThat(sleeps).isEmpty();
  }
}
