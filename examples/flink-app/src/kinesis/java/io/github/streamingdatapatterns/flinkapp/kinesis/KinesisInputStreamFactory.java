package io.github.streamingdatapatterns.flinkapp.kinesis;

import io.github.streamingdatapatterns.flinkapp.AppConfig;
import io.github.streamingdatapatterns.flinkapp.InputStreamFactory;
import java.util.Map;
import java.util.Properties;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.serialization.SimpleStringSchema;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.kinesis.source.KinesisStreamsSource;
import org.apache.flink.connector.kinesis.source.config.KinesisSourceConfigOptions;
import org.apache.flink.connector.kinesis.source.config.KinesisSourceConfigOptions.InitialPosition;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The Kinesis layer: Flink's Kinesis Streams source (FLIP-27, polling with GetRecords, the calls
 * the pattern's application role allows) on {@code StreamingDataPatterns.InputStreamArn}, records
 * decoded as UTF-8. Built only with {@code mvn -Pkinesis package}.
 *
 * <p>Optional runtime property group {@code KinesisSource}: {@code InitialPosition} is
 * {@code LATEST} (default) or {@code TRIM_HORIZON}; it applies only when the application starts
 * without a snapshot (the source otherwise resumes from its checkpointed positions).
 */
public final class KinesisInputStreamFactory implements InputStreamFactory {
  public static final String GROUP = "KinesisSource";

  @Override
  public DataStream<String> create(StreamExecutionEnvironment env, AppConfig config,
      Map<String, Properties> propertyGroups) {
    Properties group = propertyGroups.getOrDefault(GROUP, new Properties());
    String position = group.getProperty("InitialPosition", "LATEST").trim();
    if (!position.equals("LATEST") && !position.equals("TRIM_HORIZON")) {
      throw new IllegalArgumentException(GROUP + ".InitialPosition must be LATEST or TRIM_HORIZON (got '"
          + position + "').");
    }
    Configuration sourceConfig = new Configuration();
    sourceConfig.set(KinesisSourceConfigOptions.STREAM_INITIAL_POSITION, InitialPosition.valueOf(position));
    sourceConfig.setString("aws.region", config.region);

    KinesisStreamsSource<String> source = KinesisStreamsSource.<String>builder()
        .setStreamArn(config.inputStreamArn)
        .setSourceConfig(sourceConfig)
        .setDeserializationSchema(new SimpleStringSchema())
        .build();
    // Watermarks are assigned after parsing (AnalyticsPipeline), where the event time is known.
    return env.fromSource(source, WatermarkStrategy.noWatermarks(), "Kinesis " + config.inputStreamName)
        .uid("kinesis-source");
  }
}
