package io.github.streamingdatapatterns.flinkapp.kinesis;

import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.flink.streaming.api.functions.source.SourceFunction;
import org.apache.flink.streaming.api.watermark.Watermark;

/**
 * One subtask of a {@link KinesisShardSource} run on a thread of the test, as Flink's source task
 * runs it: its records are collected, and a snapshot is taken under the checkpoint lock.
 */
@SuppressWarnings("deprecation")
final class SourceRun implements AutoCloseable {
  /** The records emitted and the progress checkpointed with them, taken together. */
  record Snapshot(List<String> emitted, List<ShardProgress> progress) {}

  private final KinesisShardSource source;
  private final Object lock = new Object();
  private final List<String> emitted = new ArrayList<>();
  private final CompletableFuture<Void> done = new CompletableFuture<>();

  /** Starts subtask {@code subtask} of {@code parallelism}: a first start if {@code restoreFrom} is null. */
  SourceRun(KinesisShardSource source, List<ShardProgress> restoreFrom, int subtask, int parallelism) {
    this.source = source;
    source.restore(restoreFrom, subtask, parallelism);
    Thread thread = new Thread(() -> {
      try {
        source.run(new Context());
        done.complete(null);
      } catch (Throwable e) {
        done.completeExceptionally(e);
      }
    }, "source-run-" + subtask);
    thread.setDaemon(true);
    thread.start();
  }

  List<String> emitted() {
    synchronized (lock) {
      return List.copyOf(emitted);
    }
  }

  /** Waits until at least {@code count} records are emitted; fails if the source stops or time runs out. */
  List<String> awaitEmitted(int count, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (emitted().size() < count) {
      if (done.isDone()) {
        fail("the source stopped after " + emitted() + ": " + outcome());
      }
      if (System.nanoTime() > deadline) {
        fail("only " + emitted().size() + " of " + count + " records in " + timeout + ": " + emitted());
      }
      Thread.sleep(20);
    }
    return emitted();
  }

  Snapshot snapshot() {
    synchronized (lock) {
      return new Snapshot(List.copyOf(emitted), source.progress());
    }
  }

  /** The failure that ended {@code run}, waiting for it. */
  Throwable awaitFailure(Duration timeout) throws Exception {
    try {
      done.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      return e.getCause();
    }
    throw new AssertionError("the source ended without a failure");
  }

  private String outcome() {
    try {
      done.getNow(null);
      return "it returned";
    } catch (Exception e) {
      return e.getCause().toString();
    }
  }

  /** Cancels the source and waits for its run to end. */
  @Override
  public void close() throws ExecutionException, TimeoutException {
    source.cancel();
    try {
      done.get(15, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      // A failure is the test's to assert; cancelling only has to end the run.
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private final class Context implements SourceFunction.SourceContext<String> {
    @Override
    public void collect(String element) {
      emitted.add(element);
    }

    @Override
    public void collectWithTimestamp(String element, long timestamp) {
      emitted.add(element);
    }

    @Override
    public void emitWatermark(Watermark mark) {}

    @Override
    public void markAsTemporarilyIdle() {}

    @Override
    public Object getCheckpointLock() {
      return lock;
    }

    @Override
    public void close() {}
  }
}
