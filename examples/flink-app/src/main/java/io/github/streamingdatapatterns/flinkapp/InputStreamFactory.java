package io.github.streamingdatapatterns.flinkapp;

import java.util.Map;
import java.util.Properties;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Where records come from, as UTF-8 strings: the only place a source is wired. The Kinesis
 * implementation ({@code kinesis.KinesisInputStreamFactory}, on the AWS SDK v2) is found through
 * {@link java.util.ServiceLoader}: it is registered in {@code META-INF/services}.
 */
public interface InputStreamFactory {
  DataStream<String> create(StreamExecutionEnvironment env, AppConfig config, Map<String, Properties> propertyGroups);
}
