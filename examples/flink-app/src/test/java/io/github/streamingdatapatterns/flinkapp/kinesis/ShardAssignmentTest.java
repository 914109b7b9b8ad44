package io.github.streamingdatapatterns.flinkapp.kinesis;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ShardAssignmentTest {
  static String shard(int i) {
    return String.format("shardId-%012d", i);
  }

  @Test
  void spreadsConsecutiveShardsOverTheSubtasks() {
    List<Integer> p2 = new ArrayList<>();
    List<Integer> p3 = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      p2.add(ShardAssignment.subtaskOf(shard(i), 2));
      p3.add(ShardAssignment.subtaskOf(shard(i), 3));
    }
    assertThat(p2).containsExactly(0, 1, 0, 1, 0, 1);
    assertThat(p3).containsExactly(0, 1, 2, 0, 1, 2);
  }

  /** Every shard has exactly one owner at every parallelism, whichever subtask computes it. */
  @Test
  void givesEveryShardOneOwnerAtEveryParallelism() {
    for (int parallelism = 1; parallelism <= 8; parallelism++) {
      for (int i = 0; i < 50; i++) {
        int owner = ShardAssignment.subtaskOf(shard(i), parallelism);
        assertThat(owner).isBetween(0, parallelism - 1);
        assertThat(ShardAssignment.subtaskOf(shard(i), parallelism)).isEqualTo(owner);
        ShardTracker[] subtasks = new ShardTracker[parallelism];
        int owners = 0;
        for (int s = 0; s < parallelism; s++) {
          subtasks[s] = ShardTracker.firstStart(s, parallelism, KinesisSourceSettings.InitialPosition.LATEST);
          owners += subtasks[s].owns(shard(i)) ? 1 : 0;
        }
        assertThat(owners).isEqualTo(1);
      }
    }
  }
}
