package dev.meridian.kernel.log;

import dev.meridian.kernel.event.EventEnvelope;
import dev.meridian.kernel.event.LogRecordCodec;
import dev.meridian.kernel.event.MalformedEventException;
import dev.meridian.kernel.projection.ApplyOutcome;
import dev.meridian.kernel.projection.LogSource;
import dev.meridian.kernel.projection.Projection;
import dev.meridian.kernel.resource.ResourceKey;
import java.time.Duration;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Everything about following the log except the broker client: decoding, applying each record to
 * the projection through the one fold, where each partition stands, whether everything present at
 * start has been applied, and who is waiting to see a write. The broker adapter only reads batches
 * and hands them here, so every control plane follows the log the same way.
 *
 * <p>{@link #apply} is called by one thread; {@link #awaitApplied} and the readers by any.
 */
public final class LogFollower {
  private final Projection projection;
  private final Map<String, LogSource> sourcesByTopic;
  private final FeedObserver observer;
  private final LogRecordCodec codec = new LogRecordCodec();
  private final Map<LogPosition, Long> next = new ConcurrentHashMap<>();
  private final Map<String, List<Waiter>> waiters = new ConcurrentHashMap<>();
  private final LogCut cut;
  private volatile Map<LogPosition, Long> catchUpTarget;
  private volatile Map<LogPosition, Long> catchUpStart = Map.of();
  private volatile long catchUpStartNanos;
  private volatile long caughtUpNanos;
  private volatile boolean caughtUp;

  private record Waiter(long sequence, CompletableFuture<Void> done) {}

  public LogFollower(Projection projection, Collection<LogSource> sources, FeedObserver observer) {
    this(projection, sources, observer, LogCut.latest());
  }

  /**
   * A follower that folds only the records {@code cut} includes: how a point-in-time view is built
   * with the very same fold as the live one.
   */
  public LogFollower(
      Projection projection, Collection<LogSource> sources, FeedObserver observer, LogCut cut) {
    this.projection = projection;
    this.sourcesByTopic = new ConcurrentHashMap<>();
    sources.forEach(this::addSource);
    this.observer = observer;
    this.cut = cut;
  }

  /** The sources followed now, including any added since start. */
  public List<LogSource> sources() {
    return List.copyOf(sourcesByTopic.values());
  }

  public Set<String> topics() {
    return Set.copyOf(sourcesByTopic.keySet());
  }

  /**
   * Follows one more topic (e.g. a zone that appeared); returns false if it was followed already.
   */
  public boolean addSource(LogSource source) {
    return sourcesByTopic.putIfAbsent(source.topic(), source) == null;
  }

  /** The offset to read next in a partition: where this projection stands (0 if never read). */
  public long nextOffset(LogPosition position) {
    return next.getOrDefault(position, 0L);
  }

  /** Sets what "caught up" means: every partition read up to these end offsets. */
  public void catchUpTo(Map<LogPosition, Long> endOffsets) {
    if (catchUpTarget == null) {
      Map<LogPosition, Long> start = new java.util.HashMap<>();
      endOffsets.keySet().forEach(p -> start.put(p, nextOffset(p)));
      catchUpStart = Map.copyOf(start);
      catchUpStartNanos = System.nanoTime();
    }
    catchUpTarget = Map.copyOf(endOffsets);
    checkCaughtUp();
  }

  /**
   * How far the initial catch-up (the rebuild, on a fresh process) has come: records read since it
   * began, records still to read, and the rate so far.
   */
  public RebuildProgress progress() {
    Map<LogPosition, Long> target = catchUpTarget;
    if (target == null) {
      return RebuildProgress.notStarted();
    }
    long read = 0;
    long remaining = 0;
    for (Map.Entry<LogPosition, Long> e : target.entrySet()) {
      long at = nextOffset(e.getKey());
      read += Math.max(0, at - catchUpStart.getOrDefault(e.getKey(), 0L));
      remaining += Math.max(0, e.getValue() - at);
    }
    long end = caughtUp ? caughtUpNanos : System.nanoTime();
    return new RebuildProgress(
        caughtUp, read, remaining, java.time.Duration.ofNanos(end - catchUpStartNanos));
  }

  /** True once everything that was on the log at start has been applied. */
  public boolean caughtUp() {
    return caughtUp;
  }

  /** Applies a batch in order; returns the resources it changed. */
  public Set<ResourceKey> apply(List<PositionedRecord> batch) {
    Set<ResourceKey> changed = new HashSet<>();
    List<Object> decoded = decodeAll(batch);
    for (int i = 0; i < batch.size(); i++) {
      PositionedRecord record = batch.get(i);
      apply(record, decoded.get(i)).ifPresent(changed::add);
      next.put(record.position(), record.offset() + 1);
    }
    checkCaughtUp();
    return changed;
  }

  /** Batches at least this long are decoded on several cores; folding stays in log order. */
  private static final int PARALLEL_DECODE_THRESHOLD = 256;

  /**
   * Each record's envelope, or the {@link MalformedEventException} it could not be decoded with.
   * Decoding is pure and most of a rebuild's work, so a long batch (catching up) is decoded in
   * parallel; the fold that follows is sequential, so the outcome is the same.
   */
  private List<Object> decodeAll(List<PositionedRecord> batch) {
    java.util.stream.Stream<PositionedRecord> records =
        batch.size() >= PARALLEL_DECODE_THRESHOLD ? batch.parallelStream() : batch.stream();
    return records.map(this::decodeOrFailure).toList();
  }

  private Object decodeOrFailure(PositionedRecord record) {
    try {
      return codec.decode(record.record());
    } catch (MalformedEventException e) {
      return e;
    } catch (RuntimeException e) {
      // Anything else a record makes the decoder throw is a malformed record too: it must not
      // stall the log behind it.
      return new MalformedEventException("undecodable record: " + e, e);
    }
  }

  private java.util.Optional<ResourceKey> apply(PositionedRecord record, Object decoded) {
    LogSource source = sourcesByTopic.get(record.position().topic());
    if (source == null) {
      observer.rejected(null, record, "UNKNOWN_TOPIC", "not a source of this projection");
      return java.util.Optional.empty();
    }
    if (decoded instanceof MalformedEventException e) {
      observer.rejected(source, record, "MALFORMED", e.getMessage());
      return java.util.Optional.empty();
    }
    EventEnvelope envelope = (EventEnvelope) decoded;
    if (!cut.includes(record, envelope)) {
      return java.util.Optional.empty();
    }
    ResourceKey key = envelope.payload().key();
    java.util.Optional<dev.meridian.kernel.resource.Resource> before = projection.get(key);
    ApplyOutcome outcome;
    try {
      outcome = projection.apply(source, envelope);
    } catch (RuntimeException e) {
      // A record the fold cannot handle must not stall the log behind it.
      observer.rejected(source, record, "APPLY_FAILED", e.toString());
      return java.util.Optional.empty();
    }
    if (outcome.status() == ApplyOutcome.Status.REJECTED) {
      observer.rejected(source, record, outcome.reason().name(), outcome.detail());
    } else {
      observer.applied(source, record, outcome);
    }
    if (outcome.changedState()) {
      // Before waking writers: what they read next (e.g. provenance) already knows the change.
      observer.changed(record, envelope, before, projection.get(key));
    }
    release(envelope.aggregateId());
    return outcome.changedState() ? java.util.Optional.of(key) : java.util.Optional.empty();
  }

  private void checkCaughtUp() {
    Map<LogPosition, Long> target = catchUpTarget;
    if (!caughtUp
        && target != null
        && target.entrySet().stream().allMatch(e -> nextOffset(e.getKey()) >= e.getValue())) {
      caughtUpNanos = System.nanoTime();
      caughtUp = true;
    }
  }

  /**
   * Blocks until the projection has applied {@code sequence} of {@code aggregateId} (or a later
   * one). Returns false on timeout.
   */
  public boolean awaitApplied(String aggregateId, long sequence, Duration timeout) {
    Waiter waiter = new Waiter(sequence, new CompletableFuture<>());
    waiters.computeIfAbsent(aggregateId, k -> new CopyOnWriteArrayList<>()).add(waiter);
    try {
      if (projection.lastSequence(aggregateId) >= sequence) {
        return true;
      }
      waiter.done().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      return true;
    } catch (TimeoutException | ExecutionException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } finally {
      waiters.computeIfPresent(
          aggregateId,
          (k, list) -> {
            list.remove(waiter);
            return list.isEmpty() ? null : list;
          });
    }
  }

  private void release(String aggregateId) {
    List<Waiter> list = waiters.get(aggregateId);
    if (list == null) {
      return;
    }
    long applied = projection.lastSequence(aggregateId);
    for (Waiter waiter : list) {
      if (waiter.sequence() <= applied) {
        waiter.done().complete(null);
      }
    }
  }
}
