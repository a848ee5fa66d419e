package dev.meridian.kernel.log;

import dev.meridian.kernel.event.EventEnvelope;
import dev.meridian.kernel.event.EventHead;
import dev.meridian.kernel.event.LogRecordCodec;
import dev.meridian.kernel.event.MalformedEventException;
import dev.meridian.kernel.projection.ApplyOutcome;
import dev.meridian.kernel.projection.LogSource;
import dev.meridian.kernel.projection.Projection;
import dev.meridian.kernel.resource.ResourceKey;
import dev.meridian.kernel.resource.ResourceKind;
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
  private final RecordLookup lookup;

  /** Upserts read but not examined yet; null for a follower that examines every event. */
  private final UnexaminedEvents unexamined;

  /** From this many runs on, a settle resolves them in parallel (see {@link #settle(Set)}). */
  private int parallelSettleRuns = 64;

  /** Above this many held payload bytes a catch-up settles what it holds before reading on. */
  private static final long UNEXAMINED_BYTES_LIMIT = 256L << 20;

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
    this(projection, sources, observer, cut, null);
  }

  private LogFollower(
      Projection projection,
      Collection<LogSource> sources,
      FeedObserver observer,
      LogCut cut,
      RecordLookup lookup) {
    this.projection = projection;
    this.sourcesByTopic = new ConcurrentHashMap<>();
    sources.forEach(this::addSource);
    this.observer = observer;
    this.cut = cut;
    this.lookup = lookup;
    this.unexamined = lookup == null ? null : new UnexaminedEvents();
  }

  /**
   * A follower for building a state, not for listing every change: while catching up it reads every
   * record's headers but decodes a resource's payloads only where they decide the result — the last
   * event of each run of upserts (and the first, when the run creates the resource) and every
   * removal. The projection it builds is exactly the one the every-event follower builds: same
   * resources, creation and modification times, sequences and checksum. What it does not do is
   * report the rejection of a superseded event whose payload is faulty (its headers are still
   * checked); {@link FeedObserver#superseded} counts those events instead. Once caught up, each
   * batch is settled before {@link #apply} returns. Audit and restore, which need every event, use
   * the constructors.
   *
   * @param lookup reads a record again by its offset, for the rare run whose last payload is
   *     refused
   */
  public static LogFollower latestPerResource(
      Projection projection,
      Collection<LogSource> sources,
      FeedObserver observer,
      LogCut cut,
      RecordLookup lookup) {
    return new LogFollower(
        projection, sources, observer, cut, java.util.Objects.requireNonNull(lookup, "lookup"));
  }

  /** Settles runs in parallel from {@code runs} runs on; tests use it to take either path. */
  LogFollower parallelSettleFrom(int runs) {
    this.parallelSettleRuns = runs;
    return this;
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
    if (unexamined == null) {
      List<Object> decoded = decodeAll(batch);
      for (int i = 0; i < batch.size(); i++) {
        PositionedRecord record = batch.get(i);
        apply(record, decoded.get(i), -1L).ifPresent(changed::add);
        next.put(record.position(), record.offset() + 1);
      }
    } else {
      LogPosition position = null;
      long offset = -1;
      for (PositionedRecord record : batch) {
        applyOrDefer(record, changed);
        // Where each partition stands, noted when the batch moves on to another partition.
        if (position != null && !position.equals(record.position())) {
          next.put(position, offset + 1);
        }
        position = record.position();
        offset = record.offset();
      }
      if (position != null) {
        next.put(position, offset + 1);
      }
      if (caughtUp
          || reachedCatchUpTarget()
          || unexamined.retainedBytes() > UNEXAMINED_BYTES_LIMIT) {
        settle(changed);
      }
    }
    checkCaughtUp();
    return changed;
  }

  private static final LogRecordCodec HEADS = new LogRecordCodec();

  /**
   * Reads each record's head ahead of the fold (a record remembers it), e.g. on a log reader's own
   * thread while the follower folds the previous batch. A record whose headers are faulty is left
   * for the fold to refuse.
   */
  public static void readHeads(List<PositionedRecord> batch) {
    for (PositionedRecord record : batch) {
      try {
        // The follower looks every record's aggregate up by this string; a String keeps its hash
        // once computed, so computing it here takes that off the fold's thread.
        HEADS.head(record.record()).aggregateId().hashCode();
      } catch (MalformedEventException e) {
        // reported where it is folded
      }
    }
  }

  /**
   * Examines everything a {@link #latestPerResource} follower still holds unexamined, so the
   * projection is exact up to what was read; returns the resources that changed. A no-op for an
   * every-event follower. A history view calls it when it has read up to its end.
   */
  public Set<ResourceKey> settle() {
    Set<ResourceKey> changed = new HashSet<>();
    settle(changed);
    return changed;
  }

  private void settle(Set<ResourceKey> changed) {
    if (unexamined == null || unexamined.isEmpty()) {
      return;
    }
    List<UnexaminedEvents.Run> runs = unexamined.all();
    unexamined.clear();
    if (runs.size() < parallelSettleRuns) {
      for (UnexaminedEvents.Run run : runs) {
        resolve(run, changed);
      }
      return;
    }
    // Each run is one resource's, and the fold of one resource's events touches nothing of
    // another's, so runs are resolved on every core (a catch-up's last step, otherwise on one
    // core while the others idle); each resource's own events stay in log order.
    Set<ResourceKey> changedByAny = ConcurrentHashMap.newKeySet();
    runs.parallelStream()
        .forEach(
            run -> {
              decodeAhead(run);
              resolve(run, changedByAny);
            });
    changed.addAll(changedByAny);
  }

  /** Decodes the payloads a run will almost surely need, ahead of its resolution. */
  private void decodeAhead(UnexaminedEvents.Run run) {
    if (run.size() == 0) {
      return;
    }
    run.decodedLast = decodeOrFailure(run.last);
    if (run.first != null && run.first != run.last) {
      run.decodedFirst = decodeOrFailure(run.first);
    }
  }

  /**
   * Applies the run's records that decide the resource's state: the latest one the projection
   * accepts, and before it, when the resource did not exist, the earliest one it accepts (its
   * creation). Anything else in the run is superseded.
   */
  private void resolve(UnexaminedEvents.Run run, Set<ResourceKey> changed) {
    int size = run.size();
    boolean[] examined = new boolean[size];
    int creation = -1;
    if (run.baseAbsent) {
      for (int i = 0; i < size && creation < 0; i++) {
        examined[i] = true;
        if (applyFromRun(run, i, changed)) {
          creation = i;
        }
      }
    }
    if (!run.baseAbsent || (creation >= 0 && creation < size - 1)) {
      for (int i = size - 1; i > creation; i--) {
        examined[i] = true;
        if (applyFromRun(run, i, changed)) {
          break;
        }
      }
    }
    reportSuperseded(run, examined);
  }

  /** Reports the run's records that were not examined as superseded. */
  private void reportSuperseded(UnexaminedEvents.Run run, boolean[] examined) {
    int count = 0;
    List<String> gaps = new java.util.ArrayList<>(0);
    for (int i = 0; i < examined.length; i++) {
      if (!examined[i]) {
        count++;
        String gap = run.gapBefore(i);
        if (gap != null) {
          gaps.add(gap);
        }
      }
    }
    if (count > 0) {
      observer.superseded(run.source, count, gaps);
    }
  }

  private boolean applyFromRun(UnexaminedEvents.Run run, int index, Set<ResourceKey> changed) {
    PositionedRecord record = run.held(index);
    Object decoded = run.decodedAhead(index);
    if (record == null) {
      record = lookup.find(run.position, run.offset(index)).orElseGet(() -> unreadable(run, index));
      decoded = null;
    }
    if (decoded == null) {
      decoded = decodeOrFailure(record);
    }
    java.util.Optional<ResourceKey> key = apply(record, decoded, run.predecessor(index));
    key.ifPresent(changed::add);
    return key.isPresent();
  }

  /** A stand-in for a record the log no longer gives back: it decodes as malformed. */
  private static PositionedRecord unreadable(UnexaminedEvents.Run run, int index) {
    return new PositionedRecord(
        run.position,
        run.offset(index),
        new dev.meridian.kernel.event.LogRecord(run.aggregateId, Map.of(), new byte[0]));
  }

  /**
   * Places one record of a catch-up by its headers: an upsert that may be superseded joins its
   * resource's run unexamined; anything else is applied now, after settling that resource's run
   * when the order of its events could depend on it.
   */
  private void applyOrDefer(PositionedRecord record, Set<ResourceKey> changed) {
    LogSource source = sourcesByTopic.get(record.position().topic());
    if (source == null) {
      applyNow(record, changed, -1L);
      return;
    }
    EventHead head;
    try {
      head = codec.head(record.record());
      if (!cut.includesEverything() && !cut.includes(record, codec.time(record.record()))) {
        return;
      }
    } catch (MalformedEventException e) {
      applyNow(record, changed, -1L);
      return;
    }
    UnexaminedEvents.Run run = unexamined.get(head.aggregateId());
    ResourceKey key;
    if (run != null) {
      key = run.key;
    } else {
      java.util.Optional<ResourceKey> parsed = ResourceKey.parseLogKey(head.aggregateId());
      if (parsed.isEmpty()) {
        applyNow(record, changed, -1L);
        return;
      }
      key = parsed.get();
    }
    if (source.ingressOnly()
        && key.kind() != ResourceKind.ZONE_INGRESS
        && source.origin().equals(head.origin())) {
      // Another zone's own resources, which this projection does not keep.
      observer.applied(source, record, ApplyOutcome.skipped());
      return;
    }
    boolean trusted = source.origin().equals(head.origin()) && source.mayCarry(key.kind());
    // While a run is open nothing else touches its resource, so the run knows the projection's
    // sequence for it.
    boolean inOrder =
        run == null
            ? head.sequence() > projection.lastSequence(head.aggregateId())
            : head.sequence() > run.lastSequence() && run.position.equals(record.position());
    if (!trusted || !inOrder) {
      if (run != null) {
        unexamined.remove(run);
        resolve(run, changed);
      }
      applyNow(record, changed, -1L);
      return;
    }
    if (head.type().removesResource()) {
      // A removal makes every unexamined upsert before it irrelevant, if it is accepted.
      boolean applied = applyNow(record, changed, run == null ? -1L : run.lastSequence());
      if (applied) {
        if (run != null) {
          reportSuperseded(run, new boolean[run.size()]);
        }
        unexamined.restartAfterRemoval(
            run, source, record, key, head.aggregateId(), head.sequence());
      }
      return;
    }
    if (run == null) {
      unexamined.start(
          source,
          record,
          key,
          head.aggregateId(),
          head.sequence(),
          projection.lastSequence(head.aggregateId()),
          projection.get(key).isEmpty());
    } else {
      unexamined.append(run, record, head.sequence());
    }
  }

  private boolean applyNow(PositionedRecord record, Set<ResourceKey> changed, long predecessor) {
    java.util.Optional<ResourceKey> key = apply(record, decodeOrFailure(record), predecessor);
    key.ifPresent(changed::add);
    return key.isPresent();
  }

  private boolean reachedCatchUpTarget() {
    Map<LogPosition, Long> target = catchUpTarget;
    return target != null
        && target.entrySet().stream().allMatch(e -> nextOffset(e.getKey()) >= e.getValue());
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

  private java.util.Optional<ResourceKey> apply(
      PositionedRecord record, Object decoded, long logPredecessor) {
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
      outcome = projection.apply(source, envelope, logPredecessor);
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
    // Caught up means the projection is exact: nothing read may still wait unexamined.
    if (!caughtUp && reachedCatchUpTarget() && (unexamined == null || unexamined.isEmpty())) {
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
    // Added under the key's lock: added to the list just fetched, a waiter could land in a list
    // another waiter's exit has just dropped from the map, and never be woken (a lost wake-up
    // that costs the full timeout when two requests wait for the same resource).
    waiters.compute(
        aggregateId,
        (k, list) -> {
          List<Waiter> out = list != null ? list : new CopyOnWriteArrayList<>();
          out.add(waiter);
          return out;
        });
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
