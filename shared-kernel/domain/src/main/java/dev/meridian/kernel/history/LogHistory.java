package dev.meridian.kernel.history;

import dev.meridian.kernel.event.EventEnvelope;
import dev.meridian.kernel.event.LogRecordCodec;
import dev.meridian.kernel.event.MalformedEventException;
import dev.meridian.kernel.log.FeedObserver;
import dev.meridian.kernel.log.LogCut;
import dev.meridian.kernel.log.LogFollower;
import dev.meridian.kernel.log.LogPosition;
import dev.meridian.kernel.log.LogReader;
import dev.meridian.kernel.log.PositionedRecord;
import dev.meridian.kernel.projection.ApplyOutcome;
import dev.meridian.kernel.projection.LogSource;
import dev.meridian.kernel.projection.Projection;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The log read back: the projection as it was at a cut, and the changes an audit query matches.
 * Both replay the log from its beginning through the same {@link LogFollower} and fold as the live
 * projection, so a view of "now" equals the live one and a view of the past is what the live one
 * was then.
 *
 * <p>Views are cached by cut and by where the log ended when they were built: a repeated question
 * about an unchanged log is answered without replaying it again.
 */
public final class LogHistory {
  private static final int CACHED_VIEWS = 4;

  private final LogReader reader;
  private final Supplier<Collection<LogSource>> sources;
  private final LogRecordCodec codec = new LogRecordCodec();
  private final Map<String, Projection> views =
      new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Projection> eldest) {
          return size() > CACHED_VIEWS;
        }
      };

  public LogHistory(LogReader reader, Supplier<Collection<LogSource>> sources) {
    this.reader = reader;
    this.sources = sources;
  }

  /** Turns what a client asked for into a cut; empty when a position names no event. */
  public Optional<LogCut> resolve(LogCut.Requested requested) {
    if (requested instanceof LogCut.Requested.Time time) {
      return Optional.of(LogCut.at(time.time()));
    }
    LogCut.Requested.Position position = (LogCut.Requested.Position) requested;
    if (sources.get().stream().noneMatch(s -> s.topic().equals(position.position().topic()))) {
      return Optional.empty();
    }
    return reader
        .readOne(position.position(), position.offset())
        .flatMap(this::decode)
        .map(e -> LogCut.atEvent(position.position(), position.offset(), e.timestamp()));
  }

  private Optional<EventEnvelope> decode(PositionedRecord record) {
    try {
      return Optional.of(codec.decode(record.record()));
    } catch (MalformedEventException e) {
      return Optional.empty();
    }
  }

  /** The projection as the log says it was at the cut. */
  public Projection at(LogCut cut) {
    Collection<LogSource> from = sources.get();
    Map<LogPosition, Long> end = reader.endOffsets(topics(from));
    String cacheKey = cut + " " + new java.util.TreeMap<>(toStrings(end));
    synchronized (views) {
      Projection cached = views.get(cacheKey);
      if (cached != null) {
        return cached;
      }
    }
    Projection projection = new Projection();
    // A view needs the state, not every change: superseded payloads are not read.
    LogFollower follower =
        LogFollower.latestPerResource(projection, from, QUIET, cut, reader::readOne);
    reader.read(end, follower::apply);
    follower.settle();
    synchronized (views) {
      views.put(cacheKey, projection);
    }
    return projection;
  }

  /** The newest {@code keep} changes matching the query, and how many match in all. */
  public AuditCollector audit(AuditQuery query, int keep) {
    Collection<LogSource> from = sources.get();
    AuditCollector collector = new AuditCollector(query, keep);
    // The audit lists every change, so every event is read.
    LogFollower follower = new LogFollower(new Projection(), from, collector, LogCut.latest());
    reader.read(reader.endOffsets(topics(from)), follower::apply);
    return collector;
  }

  private static Set<String> topics(Collection<LogSource> from) {
    return from.stream().map(LogSource::topic).collect(Collectors.toSet());
  }

  private static Map<String, Long> toStrings(Map<LogPosition, Long> end) {
    return end.entrySet().stream()
        .collect(Collectors.toMap(e -> e.getKey().toString(), Map.Entry::getValue));
  }

  private static final FeedObserver QUIET =
      new FeedObserver() {
        @Override
        public void applied(LogSource source, PositionedRecord record, ApplyOutcome outcome) {}

        @Override
        public void rejected(
            LogSource source, PositionedRecord record, String reason, String detail) {}
      };
}
