package dev.meridian.kernel.history;

import dev.meridian.kernel.event.EventEnvelope;
import dev.meridian.kernel.log.FeedObserver;
import dev.meridian.kernel.log.LogFollower;
import dev.meridian.kernel.log.LogPosition;
import dev.meridian.kernel.log.LogReader;
import dev.meridian.kernel.log.PositionedRecord;
import dev.meridian.kernel.log.RebuildProgress;
import dev.meridian.kernel.projection.ApplyOutcome;
import dev.meridian.kernel.projection.LogSource;
import dev.meridian.kernel.projection.Projection;
import dev.meridian.kernel.resource.Resource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * A control plane's own topic read back to restore its command side: every event it wrote, as the
 * fold accepted it (redeliveries dropped, records it may not carry refused), handed over in log
 * order so each aggregate's events arrive in sequence. The event store rebuilt from these holds the
 * same aggregates, identifiers and sequences as before, so later writes continue them.
 */
public final class OwnLogReplay {
  private final LogReader reader;
  private final LogSource own;
  private final Projection projection = new Projection();
  private volatile LogFollower follower;
  private long restored;

  public OwnLogReplay(LogReader reader, LogSource own) {
    this.reader = reader;
    this.own = own;
  }

  /** Where the log ends now: zero records means there is nothing to restore. */
  public Map<LogPosition, Long> end() {
    return reader.endOffsets(Set.of(own.topic()));
  }

  /** Replays up to {@code end}, handing each batch of accepted events to {@code sink}. */
  public void run(Map<LogPosition, Long> end, Consumer<List<EventEnvelope>> sink) {
    List<EventEnvelope> accepted = new ArrayList<>();
    LogFollower replay =
        new LogFollower(
            projection,
            List.of(own),
            new FeedObserver() {
              @Override
              public void applied(
                  LogSource source, PositionedRecord record, ApplyOutcome outcome) {}

              @Override
              public void rejected(
                  LogSource source, PositionedRecord record, String reason, String detail) {}

              @Override
              public void changed(
                  PositionedRecord record,
                  EventEnvelope envelope,
                  Optional<Resource> before,
                  Optional<Resource> after) {
                accepted.add(envelope);
              }
            });
    replay.catchUpTo(end);
    follower = replay;
    reader.read(
        end,
        batch -> {
          replay.apply(batch);
          if (!accepted.isEmpty()) {
            sink.accept(List.copyOf(accepted));
            restored += accepted.size();
            accepted.clear();
          }
        });
  }

  /** Events handed over so far. */
  public long restored() {
    return restored;
  }

  /** How far the replay has come. */
  public RebuildProgress progress() {
    LogFollower current = follower;
    return current == null
        ? new RebuildProgress(false, 0, 0, java.time.Duration.ZERO)
        : current.progress();
  }

  /** The state the restored events add up to, for a checksum in the log output. */
  public Projection projection() {
    return projection;
  }
}
