package io.github.streamingdatapatterns.flinkapp;

import java.io.Serializable;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;

/**
 * What the application needs, read from its runtime property groups: the group the
 * KinesisFlinkAnalytics pattern fills ({@value #PATTERN_GROUP}, its documented contract) and an
 * optional group of aggregation settings ({@value #AGGREGATION_GROUP}) with defaults.
 */
public final class AppConfig implements Serializable {
  private static final long serialVersionUID = 1L;

  /** The group the pattern fills; nothing in it is hard-coded here. */
  public static final String PATTERN_GROUP = "StreamingDataPatterns";
  /** The optional group of aggregation settings. */
  public static final String AGGREGATION_GROUP = "Aggregation";

  public static final String DEFAULT_KEY_FIELD = "ticker";
  public static final String DEFAULT_VALUE_FIELD = "price";
  public static final String DEFAULT_TIMESTAMP_FIELD = "event_time";
  public static final long DEFAULT_WINDOW_SIZE_SECONDS = 60;
  public static final long DEFAULT_MAX_OUT_OF_ORDERNESS_SECONDS = 5;
  public static final long DEFAULT_IDLE_TIMEOUT_SECONDS = 60;

  public final String inputStreamName;
  public final String inputStreamArn;
  public final String region;
  public final String outputBucketName;
  public final String outputPrefix;
  public final String failureQueueUrl;
  public final String keyField;
  public final String valueField;
  public final String timestampField;
  public final Duration windowSize;
  public final Duration maxOutOfOrderness;
  public final Duration idleTimeout;

  private AppConfig(Properties pattern, Properties aggregation) {
    this.inputStreamName = required(pattern, "InputStreamName");
    this.inputStreamArn = required(pattern, "InputStreamArn");
    this.region = required(pattern, "Region");
    this.outputBucketName = required(pattern, "OutputBucketName");
    this.outputPrefix = required(pattern, "OutputPrefix");
    this.failureQueueUrl = required(pattern, "FailureQueueUrl");
    if (outputPrefix.startsWith("/") || !outputPrefix.endsWith("/")) {
      throw new IllegalArgumentException(PATTERN_GROUP + ".OutputPrefix must be a folder such as"
          + " 'output/': no leading '/', ending with '/' (got '" + outputPrefix + "').");
    }
    this.keyField = field(aggregation, "KeyField", DEFAULT_KEY_FIELD);
    this.valueField = field(aggregation, "ValueField", DEFAULT_VALUE_FIELD);
    this.timestampField = field(aggregation, "TimestampField", DEFAULT_TIMESTAMP_FIELD);
    this.windowSize = seconds(aggregation, "WindowSizeSeconds", DEFAULT_WINDOW_SIZE_SECONDS, 1, 86_400);
    this.maxOutOfOrderness = seconds(aggregation, "MaxOutOfOrdernessSeconds",
        DEFAULT_MAX_OUT_OF_ORDERNESS_SECONDS, 0, 3_600);
    this.idleTimeout = seconds(aggregation, "IdleTimeoutSeconds", DEFAULT_IDLE_TIMEOUT_SECONDS, 1, 86_400);
  }

  /**
   * Reads the configuration from runtime property groups, as returned by
   * {@code KinesisAnalyticsRuntime.getApplicationProperties()}.
   *
   * @throws IllegalArgumentException naming the group, the key and the allowed values
   */
  public static AppConfig fromPropertyGroups(Map<String, Properties> groups) {
    Properties pattern = groups.get(PATTERN_GROUP);
    if (pattern == null) {
      throw new IllegalArgumentException("The runtime property group " + PATTERN_GROUP
          + " is missing (the KinesisFlinkAnalytics pattern sets it; found groups " + groups.keySet() + ").");
    }
    return new AppConfig(pattern, groups.getOrDefault(AGGREGATION_GROUP, new Properties()));
  }

  /** Where the results go: {@code s3://<OutputBucketName>/<OutputPrefix>}. */
  public String outputPath() {
    return "s3://" + outputBucketName + "/" + outputPrefix;
  }

  private static String required(Properties group, String key) {
    String value = group.getProperty(key);
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException("The runtime property group " + PATTERN_GROUP + " has no value for "
          + key + " (the KinesisFlinkAnalytics pattern sets it).");
    }
    return value.trim();
  }

  private static String field(Properties group, String key, String defaultValue) {
    String value = group.getProperty(key);
    if (value == null) {
      return defaultValue;
    }
    if (value.isBlank()) {
      throw new IllegalArgumentException(AGGREGATION_GROUP + "." + key
          + " must be a field name or a JSON pointer such as /reading/value (got an empty value).");
    }
    return value.trim();
  }

  private static Duration seconds(Properties group, String key, long defaultValue, long min, long max) {
    return Duration.ofSeconds(
        PropertyValues.wholeNumber(group, AGGREGATION_GROUP, key, defaultValue, min, max, "of seconds "));
  }
}
