package io.github.streamingdatapatterns.flinkapp.kinesis;

import io.github.streamingdatapatterns.flinkapp.AppConfig;
import io.github.streamingdatapatterns.flinkapp.InputStreamFactory;
import java.util.Map;
import java.util.Properties;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The Kinesis input, found through {@link java.util.ServiceLoader}: {@link KinesisShardSource} on
 * {@code StreamingDataPatterns.InputStreamArn} in {@code StreamingDataPatterns.Region}, set by the
 * optional group {@value KinesisSourceSettings#GROUP} ({@link KinesisSourceSettings}).
 */
public final class KinesisInputStreamFactory implements InputStreamFactory {
  @Override
  @SuppressWarnings("deprecation")
  public DataStream<String> create(StreamExecutionEnvironment env, AppConfig config,
      Map<String, Properties> propertyGroups) {
    KinesisSourceSettings settings = KinesisSourceSettings.fromPropertyGroups(propertyGroups);
    StreamArn stream = StreamArn.parse(config.inputStreamArn);
    KinesisShardSource source = new KinesisShardSource(stream, settings,
        KinesisClientFactory.forRegion(config.region, settings.endpointUrl));
    // Watermarks are assigned after parsing (AnalyticsPipeline), where the event time is known.
    return env.addSource(source, "Kinesis " + config.inputStreamName, Types.STRING).uid("kinesis-source");
  }
}
