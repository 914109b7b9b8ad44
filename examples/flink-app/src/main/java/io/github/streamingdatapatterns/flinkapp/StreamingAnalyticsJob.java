package io.github.streamingdatapatterns.flinkapp;

import com.amazonaws.services.kinesisanalytics.runtime.KinesisAnalyticsRuntime;
import java.io.IOException;
import java.util.Iterator;
import java.util.Map;
import java.util.Properties;
import java.util.ServiceLoader;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.connector.file.src.FileSource;
import org.apache.flink.connector.file.src.reader.TextLineInputFormat;
import org.apache.flink.core.fs.Path;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The entry point. In Managed Service for Apache Flink it reads the runtime properties with
 * {@link KinesisAnalyticsRuntime#getApplicationProperties()}, reads the input stream, writes to
 * {@code s3://<OutputBucketName>/<OutputPrefix>} and sends failures to the failure queue.
 *
 * <p>Outside Managed Flink: {@code --properties FILE} reads the same groups from a file in the
 * same format as {@code /etc/flink/application_properties.json}; {@code --input PATH} reads JSON
 * lines from a file or folder instead of Kinesis (bounded: the job ends at the end of the input);
 * {@code --output URI} writes elsewhere than S3 (for example {@code file:///tmp/out}).
 */
public final class StreamingAnalyticsJob {
  private StreamingAnalyticsJob() {}

  public static void main(String[] args) throws Exception {
    String propertiesFile = option(args, "--properties");
    String input = option(args, "--input");
    String output = option(args, "--output");

    Map<String, Properties> groups = propertiesFile == null
        ? KinesisAnalyticsRuntime.getApplicationProperties()
        : KinesisAnalyticsRuntime.getApplicationProperties(propertiesFile);
    AppConfig config = AppConfig.fromPropertyGroups(groups);

    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    if (propertiesFile != null) {
      // Managed Flink sets checkpointing from the application's configuration; a local run needs its own
      // (the file sink publishes its files on checkpoints).
      env.enableCheckpointing(5_000);
    }
    DataStream<String> records = input != null ? fileInput(env, input) : kinesisInput(env, config, groups);
    AnalyticsPipeline.build(records, config,
        ResultSink.create(output != null ? output : config.outputPath()),
        new FailureQueueSink(SqsFailureSender.factory(config.region, config.failureQueueUrl)));
    env.execute("streaming-data-patterns-analytics");
  }

  /** JSON lines from a file or folder, read once. */
  public static DataStream<String> fileInput(StreamExecutionEnvironment env, String path) {
    FileSource<String> source = FileSource.forRecordStreamFormat(new TextLineInputFormat(), new Path(path)).build();
    return env.fromSource(source, WatermarkStrategy.noWatermarks(), "File input").uid("file-source");
  }

  static DataStream<String> kinesisInput(StreamExecutionEnvironment env, AppConfig config,
      Map<String, Properties> groups) throws IOException {
    Iterator<InputStreamFactory> factories = ServiceLoader.load(InputStreamFactory.class).iterator();
    if (!factories.hasNext()) {
      throw new IllegalStateException("No " + InputStreamFactory.class.getName() + " is registered in"
          + " META-INF/services, so this JAR cannot read " + config.inputStreamArn + ". Build it with `mvn package`"
          + " in examples/flink-app (which registers the Kinesis source), or run it on a file with --input.");
    }
    return factories.next().create(env, config, groups);
  }

  private static String option(String[] args, String name) {
    for (int i = 0; i < args.length - 1; i++) {
      if (args[i].equals(name)) {
        return args[i + 1];
      }
    }
    return null;
  }
}
