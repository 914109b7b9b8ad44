package io.github.streamingdatapatterns.flinkapp;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.operators.ProcessingTimeService;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

/**
 * Sends failures to the failure queue in batches: a batch goes when it has
 * {@value #MAX_BATCH_MESSAGES} messages or would pass {@link Json#MAX_MESSAGE_BYTES}, when its
 * first message has waited {@link #MAX_WAIT}, and before every checkpoint (Flink calls
 * {@link SinkWriter#flush} then). Nothing is kept outside Flink's state: whatever a checkpoint
 * covers has been sent, and the rest is read again after a restore (at least once).
 */
public final class FailureQueueSink implements Sink<Failure> {
  private static final long serialVersionUID = 1L;

  /** SQS SendMessageBatch takes at most 10 messages. */
  public static final int MAX_BATCH_MESSAGES = 10;
  /** The longest a failure waits in the buffer. */
  public static final Duration MAX_WAIT = Duration.ofSeconds(1);

  private final FailureSender.Factory senderFactory;

  public FailureQueueSink(FailureSender.Factory senderFactory) {
    this.senderFactory = senderFactory;
  }

  /** Flink 1.20 still calls this one. */
  @Override
  @SuppressWarnings("deprecation")
  public SinkWriter<Failure> createWriter(InitContext context) throws IOException {
    return new Writer(senderFactory.create(), context.getProcessingTimeService());
  }

  @Override
  public SinkWriter<Failure> createWriter(WriterInitContext context) throws IOException {
    return new Writer(senderFactory.create(), context.getProcessingTimeService());
  }

  /** Buffers and sends; runs on the task thread only (timers fire in the task's mailbox). */
  static final class Writer implements SinkWriter<Failure> {
    private final FailureSender sender;
    private final ProcessingTimeService timers;
    private final List<String> buffer = new ArrayList<>();
    private int bufferBytes;
    private long generation;

    Writer(FailureSender sender, ProcessingTimeService timers) {
      this.sender = sender;
      this.timers = timers;
    }

    @Override
    public void write(Failure failure, Context context) throws IOException {
      String body = Json.failureMessage(failure);
      int bytes = Json.utf8Length(body);
      if (buffer.size() >= MAX_BATCH_MESSAGES || bufferBytes + bytes > Json.MAX_MESSAGE_BYTES) {
        sendBuffer();
      }
      buffer.add(body);
      bufferBytes += bytes;
      if (buffer.size() == 1 && timers != null) {
        long scheduledFor = generation;
        timers.registerTimer(timers.getCurrentProcessingTime() + MAX_WAIT.toMillis(), time -> {
          if (generation == scheduledFor) {
            sendBuffer();
          }
        });
      }
    }

    @Override
    public void flush(boolean endOfInput) throws IOException {
      sendBuffer();
    }

    private void sendBuffer() throws IOException {
      if (buffer.isEmpty()) {
        return;
      }
      sender.send(List.copyOf(buffer));
      buffer.clear();
      bufferBytes = 0;
      generation++;
    }

    @Override
    public void close() throws IOException {
      sender.close();
    }
  }
}
