package io.github.streamingdatapatterns.flinkapp.kinesis;

/**
 * Which parallel subtask reads a shard: the hash of the shard id modulo the parallelism. It depends on
 * nothing else, so every subtask computes the same owner without talking to the others, before and
 * after a restore with another parallelism.
 */
public final class ShardAssignment {
  private ShardAssignment() {}

  public static int subtaskOf(String shardId, int parallelism) {
    return Math.floorMod(shardId.hashCode(), parallelism);
  }
}
