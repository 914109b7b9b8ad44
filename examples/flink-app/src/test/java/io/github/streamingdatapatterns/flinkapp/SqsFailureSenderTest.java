package io.github.streamingdatapatterns.flinkapp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.BatchResultErrorEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequest;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResultEntry;

class SqsFailureSenderTest {
  private static final String QUEUE = "https://sqs.eu-west-1.amazonaws.com/123456789012/failures";

  /** An SqsClient that records SendMessageBatch requests and answers with {@code answer}. */
  static final class FakeSqs implements SqsClient {
    final List<SendMessageBatchRequest> requests = new ArrayList<>();
    final Function<SendMessageBatchRequest, SendMessageBatchResponse> answer;

    FakeSqs(Function<SendMessageBatchRequest, SendMessageBatchResponse> answer) {
      this.answer = answer;
    }

    @Override
    public SendMessageBatchResponse sendMessageBatch(SendMessageBatchRequest request) {
      requests.add(request);
      return answer.apply(request);
    }

    @Override
    public String serviceName() {
      return "sqs";
    }

    @Override
    public void close() {}
  }

  static SendMessageBatchResponse failing(SendMessageBatchRequest request, Set<String> ids, boolean senderFault) {
    SendMessageBatchResponse.Builder response = SendMessageBatchResponse.builder();
    List<BatchResultErrorEntry> failed = new ArrayList<>();
    List<SendMessageBatchResultEntry> ok = new ArrayList<>();
    for (SendMessageBatchRequestEntry e : request.entries()) {
      if (ids.contains(e.id())) {
        failed.add(BatchResultErrorEntry.builder().id(e.id()).code(senderFault ? "InvalidMessageContents" : "InternalError")
            .message("nope").senderFault(senderFault).build());
      } else {
        ok.add(SendMessageBatchResultEntry.builder().id(e.id()).messageId("m-" + e.id()).build());
      }
    }
    return response.failed(failed).successful(ok).build();
  }

  static List<String> bodies(SendMessageBatchRequest request) {
    return request.entries().stream().map(SendMessageBatchRequestEntry::messageBody).collect(Collectors.toList());
  }

  /** The SDK finds exactly one HTTP client in the bundled dependencies and builds offline. */
  @Test
  void theJobsFactoryBuildsARealClient() throws Exception {
    FailureSender sender = SqsFailureSender.factory("eu-west-1", QUEUE).create();
    assertThat(sender).isInstanceOf(SqsFailureSender.class);
    sender.close();
  }

  @Test
  void sendsOneBatchToTheQueue() throws IOException {
    FakeSqs sqs = new FakeSqs(r -> failing(r, Set.of(), false));
    new SqsFailureSender(sqs, QUEUE, 0).send(List.of("a", "b", "c"));
    assertThat(sqs.requests).hasSize(1);
    assertThat(sqs.requests.get(0).queueUrl()).isEqualTo(QUEUE);
    assertThat(sqs.requests.get(0).entries()).extracting(SendMessageBatchRequestEntry::id).containsExactly("0", "1", "2");
    assertThat(bodies(sqs.requests.get(0))).containsExactly("a", "b", "c");
  }

  @Test
  void sendsAgainOnlyWhatSqsFailedOnItsSide() throws IOException {
    int[] calls = {0};
    FakeSqs sqs = new FakeSqs(r -> failing(r, calls[0]++ == 0 ? Set.of("1") : Set.of(), false));
    new SqsFailureSender(sqs, QUEUE, 0).send(List.of("a", "b", "c"));
    assertThat(sqs.requests).hasSize(2);
    assertThat(bodies(sqs.requests.get(1))).containsExactly("b");
  }

  @Test
  void failsOnASenderFault() {
    FakeSqs sqs = new FakeSqs(r -> failing(r, Set.of("0"), true));
    assertThatThrownBy(() -> new SqsFailureSender(sqs, QUEUE, 0).send(List.of("a", "b")))
        .isInstanceOf(IOException.class)
        .hasMessage("The failure queue " + QUEUE + " refused 1 of 2 messages (attempt 1): 0 InvalidMessageContents: nope");
    assertThat(sqs.requests).hasSize(1);
  }

  @Test
  void failsAfterTheLastAttempt() {
    FakeSqs sqs = new FakeSqs(r -> failing(r, Set.of("0"), false));
    assertThatThrownBy(() -> new SqsFailureSender(sqs, QUEUE, 0).send(List.of("a")))
        .isInstanceOf(IOException.class)
        .hasMessage("The failure queue " + QUEUE + " refused 1 of 1 messages (attempt 5): 0 InternalError: nope");
    assertThat(sqs.requests).hasSize(SqsFailureSender.MAX_ATTEMPTS);
  }
}
