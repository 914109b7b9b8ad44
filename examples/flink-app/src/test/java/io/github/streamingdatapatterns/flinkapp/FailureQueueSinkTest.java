package io.github.streamingdatapatterns.flinkapp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import org.apache.flink.api.common.operators.ProcessingTimeService;
import org.junit.jupiter.api.Test;

class FailureQueueSinkTest {
  /** Timers that fire only when the test says so. */
  static final class ManualTimers implements ProcessingTimeService {
    long now = 1_000;
    final List<long[]> registered = new ArrayList<>();
    final List<ProcessingTimeCallback> callbacks = new ArrayList<>();

    @Override
    public long getCurrentProcessingTime() {
      return now;
    }

    @Override
    public ScheduledFuture<?> registerTimer(long timestamp, ProcessingTimeCallback target) {
      registered.add(new long[] {timestamp});
      callbacks.add(target);
      return null;
    }

    void fireAll() throws Exception {
      List<ProcessingTimeCallback> due = new ArrayList<>(callbacks);
      callbacks.clear();
      for (ProcessingTimeCallback c : due) {
        c.onProcessingTime(now);
      }
    }
  }

  static Failure failure(int i) {
    return new Failure(Failure.INVALID_RECORD, "empty record", "p" + i);
  }

  @Test
  void sendsBatchesOfTenAndTheRestOnFlush() throws Exception {
    List<List<String>> sent = new ArrayList<>();
    FailureQueueSink.Writer writer = new FailureQueueSink.Writer(sent::add, new ManualTimers());
    for (int i = 0; i < 23; i++) {
      writer.write(failure(i), null);
    }
    assertThat(sent).extracting(List::size).containsExactly(10, 10);
    writer.flush(false);
    assertThat(sent).extracting(List::size).containsExactly(10, 10, 3);
    assertThat(sent.get(2)).containsExactly(
        "{\"reason\":\"INVALID_RECORD\",\"error\":\"empty record\",\"payload\":\"p20\"}",
        "{\"reason\":\"INVALID_RECORD\",\"error\":\"empty record\",\"payload\":\"p21\"}",
        "{\"reason\":\"INVALID_RECORD\",\"error\":\"empty record\",\"payload\":\"p22\"}");
    writer.flush(true);
    assertThat(sent).hasSize(3);
  }

  @Test
  void keepsABatchUnder256KiB() throws Exception {
    List<List<String>> sent = new ArrayList<>();
    FailureQueueSink.Writer writer = new FailureQueueSink.Writer(sent::add, null);
    String big = "x".repeat(100_000);
    for (int i = 0; i < 3; i++) {
      writer.write(new Failure(Failure.INVALID_RECORD, "empty record", big), null);
    }
    writer.flush(true);
    assertThat(sent).extracting(List::size).containsExactly(2, 1);
  }

  @Test
  void sendsWhatWaitedForOneSecond() throws Exception {
    List<List<String>> sent = new ArrayList<>();
    ManualTimers timers = new ManualTimers();
    FailureQueueSink.Writer writer = new FailureQueueSink.Writer(sent::add, timers);
    writer.write(failure(1), null);
    writer.write(failure(2), null);
    assertThat(timers.registered).hasSize(1);
    assertThat(timers.registered.get(0)[0]).isEqualTo(2_000);
    timers.fireAll();
    assertThat(sent).extracting(List::size).containsExactly(2);

    // A timer set for a batch that a flush already sent does nothing.
    writer.write(failure(3), null);
    writer.flush(false);
    timers.fireAll();
    assertThat(sent).extracting(List::size).containsExactly(2, 1);
  }
}
