package dev.meridian.kernel.log;

import dev.meridian.kernel.projection.LogSource;
import dev.meridian.kernel.resource.ResourceKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Per resource, the upserts a catch-up has read but whose payloads it has not examined yet: a run
 * of the resource's events in log order, with strictly rising sequence numbers, all from one
 * partition. Only the run's last record (and its first, when the resource did not exist before the
 * run) is held; the others are remembered by offset and read again in the rare case they are
 * needed. Used by one thread, the follower's.
 */
final class UnexaminedEvents {

  /** One resource's run of unexamined upserts. */
  static final class Run {
    final LogSource source;
    final LogPosition position;
    final ResourceKey key;
    final String aggregateId;

    /** The aggregate's last applied sequence when the run began; every run sequence is above. */
    long baseSequence;

    /** The resource did not exist when the run began: its creation is somewhere in the run. */
    boolean baseAbsent;

    PositionedRecord first;
    PositionedRecord last;
    private long[] offsets = new long[8];

    /** Null while the sequences rise by one from {@link #firstSequence}, as they normally do. */
    private long[] sequences;

    private long firstSequence;
    private int size;

    /** Filled in just before the run is resolved: decoded envelopes or decode failures. */
    Object decodedFirst;

    Object decodedLast;

    Run(
        LogSource source,
        LogPosition position,
        ResourceKey key,
        String aggregateId,
        long baseSequence,
        boolean baseAbsent) {
      this.source = source;
      this.position = position;
      this.key = key;
      this.aggregateId = aggregateId;
      this.baseSequence = baseSequence;
      this.baseAbsent = baseAbsent;
    }

    int size() {
      return size;
    }

    long offset(int index) {
      return offsets[index];
    }

    long sequence(int index) {
      return sequences == null ? firstSequence + index : sequences[index];
    }

    /** The highest sequence the run has seen: its last record's, or its base when empty. */
    long lastSequence() {
      return size == 0 ? baseSequence : sequence(size - 1);
    }

    /** The sequence of the record before {@code index} on the log (the base for the first). */
    long predecessor(int index) {
      return index == 0 ? baseSequence : sequence(index - 1);
    }

    /** The record at {@code index} if it is held in memory. */
    PositionedRecord held(int index) {
      if (index == size - 1) {
        return last;
      }
      return index == 0 && first != null ? first : null;
    }

    /** The decoded record at {@code index} if it was decoded ahead. */
    Object decodedAhead(int index) {
      if (index == size - 1) {
        return decodedLast;
      }
      return index == 0 && first != null ? decodedFirst : null;
    }

    /** A break in the sequence numbers just before {@code index}, if there is one. */
    String gapBefore(int index) {
      long before = predecessor(index);
      long sequence = sequence(index);
      return sequence == before + 1
          ? null
          : aggregateId + " jumped from sequence " + before + " to " + sequence;
    }

    /** Appends a record; returns how many more payload bytes the run now holds. */
    private long add(PositionedRecord record, long sequence) {
      long before = retainedBytes();
      if (size == offsets.length) {
        offsets = Arrays.copyOf(offsets, size * 2);
      }
      if (size == 0) {
        firstSequence = sequence;
      } else if (sequences == null && sequence != firstSequence + size) {
        sequences = new long[offsets.length];
        for (int i = 0; i < size; i++) {
          sequences[i] = firstSequence + i;
        }
      }
      if (sequences != null) {
        if (sequences.length < offsets.length) {
          sequences = Arrays.copyOf(sequences, offsets.length);
        }
        sequences[size] = sequence;
      }
      offsets[size] = record.offset();
      size++;
      if (size == 1 && baseAbsent) {
        first = record;
      }
      last = record;
      return retainedBytes() - before;
    }

    long retainedBytes() {
      long retained = last == null ? 0 : bytes(last);
      if (first != null && first != last) {
        retained += bytes(first);
      }
      return retained;
    }
  }

  private final Map<String, Run> runs = new LinkedHashMap<>();
  private long retainedBytes;

  Run get(String aggregateId) {
    return runs.get(aggregateId);
  }

  /** Starts a resource's run with its first record. */
  void start(
      LogSource source,
      PositionedRecord record,
      ResourceKey key,
      String aggregateId,
      long sequence,
      long baseSequence,
      boolean baseAbsent) {
    Run run = new Run(source, record.position(), key, aggregateId, baseSequence, baseAbsent);
    runs.put(aggregateId, run);
    retainedBytes += run.add(record, sequence);
  }

  /**
   * Empties a resource's run (or opens an empty one) after a removal of the resource was applied:
   * the resource is known to be absent and its sequence known, so the upserts that follow need not
   * ask the projection.
   */
  void restartAfterRemoval(
      Run existing,
      LogSource source,
      PositionedRecord removal,
      ResourceKey key,
      String aggregateId,
      long removalSequence) {
    if (existing == null) {
      runs.put(
          aggregateId,
          new Run(source, removal.position(), key, aggregateId, removalSequence, true));
      return;
    }
    retainedBytes -= existing.retainedBytes();
    existing.size = 0;
    existing.sequences = null;
    existing.first = null;
    existing.last = null;
    existing.decodedFirst = null;
    existing.decodedLast = null;
    existing.baseSequence = removalSequence;
    existing.baseAbsent = true;
  }

  /** Adds a later record to a run. */
  void append(Run run, PositionedRecord record, long sequence) {
    retainedBytes += run.add(record, sequence);
  }

  /** Forgets a run: it was resolved, or a later removal of the resource made it irrelevant. */
  void remove(Run run) {
    if (runs.remove(run.aggregateId) == run) {
      retainedBytes -= run.retainedBytes();
    }
  }

  /** Every run, in the order they began. */
  List<Run> all() {
    return new ArrayList<>(runs.values());
  }

  /** Forgets every run: they are being resolved. */
  void clear() {
    runs.clear();
    retainedBytes = 0;
  }

  boolean isEmpty() {
    return runs.isEmpty();
  }

  long retainedBytes() {
    return retainedBytes;
  }

  private static long bytes(PositionedRecord record) {
    byte[] value = record.record().value();
    return value == null ? 0 : value.length;
  }
}
