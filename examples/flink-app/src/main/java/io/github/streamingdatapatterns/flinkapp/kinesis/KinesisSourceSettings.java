package io.github.streamingdatapatterns.flinkapp.kinesis;

import io.github.streamingdatapatterns.flinkapp.PropertyValues;
import java.io.Serializable;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Map;
import java.util.Properties;

/**
 * The optional runtime property group {@value #GROUP}: where a first start reads from and how the
 * source polls. Every value is checked here, so a wrong one stops the application at start with
 * the group, the key and the allowed values named.
 */
public final class KinesisSourceSettings implements Serializable {
  private static final long serialVersionUID = 1L;

  public static final String GROUP = "KinesisSource";

  /** Where a shard known at the first start (no snapshot) is read from. */
  public enum InitialPosition { LATEST, TRIM_HORIZON }

  public static final long DEFAULT_SHARD_DISCOVERY_INTERVAL_MILLIS = 10_000;
  public static final int DEFAULT_GET_RECORDS_MAX_RECORDS = 10_000;
  public static final long DEFAULT_IDLE_FETCH_INTERVAL_MILLIS = 1_000;
  /** Kinesis serves at most 5 GetRecords calls per second per shard. */
  public static final long MIN_FETCH_INTERVAL_MILLIS = 200;

  public final InitialPosition initialPosition;
  public final long shardDiscoveryIntervalMillis;
  public final int getRecordsMaxRecords;
  public final long idleFetchIntervalMillis;
  /** For tests and local emulators only; null on Managed Flink (the SDK's regional endpoint). */
  public final String endpointUrl;

  public KinesisSourceSettings(InitialPosition initialPosition, long shardDiscoveryIntervalMillis,
      int getRecordsMaxRecords, long idleFetchIntervalMillis, String endpointUrl) {
    this.initialPosition = initialPosition;
    this.shardDiscoveryIntervalMillis = shardDiscoveryIntervalMillis;
    this.getRecordsMaxRecords = getRecordsMaxRecords;
    this.idleFetchIntervalMillis = idleFetchIntervalMillis;
    this.endpointUrl = endpointUrl;
  }

  /** @throws IllegalArgumentException naming the group, the key and the allowed values */
  public static KinesisSourceSettings fromPropertyGroups(Map<String, Properties> groups) {
    Properties group = groups.getOrDefault(GROUP, new Properties());
    String position = group.getProperty("InitialPosition", "LATEST").trim();
    if (!position.equals("LATEST") && !position.equals("TRIM_HORIZON")) {
      throw new IllegalArgumentException(GROUP + ".InitialPosition must be LATEST or TRIM_HORIZON (got '"
          + position + "').");
    }
    return new KinesisSourceSettings(InitialPosition.valueOf(position),
        number(group, "ShardDiscoveryIntervalMillis", DEFAULT_SHARD_DISCOVERY_INTERVAL_MILLIS, 1_000, 3_600_000,
            "of milliseconds "),
        (int) number(group, "GetRecordsMaxRecords", DEFAULT_GET_RECORDS_MAX_RECORDS, 1, 10_000, ""),
        number(group, "IdleFetchIntervalMillis", DEFAULT_IDLE_FETCH_INTERVAL_MILLIS, MIN_FETCH_INTERVAL_MILLIS, 60_000,
            "of milliseconds "),
        endpointUrl(group.getProperty("EndpointUrl")));
  }

  private static long number(Properties group, String key, long defaultValue, long min, long max, String unit) {
    return PropertyValues.wholeNumber(group, GROUP, key, defaultValue, min, max, unit);
  }

  private static String endpointUrl(String value) {
    if (value == null) {
      return null;
    }
    String url = value.trim();
    boolean valid;
    try {
      URI uri = new URI(url);
      valid = ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null;
    } catch (URISyntaxException e) {
      valid = false;
    }
    if (!valid) {
      throw new IllegalArgumentException(GROUP + ".EndpointUrl must be an http:// or https:// URL such as"
          + " http://127.0.0.1:4567, for a local emulator only (got '" + value + "').");
    }
    return url;
  }
}
