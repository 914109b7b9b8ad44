package io.github.streamingdatapatterns.flinkapp.kinesis;

import static io.github.streamingdatapatterns.flinkapp.kinesis.ShardAssignmentTest.shard;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.streamingdatapatterns.flinkapp.kinesis.KinesisSourceSettings.InitialPosition;
import io.github.streamingdatapatterns.flinkapp.kinesis.ShardTracker.ShardRead;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.kinesis.model.Shard;

class ShardTrackerTest {
  static Shard open(int id) {
    return listed(id, null, null, false);
  }

  static Shard listed(int id, Integer parent, Integer adjacentParent, boolean closed) {
    return Shard.builder().shardId(shard(id))
        .parentShardId(parent == null ? null : shard(parent))
        .adjacentParentShardId(adjacentParent == null ? null : shard(adjacentParent))
        .sequenceNumberRange(r -> r.startingSequenceNumber("1").endingSequenceNumber(closed ? "999" : null))
        .build();
  }

  static ShardRead read(int id, IteratorStart start) {
    return new ShardRead(shard(id), start);
  }

  /** Shard 0 closed and split into 1 and 2. */
  static final List<Shard> SPLIT = List.of(listed(0, null, null, true), listed(1, 0, null, false),
      listed(2, 0, null, false));

  @Test
  void trimHorizonReadsTheParentToItsEndBeforeTheChildren() {
    ShardTracker tracker = ShardTracker.firstStart(0, 1, InitialPosition.TRIM_HORIZON);
    assertThat(tracker.discovered(SPLIT, 1_000)).containsExactly(read(0, IteratorStart.TRIM_HORIZON));
    tracker.emitted(shard(0), "500");
    assertThat(tracker.readyToRead()).isEmpty();
    assertThat(tracker.discovered(SPLIT, 2_000)).isEmpty();
    tracker.finished(shard(0));
    assertThat(tracker.readyToRead()).containsExactly(read(1, IteratorStart.TRIM_HORIZON),
        read(2, IteratorStart.TRIM_HORIZON));
    assertThat(tracker.readyToRead()).isEmpty();
    assertThat(tracker.snapshot()).containsExactly(new ShardProgress(shard(0), "500", true, null),
        new ShardProgress(shard(1), null, false, null), new ShardProgress(shard(2), null, false, null));
  }

  @Test
  void latestSkipsClosedShardsAndRemembersWhenItStarted() {
    ShardTracker tracker = ShardTracker.firstStart(0, 1, InitialPosition.LATEST);
    assertThat(tracker.discovered(SPLIT, 1_000)).containsExactly(read(1, IteratorStart.LATEST),
        read(2, IteratorStart.LATEST));
    assertThat(tracker.snapshot()).containsExactly(new ShardProgress(shard(0), null, true, null),
        new ShardProgress(shard(1), null, false, 1_000L), new ShardProgress(shard(2), null, false, 1_000L));
  }

  /** A reshard while running: the children are new, so all their records are read (TRIM_HORIZON), after the parent. */
  @Test
  void shardsThatAppearLaterStartAtTrimHorizon() {
    ShardTracker tracker = ShardTracker.firstStart(0, 1, InitialPosition.LATEST);
    assertThat(tracker.discovered(List.of(open(0)), 1_000)).containsExactly(read(0, IteratorStart.LATEST));
    assertThat(tracker.discovered(SPLIT, 2_000)).isEmpty();
    tracker.finished(shard(0));
    assertThat(tracker.readyToRead()).containsExactly(read(1, IteratorStart.TRIM_HORIZON),
        read(2, IteratorStart.TRIM_HORIZON));
  }

  @Test
  void aMergedShardWaitsForBothParents() {
    ShardTracker tracker = ShardTracker.firstStart(0, 1, InitialPosition.TRIM_HORIZON);
    List<Shard> merged = List.of(listed(0, null, null, true), listed(1, null, null, true), listed(2, 0, 1, false));
    assertThat(tracker.discovered(merged, 1_000)).containsExactly(read(0, IteratorStart.TRIM_HORIZON),
        read(1, IteratorStart.TRIM_HORIZON));
    tracker.finished(shard(1));
    assertThat(tracker.readyToRead()).isEmpty();
    tracker.finished(shard(0));
    assertThat(tracker.readyToRead()).containsExactly(read(2, IteratorStart.TRIM_HORIZON));
  }

  /** At parallelism 2, shard 0 is subtask 0's and its child 1 is subtask 1's: subtask 1 does not wait for it. */
  @Test
  void aParentOfAnotherSubtaskDoesNotHoldTheChildBack() {
    ShardTracker subtask1 = ShardTracker.firstStart(1, 2, InitialPosition.TRIM_HORIZON);
    assertThat(subtask1.discovered(SPLIT, 1_000)).containsExactly(read(1, IteratorStart.TRIM_HORIZON));
    ShardTracker subtask0 = ShardTracker.firstStart(0, 2, InitialPosition.TRIM_HORIZON);
    assertThat(subtask0.discovered(SPLIT, 1_000)).containsExactly(read(0, IteratorStart.TRIM_HORIZON));
    subtask0.finished(shard(0));
    assertThat(subtask0.readyToRead()).containsExactly(read(2, IteratorStart.TRIM_HORIZON));
  }

  @Test
  void aRestoreResumesAfterTheLastEmittedRecordAndKeepsFinishedShardsFinished() {
    List<ShardProgress> snapshot = List.of(new ShardProgress(shard(0), "500", true, null),
        new ShardProgress(shard(1), "700", false, null), new ShardProgress(shard(2), null, false, 1_000L),
        new ShardProgress(shard(3), null, false, null));
    ShardTracker tracker = ShardTracker.restored(snapshot, 0, 1, InitialPosition.LATEST);
    List<Shard> shards = new ArrayList<>(SPLIT);
    shards.add(open(3));
    shards.add(open(4)); // new since the snapshot
    assertThat(tracker.discovered(shards, 5_000)).containsExactly(read(1, IteratorStart.afterSequenceNumber("700")),
        read(2, IteratorStart.atTimestamp(1_000)), read(3, IteratorStart.TRIM_HORIZON),
        read(4, IteratorStart.TRIM_HORIZON));
    assertThat(tracker.snapshot()).containsExactly(snapshot.get(0), snapshot.get(1), snapshot.get(2),
        snapshot.get(3), new ShardProgress(shard(4), null, false, null));
  }

  /** The union state from parallelism 1 split over 2 subtasks, then joined back: nothing lost, nothing doubled. */
  @Test
  void aRestoreWithAnotherParallelismGivesEveryShardToExactlyOneSubtask() {
    List<ShardProgress> snapshot = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      snapshot.add(new ShardProgress(shard(i), Integer.toString(100 + i), i == 0, null));
    }
    List<Shard> shards = List.of(listed(0, null, null, true), open(1), open(2), open(3), open(4));
    ShardTracker subtask0 = ShardTracker.restored(snapshot, 0, 2, InitialPosition.LATEST);
    ShardTracker subtask1 = ShardTracker.restored(snapshot, 1, 2, InitialPosition.LATEST);
    assertThat(subtask0.discovered(shards, 1)).containsExactly(read(2, IteratorStart.afterSequenceNumber("102")),
        read(4, IteratorStart.afterSequenceNumber("104")));
    assertThat(subtask1.discovered(shards, 1)).containsExactly(read(1, IteratorStart.afterSequenceNumber("101")),
        read(3, IteratorStart.afterSequenceNumber("103")));
    subtask1.emitted(shard(3), "203");

    List<ShardProgress> union = new ArrayList<>(subtask0.snapshot());
    union.addAll(subtask1.snapshot());
    assertThat(union).containsExactlyInAnyOrder(snapshot.get(0), snapshot.get(1), snapshot.get(2),
        new ShardProgress(shard(3), "203", false, null), snapshot.get(4));
    ShardTracker single = ShardTracker.restored(union, 0, 1, InitialPosition.LATEST);
    assertThat(single.discovered(shards, 1)).containsExactly(read(1, IteratorStart.afterSequenceNumber("101")),
        read(2, IteratorStart.afterSequenceNumber("102")), read(3, IteratorStart.afterSequenceNumber("203")),
        read(4, IteratorStart.afterSequenceNumber("104")));
  }

  @Test
  void forgetsShardsNoLongerListed() {
    ShardTracker tracker = ShardTracker.restored(List.of(new ShardProgress(shard(0), "5", true, null),
        new ShardProgress(shard(1), "6", false, null)), 0, 1, InitialPosition.LATEST);
    assertThat(tracker.discovered(List.of(open(2)), 1)).containsExactly(read(2, IteratorStart.TRIM_HORIZON));
    assertThat(tracker.snapshot()).containsExactly(new ShardProgress(shard(2), null, false, null));
  }

  @Test
  void ofTwoEntriesForOneShardKeepsTheOneReadFurthest() {
    ShardProgress finished = new ShardProgress(shard(0), "5", true, null);
    ShardProgress at9 = new ShardProgress(shard(0), "9", false, null);
    ShardProgress at10 = new ShardProgress(shard(0), "10", false, null);
    ShardProgress none = new ShardProgress(shard(0), null, false, 7L);
    assertThat(ShardTracker.furthest(at9, finished)).isSameAs(finished);
    assertThat(ShardTracker.furthest(at10, at9)).isSameAs(at10);
    assertThat(ShardTracker.furthest(at9, at10)).isSameAs(at10);
    assertThat(ShardTracker.furthest(none, at9)).isSameAs(at9);
  }
}
