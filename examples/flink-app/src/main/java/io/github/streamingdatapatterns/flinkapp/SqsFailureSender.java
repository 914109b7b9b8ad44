package io.github.streamingdatapatterns.flinkapp;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.BatchResultErrorEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;

/**
 * Sends failure messages to the SQS failure queue with {@code SendMessageBatch}. Entries SQS
 * reports as failed on its side are sent again (up to {@link #MAX_ATTEMPTS} times, with backoff);
 * an entry failed by the sender's fault, or still failing after that, makes {@link #send} throw.
 */
public final class SqsFailureSender implements FailureSender {
  public static final int MAX_ATTEMPTS = 5;

  private final SqsClient sqs;
  private final String queueUrl;
  private final long backoffMillis;

  public SqsFailureSender(SqsClient sqs, String queueUrl, long backoffMillis) {
    this.sqs = sqs;
    this.queueUrl = queueUrl;
    this.backoffMillis = backoffMillis;
  }

  /** The factory the job uses: a client for {@code region} (the SDK's default credentials: the application role). */
  public static FailureSender.Factory factory(String region, String queueUrl) {
    return () -> new SqsFailureSender(
        SqsClient.builder().region(Region.of(region)).build(),
        queueUrl, 200);
  }

  @Override
  public void send(List<String> messageBodies) throws IOException {
    Map<String, String> pending = new TreeMap<>();
    for (int i = 0; i < messageBodies.size(); i++) {
      pending.put(Integer.toString(i), messageBodies.get(i));
    }
    for (int attempt = 1; !pending.isEmpty(); attempt++) {
      List<SendMessageBatchRequestEntry> entries = new ArrayList<>();
      pending.forEach((id, body) -> entries.add(SendMessageBatchRequestEntry.builder().id(id).messageBody(body).build()));
      SendMessageBatchResponse response;
      try {
        response = sqs.sendMessageBatch(b -> b.queueUrl(queueUrl).entries(entries));
      } catch (SdkException e) {
        throw new IOException("SendMessageBatch to the failure queue " + queueUrl + " failed", e);
      }
      Map<String, String> retry = new TreeMap<>();
      List<BatchResultErrorEntry> senderFaults = new ArrayList<>();
      for (BatchResultErrorEntry failed : response.failed()) {
        if (Boolean.TRUE.equals(failed.senderFault())) {
          senderFaults.add(failed);
        } else {
          retry.put(failed.id(), pending.get(failed.id()));
        }
      }
      if (!senderFaults.isEmpty() || (!retry.isEmpty() && attempt >= MAX_ATTEMPTS)) {
        throw new IOException("The failure queue " + queueUrl + " refused " + response.failed().size() + " of "
            + entries.size() + " messages (attempt " + attempt + "): " + response.failed().stream()
                .map(e -> e.id() + " " + e.code() + ": " + e.message()).collect(Collectors.joining("; ")));
      }
      pending = retry;
      if (!pending.isEmpty()) {
        sleep(backoffMillis << (attempt - 1));
      }
    }
  }

  private static void sleep(long millis) throws IOException {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("Interrupted while sending to the failure queue", e);
    }
  }

  @Override
  public void close() {
    sqs.close();
  }
}
