package io.github.streamingdatapatterns.flinkapp.kinesis;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ReadLagTest {
  @Test
  void isTheLargestLagOfTheOpenShards() {
    ReadLag lag = new ReadLag();
    assertThat(lag.maxMillisBehindLatest()).isZero();
    lag.record("shardId-000000000000", 1_500);
    lag.record("shardId-000000000001", 9_000);
    assertThat(lag.maxMillisBehindLatest()).isEqualTo(9_000L);
    lag.record("shardId-000000000001", 200);
    assertThat(lag.maxMillisBehindLatest()).isEqualTo(1_500L);
    lag.remove("shardId-000000000000");
    assertThat(lag.maxMillisBehindLatest()).isEqualTo(200L);
  }
}
