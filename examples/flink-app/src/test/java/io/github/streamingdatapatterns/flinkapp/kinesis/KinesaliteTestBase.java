package io.github.streamingdatapatterns.flinkapp.kinesis;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * A test class that talks to kinesalite: one emulator started before the class and stopped after
 * it. Surefire runs the test classes one after another, so the classes never share it.
 */
abstract class KinesaliteTestBase {
  static Kinesalite kinesalite;

  @BeforeAll
  static void startKinesalite() throws Exception {
    kinesalite = Kinesalite.start();
  }

  @AfterAll
  static void stopKinesalite() throws Exception {
    kinesalite.close();
  }

  /** Puts records {@code prefix + from} to {@code prefix + (to - 1)} under {@code hashKey}; returns them in order. */
  static List<String> put(String stream, String hashKey, String prefix, int from, int to) {
    List<String> put = new ArrayList<>();
    for (int i = from; i < to; i++) {
      kinesalite.put(stream, hashKey, prefix + i);
      put.add(prefix + i);
    }
    return put;
  }
}
