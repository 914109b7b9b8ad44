package io.github.streamingdatapatterns.flinkapp;

import java.io.IOException;
import java.io.Serializable;
import java.util.List;

/**
 * Sends one batch of failure queue messages (at most 10 bodies, 256 KiB in all). It either sends
 * every message or throws: the job then fails and restarts from its last checkpoint, so the
 * records are read again and no failure is lost (at least once).
 */
public interface FailureSender extends AutoCloseable {
  void send(List<String> messageBodies) throws IOException;

  @Override
  default void close() throws IOException {}

  /** Creates the sender on the task manager (the sender itself need not be serializable). */
  @FunctionalInterface
  interface Factory extends Serializable {
    FailureSender create() throws IOException;
  }
}
