package io.github.streamingdatapatterns.flinkapp.kinesis;

import java.io.Serializable;
import java.net.URI;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/**
 * Makes the Kinesis client on the task manager (a client is not serializable, so the source carries
 * this factory instead). Tests give their own factory, for a fake client.
 */
@FunctionalInterface
public interface KinesisClientFactory extends Serializable {
  KinesisClient create();

  /**
   * The synchronous SDK client for {@code region}, with the SDK's default credentials (the
   * application role on Managed Flink) and the one HTTP client bundled in the JAR (the same as the
   * failure queue's). {@code endpointUrl} is null except for tests and local emulators.
   */
  static KinesisClientFactory forRegion(String region, String endpointUrl) {
    return () -> {
      var builder = KinesisClient.builder().region(Region.of(region));
      if (endpointUrl != null) {
        builder.endpointOverride(URI.create(endpointUrl));
      }
      return builder.build();
    };
  }
}
