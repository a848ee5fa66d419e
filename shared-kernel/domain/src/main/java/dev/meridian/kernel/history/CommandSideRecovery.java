package dev.meridian.kernel.history;

import dev.meridian.kernel.event.EventEnvelope;
import dev.meridian.kernel.log.LogPosition;
import dev.meridian.kernel.log.LogReader;
import dev.meridian.kernel.log.RebuildProgress;
import dev.meridian.kernel.projection.LogSource;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Brings a control plane's command side (its event store) in line with its own topic at start:
 *
 * <ul>
 *   <li>an empty store, or one forced to rebuild, gets every event back (a restore);
 *   <li>a store with events but no publisher position is a restore that did not finish (the
 *       position is written last): discarded and restored again;
 *   <li>a store holding fewer events than its topic (an older backup, lost last commits) gets the
 *       events it lacks, so later writes do not reuse sequences the log already holds.
 * </ul>
 *
 * Events written back keep their aggregate identifiers, sequences, identifiers, times and actors,
 * and the publisher is not made to send them again. The decisions live here once; each control
 * plane supplies its {@link EventStore}.
 */
public final class CommandSideRecovery {
  private static final Duration PROGRESS_REPORT_INTERVAL = Duration.ofSeconds(5);

  public enum Outcome {
    NOT_RUN,
    NOT_NEEDED,
    /** The store had events but lagged its topic; the missing ones were written back. */
    CAUGHT_UP,
    RESTORED
  }

  /** The event store as recovery needs it. Each call is one transaction. */
  public interface EventStore {
    boolean hasEvents();

    /** Whether the log publisher has a position (it is written last by a restore). */
    boolean publisherHasStarted();

    long storedEvents();

    /** The highest stored sequence per aggregate identifier. */
    Map<String, Long> storedSequences();

    /** Deletes every event, snapshot and processor position. */
    void discard();

    void append(List<EventEnvelope> events);

    /** Where the store ends now, to compare the publisher's position with later. */
    Object head();

    /** After a restore: the publisher starts after everything stored. */
    void startPublisherAtHead();

    /**
     * After a catch-up: if the publisher had published up to {@code headBefore}, it moves past the
     * events written back; otherwise it stays (consumers drop a redelivery by its sequence).
     */
    void skipPublishingWrittenBack(Object headBefore);
  }

  /** Where progress and decisions are reported (the application's log). */
  public interface Reporter {
    void info(String message);

    void warn(String message);
  }

  private final LogSource own;
  private final EventStore store;
  private final Reporter reporter;
  private final OwnLogReplay replay;
  private volatile Outcome outcome = Outcome.NOT_RUN;

  public CommandSideRecovery(LogReader reader, LogSource own, EventStore store, Reporter reporter) {
    this.own = own;
    this.store = store;
    this.reporter = reporter;
    this.replay = new OwnLogReplay(reader, own);
  }

  public Outcome run(boolean forced) {
    if (forced) {
      reporter.warn("Rebuild from the log requested: discarding the local event store");
      store.discard();
    } else if (store.hasEvents()) {
      if (store.publisherHasStarted()) {
        outcome = catchUp();
        return outcome;
      }
      reporter.warn("Found an unfinished restore from the log: discarding it and restoring again");
      store.discard();
    }
    outcome = restore();
    return outcome;
  }

  private Outcome restore() {
    Map<LogPosition, Long> end = replay.end();
    long onLog = records(end);
    if (onLog == 0) {
      return Outcome.NOT_NEEDED;
    }
    reporter.info(
        "Event store is empty; restoring it from " + own.topic() + " (" + onLog + " records)");
    // An empty store may still hold the publisher's position (its events lost, that row not).
    store.discard();
    long[] nextReport = {System.nanoTime() + PROGRESS_REPORT_INTERVAL.toNanos()};
    replay.run(
        end,
        batch -> {
          store.append(batch);
          if (System.nanoTime() > nextReport[0]) {
            nextReport[0] = System.nanoTime() + PROGRESS_REPORT_INTERVAL.toNanos();
            RebuildProgress p = replay.progress();
            reporter.info(
                "Restoring the event store: "
                    + p.recordsRead()
                    + " records read, "
                    + p.recordsRemaining()
                    + " to go, "
                    + Math.round(p.recordsPerSecond())
                    + " records/s");
          }
        });
    store.startPublisherAtHead();
    RebuildProgress done = replay.progress();
    reporter.info(
        "Event store restored from the log: "
            + replay.restored()
            + " events of "
            + replay.projection().size()
            + " aggregates in "
            + done.elapsed().toMillis()
            + " ms ("
            + Math.round(done.recordsPerSecond())
            + " records/s)");
    return Outcome.RESTORED;
  }

  /** Counting first keeps the usual start, where the store holds everything, to one query. */
  private Outcome catchUp() {
    Map<LogPosition, Long> end = replay.end();
    if (store.storedEvents() >= records(end)) {
      return Outcome.NOT_NEEDED;
    }
    Map<String, Long> stored = store.storedSequences();
    Object headBefore = store.head();
    long[] appended = {0};
    replay.run(
        end,
        batch -> {
          List<EventEnvelope> missing =
              batch.stream()
                  .filter(e -> e.sequence() > stored.getOrDefault(e.aggregateId(), -1L))
                  .toList();
          if (!missing.isEmpty()) {
            store.append(missing);
            appended[0] += missing.size();
          }
        });
    if (appended[0] == 0) {
      return Outcome.NOT_NEEDED;
    }
    store.skipPublishingWrittenBack(headBefore);
    reporter.warn(
        "The event store lagged "
            + own.topic()
            + ": wrote back "
            + appended[0]
            + " events it lacked from the log");
    return Outcome.CAUGHT_UP;
  }

  private static long records(Map<LogPosition, Long> end) {
    return end.values().stream().mapToLong(Long::longValue).sum();
  }

  public Outcome outcome() {
    return outcome;
  }

  public RebuildProgress progress() {
    return replay.progress();
  }

  public long restoredEvents() {
    return replay.restored();
  }
}
