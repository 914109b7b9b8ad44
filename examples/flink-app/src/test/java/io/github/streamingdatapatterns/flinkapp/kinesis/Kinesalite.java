package io.github.streamingdatapatterns.flinkapp.kinesis;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.PutRecordResponse;
import software.amazon.awssdk.services.kinesis.model.StreamStatus;

/**
 * kinesalite (the Kinesis emulator in the repository's node_modules, installed by {@code npm ci} at the
 * root) on 127.0.0.1 and a free port, for one test class. A missing node or kinesalite fails the test.
 */
final class Kinesalite implements AutoCloseable {
  static final String REGION = "us-east-1";
  static final String ACCOUNT = "000000000000";
  /** The first hash key of the upper half of the key space: a record with it goes to a 2-shard stream's shard 1. */
  static final String UPPER_HALF = "170141183460469231731687303715884105728";

  private static final Path MODULE = Path.of("../../node_modules/kinesalite").toAbsolutePath().normalize();

  private final Process process;
  final String endpoint;
  final KinesisClient client;

  private Kinesalite(Process process, String endpoint) {
    this.process = process;
    this.endpoint = endpoint;
    this.client = KinesisClient.builder().region(Region.of(REGION)).endpointOverride(URI.create(endpoint))
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"))).build();
  }

  static Kinesalite start() throws Exception {
    if (!Files.isRegularFile(MODULE.resolve("index.js"))) {
      fail("kinesalite is missing at " + MODULE + ": run `npm ci` at the repository root (CI does so before Maven).");
    }
    int port;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort();
    }
    // The module's own server, bound to the loopback address only (its cli.js listens on every address).
    // kinesalite throws, and so exits, when a client aborts a request (ECONNRESET), as a cancelled job's
    // reader does: that one error is logged instead.
    String script = "process.on('uncaughtException', e => { if (e.code === 'ECONNRESET') {"
        + " console.log('a client aborted a request'); } else { console.error(e); process.exit(1); } });"
        + " const s = require(process.argv[1])({createStreamMs: 0, deleteStreamMs: 0, updateStreamMs: 0,"
        + " shardLimit: 100}); s.listen(+process.argv[2], '127.0.0.1', () => console.log('Listening'));";
    Process process;
    try {
      process = new ProcessBuilder("node", "-e", script, MODULE.toString(), Integer.toString(port))
          .redirectErrorStream(true).start();
    } catch (IOException e) {
      throw new AssertionError("node is not on the PATH, so kinesalite cannot start: " + e.getMessage(), e);
    }
    BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    CompletableFuture<String> firstLine = CompletableFuture.supplyAsync(() -> {
      try {
        return out.readLine();
      } catch (IOException e) {
        return "cannot read its output: " + e.getMessage();
      }
    });
    String line = firstLine.get(20, TimeUnit.SECONDS);
    if (!"Listening".equals(line)) {
      process.destroyForcibly();
      fail("kinesalite did not start on 127.0.0.1:" + port + ": " + line);
    }
    // Keep its output (for a failing test to show) and never let it block on a full pipe.
    Path log = Path.of("target", "kinesalite-" + port + ".log");
    Thread drain = new Thread(() -> {
      try (var writer = Files.newBufferedWriter(log, StandardCharsets.UTF_8)) {
        for (String l = out.readLine(); l != null; l = out.readLine()) {
          writer.write(l);
          writer.newLine();
          writer.flush();
        }
      } catch (IOException e) {
        // The process ended.
      }
    }, "kinesalite-output");
    drain.setDaemon(true);
    drain.start();
    return new Kinesalite(process, "http://127.0.0.1:" + port);
  }

  static String arn(String stream) {
    return "arn:aws:kinesis:" + REGION + ":" + ACCOUNT + ":stream/" + stream;
  }

  void createStream(String stream, int shards) throws InterruptedException {
    client.createStream(b -> b.streamName(stream).shardCount(shards));
    awaitActive(stream);
  }

  void splitShard(String stream, String shardId, String newStartingHashKey) throws InterruptedException {
    client.splitShard(b -> b.streamName(stream).shardToSplit(shardId).newStartingHashKey(newStartingHashKey));
    awaitActive(stream);
  }

  void mergeShards(String stream, String shardId, String adjacentShardId) throws InterruptedException {
    client.mergeShards(b -> b.streamName(stream).shardToMerge(shardId).adjacentShardToMerge(adjacentShardId));
    awaitActive(stream);
  }

  private void awaitActive(String stream) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (client.describeStreamSummary(b -> b.streamName(stream)).streamDescriptionSummary().streamStatus()
        != StreamStatus.ACTIVE) {
      if (System.nanoTime() > deadline) {
        fail("stream " + stream + " did not become ACTIVE");
      }
      Thread.sleep(20);
    }
  }

  /** Puts {@code data} with an explicit hash key (so the test chooses the shard); returns the shard id. */
  String put(String stream, String explicitHashKey, String data) {
    PutRecordResponse response = client.putRecord(b -> b.streamName(stream).partitionKey("k")
        .explicitHashKey(explicitHashKey).data(SdkBytes.fromUtf8String(data)));
    return response.shardId();
  }

  @Override
  public void close() {
    client.close();
    process.destroy();
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
