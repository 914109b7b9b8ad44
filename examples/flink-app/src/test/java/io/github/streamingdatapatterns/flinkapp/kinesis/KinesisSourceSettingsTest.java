package io.github.streamingdatapatterns.flinkapp.kinesis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.streamingdatapatterns.flinkapp.kinesis.KinesisSourceSettings.InitialPosition;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class KinesisSourceSettingsTest {
  static Map<String, Properties> group(String... keyValues) {
    Properties p = new Properties();
    for (int i = 0; i < keyValues.length; i += 2) {
      p.setProperty(keyValues[i], keyValues[i + 1]);
    }
    return Map.of(KinesisSourceSettings.GROUP, p);
  }

  @Test
  void defaultsWithoutTheGroup() {
    KinesisSourceSettings s = KinesisSourceSettings.fromPropertyGroups(Map.of());
    assertThat(s.initialPosition).isEqualTo(InitialPosition.LATEST);
    assertThat(s.shardDiscoveryIntervalMillis).isEqualTo(10_000);
    assertThat(s.getRecordsMaxRecords).isEqualTo(10_000);
    assertThat(s.idleFetchIntervalMillis).isEqualTo(1_000);
    assertThat(s.endpointUrl).isNull();
  }

  @Test
  void readsEveryKey() {
    KinesisSourceSettings s = KinesisSourceSettings.fromPropertyGroups(group("InitialPosition", " TRIM_HORIZON ",
        "ShardDiscoveryIntervalMillis", "1000", "GetRecordsMaxRecords", "1", "IdleFetchIntervalMillis", "200",
        "EndpointUrl", "http://127.0.0.1:4567"));
    assertThat(s.initialPosition).isEqualTo(InitialPosition.TRIM_HORIZON);
    assertThat(s.shardDiscoveryIntervalMillis).isEqualTo(1_000);
    assertThat(s.getRecordsMaxRecords).isEqualTo(1);
    assertThat(s.idleFetchIntervalMillis).isEqualTo(200);
    assertThat(s.endpointUrl).isEqualTo("http://127.0.0.1:4567");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
      "InitialPosition|latest|KinesisSource.InitialPosition must be LATEST or TRIM_HORIZON (got 'latest').",
      "InitialPosition|AT_TIMESTAMP|KinesisSource.InitialPosition must be LATEST or TRIM_HORIZON (got 'AT_TIMESTAMP').",
      "ShardDiscoveryIntervalMillis|999|KinesisSource.ShardDiscoveryIntervalMillis must be a whole number of"
          + " milliseconds from 1000 to 3600000 (got '999').",
      "ShardDiscoveryIntervalMillis|10s|KinesisSource.ShardDiscoveryIntervalMillis must be a whole number of"
          + " milliseconds from 1000 to 3600000 (got '10s').",
      "GetRecordsMaxRecords|0|KinesisSource.GetRecordsMaxRecords must be a whole number from 1 to 10000 (got '0').",
      "GetRecordsMaxRecords|10001|KinesisSource.GetRecordsMaxRecords must be a whole number from 1 to 10000"
          + " (got '10001').",
      "IdleFetchIntervalMillis|199|KinesisSource.IdleFetchIntervalMillis must be a whole number of milliseconds"
          + " from 200 to 60000 (got '199').",
      "IdleFetchIntervalMillis|60001|KinesisSource.IdleFetchIntervalMillis must be a whole number of milliseconds"
          + " from 200 to 60000 (got '60001').",
      "EndpointUrl|127.0.0.1:4567|KinesisSource.EndpointUrl must be an http:// or https:// URL such as"
          + " http://127.0.0.1:4567, for a local emulator only (got '127.0.0.1:4567').",
      "EndpointUrl|ftp://host/|KinesisSource.EndpointUrl must be an http:// or https:// URL such as"
          + " http://127.0.0.1:4567, for a local emulator only (got 'ftp://host/').",
  })
  void namesTheKeyAndTheAllowedValues(String key, String value, String message) {
    assertThatThrownBy(() -> KinesisSourceSettings.fromPropertyGroups(group(key, value)))
        .isInstanceOf(IllegalArgumentException.class).hasMessage(message);
  }

  @Test
  void parsesTheStreamArn() {
    StreamArn arn = StreamArn.parse("arn:aws:kinesis:eu-west-1:123456789012:stream/my.stream-1");
    assertThat(arn.arn).isEqualTo("arn:aws:kinesis:eu-west-1:123456789012:stream/my.stream-1");
    assertThat(arn.name).isEqualTo("my.stream-1");
    assertThat(StreamArn.parse("arn:aws-cn:kinesis:cn-north-1:123456789012:stream/s").name).isEqualTo("s");
    assertThatThrownBy(() -> StreamArn.parse("arn:aws:sqs:eu-west-1:123456789012:queue"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("StreamingDataPatterns.InputStreamArn must be a Kinesis stream ARN such as"
            + " arn:aws:kinesis:eu-west-1:123456789012:stream/name (got 'arn:aws:sqs:eu-west-1:123456789012:queue').");
  }
}
