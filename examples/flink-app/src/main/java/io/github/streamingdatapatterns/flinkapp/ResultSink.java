package io.github.streamingdatapatterns.flinkapp;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.apache.flink.api.common.serialization.Encoder;
import org.apache.flink.connector.file.sink.FileSink;
import org.apache.flink.core.fs.Path;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.streaming.api.functions.sink.filesystem.BucketAssigner;
import org.apache.flink.streaming.api.functions.sink.filesystem.OutputFileConfig;
import org.apache.flink.streaming.api.functions.sink.filesystem.bucketassigners.SimpleVersionedStringSerializer;
import org.apache.flink.streaming.api.functions.sink.filesystem.rollingpolicies.OnCheckpointRollingPolicy;

/**
 * The results as JSON lines under {@code <base>/dt=YYYY-MM-DD/hour=HH/} (UTC, from the window
 * start, so a window's line always lands in the same folder, replay or not). Files are written by
 * Flink's file sink: a part file becomes visible under its final name when the checkpoint after it
 * completes (exactly once), named {@code results-<uuid>-<subtask>-<n>.jsonl}.
 */
public final class ResultSink {
  private ResultSink() {}

  /** A file sink to {@code basePath}: {@code s3://bucket/prefix/} in AWS, any Flink file system URI locally. */
  public static FileSink<WindowResult> create(String basePath) {
    return FileSink.forRowFormat(new Path(basePath), new JsonLinesEncoder())
        .withBucketAssigner(new HourBucketAssigner())
        .withRollingPolicy(OnCheckpointRollingPolicy.build())
        .withOutputFileConfig(OutputFileConfig.builder().withPartPrefix("results").withPartSuffix(".jsonl").build())
        .build();
  }

  /** One JSON object per line. */
  public static final class JsonLinesEncoder implements Encoder<WindowResult> {
    private static final long serialVersionUID = 1L;

    @Override
    public void encode(WindowResult element, OutputStream stream) throws IOException {
      stream.write(Json.result(element).getBytes(StandardCharsets.UTF_8));
      stream.write('\n');
    }
  }

  /** {@code dt=2025-01-01/hour=10}: Hive-style partitions that Athena and Glue read as columns. */
  public static final class HourBucketAssigner implements BucketAssigner<WindowResult, String> {
    private static final long serialVersionUID = 1L;
    private static final DateTimeFormatter FORMAT =
        DateTimeFormatter.ofPattern("'dt='yyyy-MM-dd'/hour='HH").withZone(ZoneOffset.UTC);

    @Override
    public String getBucketId(WindowResult element, Context context) {
      return bucketOf(element.windowStart);
    }

    @Override
    public SimpleVersionedSerializer<String> getSerializer() {
      return SimpleVersionedStringSerializer.INSTANCE;
    }

    public static String bucketOf(long epochMillis) {
      return FORMAT.format(Instant.ofEpochMilli(epochMillis));
    }
  }
}
