package io.github.streamingdatapatterns.flinkapp.kinesis;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.GetRecordsRequest;
import software.amazon.awssdk.services.kinesis.model.GetRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.GetShardIteratorRequest;
import software.amazon.awssdk.services.kinesis.model.GetShardIteratorResponse;
import software.amazon.awssdk.services.kinesis.model.KinesisException;
import software.amazon.awssdk.services.kinesis.model.ListShardsRequest;
import software.amazon.awssdk.services.kinesis.model.ListShardsResponse;

/**
 * A KinesisClient that answers each call from a script (a response, or an exception to throw) and
 * records the requests. ListShards repeats its last answer once the script is used up.
 */
final class FakeKinesis implements KinesisClient {
  final List<SdkRequest> requests = Collections.synchronizedList(new ArrayList<>());
  final Deque<Object> listShards = new ArrayDeque<>();
  final Deque<Object> shardIterators = new ArrayDeque<>();
  final Deque<Object> records = new ArrayDeque<>();
  private Object lastListShards;

  static KinesisException error(String code, int status) {
    return (KinesisException) KinesisException.builder().statusCode(status).message(code + " from the fake")
        .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage(code + " from the fake").build())
        .build();
  }

  static GetShardIteratorResponse iterator(String iterator) {
    return GetShardIteratorResponse.builder().shardIterator(iterator).build();
  }

  private static <T> T answer(Object answer, Class<T> type) {
    if (answer instanceof RuntimeException) {
      throw (RuntimeException) answer;
    }
    if (answer == null) {
      throw new AssertionError("the fake has no answer left for a " + type.getSimpleName());
    }
    return type.cast(answer);
  }

  @Override
  public synchronized ListShardsResponse listShards(ListShardsRequest request) {
    requests.add(request);
    if (!listShards.isEmpty()) {
      lastListShards = listShards.poll();
    }
    return answer(lastListShards, ListShardsResponse.class);
  }

  @Override
  public synchronized GetShardIteratorResponse getShardIterator(GetShardIteratorRequest request) {
    requests.add(request);
    return answer(shardIterators.poll(), GetShardIteratorResponse.class);
  }

  @Override
  public synchronized GetRecordsResponse getRecords(GetRecordsRequest request) {
    requests.add(request);
    return answer(records.poll(), GetRecordsResponse.class);
  }

  <T extends SdkRequest> List<T> requests(Class<T> type) {
    synchronized (requests) {
      return requests.stream().filter(type::isInstance).map(type::cast).collect(java.util.stream.Collectors.toList());
    }
  }

  @Override
  public String serviceName() {
    return "kinesis";
  }

  @Override
  public void close() {}
}
