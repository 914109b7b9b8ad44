package io.github.streamingdatapatterns.flinkapp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.kinesisanalytics.runtime.KinesisAnalyticsRuntime;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AppConfigTest {
  static Properties patternGroup() {
    Properties p = new Properties();
    p.setProperty("InputStreamName", "in");
    p.setProperty("InputStreamArn", "arn:aws:kinesis:eu-west-1:123456789012:stream/in");
    p.setProperty("Region", "eu-west-1");
    p.setProperty("OutputBucketName", "bucket");
    p.setProperty("OutputPrefix", "output/");
    p.setProperty("FailureQueueUrl", "https://sqs.eu-west-1.amazonaws.com/123456789012/failures");
    return p;
  }

  static Map<String, Properties> groups(Properties pattern, Properties aggregation) {
    Map<String, Properties> groups = new HashMap<>();
    groups.put(AppConfig.PATTERN_GROUP, pattern);
    if (aggregation != null) {
      groups.put(AppConfig.AGGREGATION_GROUP, aggregation);
    }
    return groups;
  }

  @Test
  void readsThePatternGroupAndDefaults() {
    AppConfig config = AppConfig.fromPropertyGroups(groups(patternGroup(), null));
    assertThat(config.inputStreamName).isEqualTo("in");
    assertThat(config.inputStreamArn).isEqualTo("arn:aws:kinesis:eu-west-1:123456789012:stream/in");
    assertThat(config.region).isEqualTo("eu-west-1");
    assertThat(config.failureQueueUrl).isEqualTo("https://sqs.eu-west-1.amazonaws.com/123456789012/failures");
    assertThat(config.outputPath()).isEqualTo("s3://bucket/output/");
    assertThat(config.keyField).isEqualTo("ticker");
    assertThat(config.valueField).isEqualTo("price");
    assertThat(config.timestampField).isEqualTo("event_time");
    assertThat(config.windowSize).isEqualTo(Duration.ofSeconds(60));
    assertThat(config.maxOutOfOrderness).isEqualTo(Duration.ofSeconds(5));
    assertThat(config.idleTimeout).isEqualTo(Duration.ofSeconds(60));
  }

  @Test
  void readsTheAggregationGroup() {
    Properties aggregation = new Properties();
    aggregation.setProperty("KeyField", "deviceId");
    aggregation.setProperty("ValueField", "/reading/temperature");
    aggregation.setProperty("TimestampField", "ts");
    aggregation.setProperty("WindowSizeSeconds", "300");
    aggregation.setProperty("MaxOutOfOrdernessSeconds", "0");
    aggregation.setProperty("IdleTimeoutSeconds", " 30 ");
    AppConfig config = AppConfig.fromPropertyGroups(groups(patternGroup(), aggregation));
    assertThat(config.keyField).isEqualTo("deviceId");
    assertThat(config.valueField).isEqualTo("/reading/temperature");
    assertThat(config.timestampField).isEqualTo("ts");
    assertThat(config.windowSize).isEqualTo(Duration.ofMinutes(5));
    assertThat(config.maxOutOfOrderness).isEqualTo(Duration.ZERO);
    assertThat(config.idleTimeout).isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void namesWhatIsMissingOrWrong() {
    assertThatThrownBy(() -> AppConfig.fromPropertyGroups(Map.of()))
        .hasMessage("The runtime property group StreamingDataPatterns is missing (the KinesisFlinkAnalytics pattern"
            + " sets it; found groups []).");
    Properties noBucket = patternGroup();
    noBucket.remove("OutputBucketName");
    assertThatThrownBy(() -> AppConfig.fromPropertyGroups(groups(noBucket, null)))
        .hasMessage("The runtime property group StreamingDataPatterns has no value for OutputBucketName (the"
            + " KinesisFlinkAnalytics pattern sets it).");
    Properties badPrefix = patternGroup();
    badPrefix.setProperty("OutputPrefix", "output");
    assertThatThrownBy(() -> AppConfig.fromPropertyGroups(groups(badPrefix, null)))
        .hasMessage("StreamingDataPatterns.OutputPrefix must be a folder such as 'output/': no leading '/', ending"
            + " with '/' (got 'output').");
    Properties badWindow = new Properties();
    badWindow.setProperty("WindowSizeSeconds", "0");
    assertThatThrownBy(() -> AppConfig.fromPropertyGroups(groups(patternGroup(), badWindow)))
        .hasMessage("Aggregation.WindowSizeSeconds must be a whole number of seconds from 1 to 86400 (got '0').");
    Properties notANumber = new Properties();
    notANumber.setProperty("MaxOutOfOrdernessSeconds", "5s");
    assertThatThrownBy(() -> AppConfig.fromPropertyGroups(groups(patternGroup(), notANumber)))
        .hasMessage("Aggregation.MaxOutOfOrdernessSeconds must be a whole number of seconds from 0 to 3600 (got '5s').");
    Properties emptyField = new Properties();
    emptyField.setProperty("KeyField", " ");
    assertThatThrownBy(() -> AppConfig.fromPropertyGroups(groups(patternGroup(), emptyField)))
        .hasMessage("Aggregation.KeyField must be a field name or a JSON pointer such as /reading/value (got an empty value).");
  }

  /** The same file format as /etc/flink/application_properties.json in Managed Flink, read by its runtime library. */
  @Test
  void readsAPropertiesFileThroughTheManagedFlinkRuntimeLibrary(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("application_properties.json");
    Files.writeString(file, "[{\"PropertyGroupId\":\"StreamingDataPatterns\",\"PropertyMap\":{"
        + "\"InputStreamName\":\"in\",\"InputStreamArn\":\"arn:aws:kinesis:eu-west-1:123456789012:stream/in\","
        + "\"Region\":\"eu-west-1\",\"OutputBucketName\":\"bucket\",\"OutputPrefix\":\"analytics/\","
        + "\"FailureQueueUrl\":\"https://sqs.eu-west-1.amazonaws.com/123456789012/failures\"}},"
        + "{\"PropertyGroupId\":\"Aggregation\",\"PropertyMap\":{\"WindowSizeSeconds\":\"10\"}}]");
    AppConfig config = AppConfig.fromPropertyGroups(KinesisAnalyticsRuntime.getApplicationProperties(file.toString()));
    assertThat(config.outputPath()).isEqualTo("s3://bucket/analytics/");
    assertThat(config.windowSize).isEqualTo(Duration.ofSeconds(10));
  }

  /** The sample file in the README stays valid. */
  @Test
  void theSamplePropertiesFileIsValid() throws IOException {
    AppConfig config = AppConfig.fromPropertyGroups(
        KinesisAnalyticsRuntime.getApplicationProperties("sample/application_properties.json"));
    assertThat(config.outputPath()).isEqualTo("s3://my-bucket/output/");
    assertThat(config.windowSize).isEqualTo(Duration.ofSeconds(60));
  }
}
