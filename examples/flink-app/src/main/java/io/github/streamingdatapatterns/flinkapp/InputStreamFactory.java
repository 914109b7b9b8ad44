package io.github.streamingdatapatterns.flinkapp;

import java.util.Map;
import java.util.Properties;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Where records come from, as UTF-8 strings: the only place a connector is wired. The Kinesis
 * implementation lives in {@code src/kinesis/} and is found through {@link java.util.ServiceLoader}
 * when the JAR is built with {@code -Pkinesis}.
 */
public interface InputStreamFactory {
  DataStream<String> create(StreamExecutionEnvironment env, AppConfig config, Map<String, Properties> propertyGroups);
}
