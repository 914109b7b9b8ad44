package io.github.streamingdatapatterns.flinkapp.kinesis;

import io.github.streamingdatapatterns.flinkapp.kinesis.KinesisSourceSettings.InitialPosition;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.kinesis.model.Shard;

/**
 * One subtask's view of its shards: the progress of each shard it owns ({@link ShardAssignment}),
 * which ones are being read, and which one may be read next. Not thread-safe: the source calls it
 * under the checkpoint lock only.
 *
 * <p>Where a shard is first read from: a shard listed at the first start (no snapshot) starts at
 * the {@code InitialPosition} (with LATEST, a shard already closed then has nothing to read and is
 * finished at once); a shard that appears later (a reshard) or after a restore starts at
 * TRIM_HORIZON, so none of its records is missed; a shard in the snapshot resumes after its last
 * emitted record. A child shard is read only once its parents owned by this subtask are read to
 * their end, so the records of a key leave this subtask in order (the watermarks, and therefore the
 * late records, are per subtask). A parent owned by another subtask is read there: that subtask's
 * own watermark holds the windows back until it has emitted the parent's records.
 */
public final class ShardTracker {
  private static final Logger LOG = LoggerFactory.getLogger(ShardTracker.class);

  /** A shard to start reading, and where. */
  public record ShardRead(String shardId, IteratorStart start) {}

  private final int subtask;
  private final int parallelism;
  private final InitialPosition initialPosition;
  private boolean firstDiscovery;
  private final Map<String, ShardProgress> owned = new TreeMap<>();
  private final Set<String> reading = new HashSet<>();
  /** Owned shards to start at LATEST in this run (first start only). */
  private final Set<String> startAtLatest = new HashSet<>();
  private List<Shard> listed = List.of();

  private ShardTracker(int subtask, int parallelism, InitialPosition initialPosition, boolean firstStart) {
    this.subtask = subtask;
    this.parallelism = parallelism;
    this.initialPosition = initialPosition;
    this.firstDiscovery = firstStart;
  }

  /** A start without a snapshot: the shards of the first listing start at {@code initialPosition}. */
  public static ShardTracker firstStart(int subtask, int parallelism, InitialPosition initialPosition) {
    return new ShardTracker(subtask, parallelism, initialPosition, true);
  }

  /**
   * A restore from a snapshot: {@code entries} are every subtask's entries (union state), perhaps
   * from another parallelism; this subtask keeps those it owns now.
   */
  public static ShardTracker restored(Collection<ShardProgress> entries, int subtask, int parallelism,
      InitialPosition initialPosition) {
    ShardTracker tracker = new ShardTracker(subtask, parallelism, initialPosition, false);
    for (ShardProgress entry : entries) {
      if (tracker.owns(entry.shardId)) {
        tracker.owned.merge(entry.shardId, entry.copy(), ShardTracker::furthest);
      }
    }
    return tracker;
  }

  /** Of two entries for one shard (only after a faulty snapshot), the one read further. */
  static ShardProgress furthest(ShardProgress a, ShardProgress b) {
    if (a.finished != b.finished) {
      return a.finished ? a : b;
    }
    if (a.sequenceNumber == null || b.sequenceNumber == null) {
      return a.sequenceNumber != null ? a : b;
    }
    return new BigInteger(a.sequenceNumber).compareTo(new BigInteger(b.sequenceNumber)) >= 0 ? a : b;
  }

  public boolean owns(String shardId) {
    return ShardAssignment.subtaskOf(shardId, parallelism) == subtask;
  }

  /**
   * Takes a new listing of the stream's shards: tracks the owned shards not seen before, forgets the
   * ones no longer listed (past the retention period: nothing is left to read), and returns the
   * shards to start reading now, in listing order (they are then counted as being read).
   */
  public List<ShardRead> discovered(List<Shard> shards, long nowMillis) {
    listed = List.copyOf(shards);
    Set<String> listedIds = new HashSet<>();
    for (Shard shard : shards) {
      listedIds.add(shard.shardId());
    }
    owned.values().removeIf(p -> {
      boolean gone = !listedIds.contains(p.shardId) && !reading.contains(p.shardId);
      if (gone && !p.finished) {
        LOG.warn("Shard {} is no longer listed (past the stream's retention period); it was read up to {}",
            p.shardId, p.sequenceNumber);
      }
      return gone;
    });
    for (Shard shard : shards) {
      String id = shard.shardId();
      if (!owns(id) || owned.containsKey(id)) {
        continue;
      }
      ShardProgress progress = new ShardProgress(id, null, false, null);
      if (firstDiscovery && initialPosition == InitialPosition.LATEST) {
        if (isClosed(shard)) {
          progress.finished = true;
        } else {
          progress.latestSinceMillis = nowMillis;
          startAtLatest.add(id);
        }
      }
      owned.put(id, progress);
    }
    firstDiscovery = false;
    return readyToRead();
  }

  /** The owned shards that may be read now and are not yet: unfinished, with their parents done. */
  public List<ShardRead> readyToRead() {
    List<ShardRead> ready = new ArrayList<>();
    for (Shard shard : listed) {
      ShardProgress progress = owned.get(shard.shardId());
      if (progress == null || progress.finished || reading.contains(progress.shardId) || !parentsDone(shard)) {
        continue;
      }
      reading.add(progress.shardId);
      IteratorStart start = startAtLatest.remove(progress.shardId) ? IteratorStart.LATEST : progress.resumeStart();
      ready.add(new ShardRead(progress.shardId, start));
    }
    return ready;
  }

  private boolean parentsDone(Shard shard) {
    for (String parent : new String[] {shard.parentShardId(), shard.adjacentParentShardId()}) {
      if (parent == null || !owns(parent)) {
        continue;
      }
      ShardProgress progress = owned.get(parent);
      if (progress != null && !progress.finished) {
        return false;
      }
    }
    return true;
  }

  private static boolean isClosed(Shard shard) {
    return shard.sequenceNumberRange() != null && shard.sequenceNumberRange().endingSequenceNumber() != null;
  }

  /** A record of {@code shardId} was emitted. */
  public void emitted(String shardId, String sequenceNumber) {
    owned.get(shardId).sequenceNumber = sequenceNumber;
  }

  /** {@code shardId} is closed and read to its end. */
  public void finished(String shardId) {
    owned.get(shardId).finished = true;
    reading.remove(shardId);
  }

  /** Where {@code shardId} resumes after an expired iterator. */
  public IteratorStart resumeStart(String shardId) {
    return owned.get(shardId).resumeStart();
  }

  /** The entries to checkpoint: a copy of every owned shard's progress, by shard id. */
  public List<ShardProgress> snapshot() {
    List<ShardProgress> copy = new ArrayList<>();
    owned.values().forEach(p -> copy.add(p.copy()));
    return copy;
  }
}
