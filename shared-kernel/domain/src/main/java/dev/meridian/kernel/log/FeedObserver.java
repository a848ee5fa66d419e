package dev.meridian.kernel.log;

import dev.meridian.kernel.event.EventEnvelope;
import dev.meridian.kernel.projection.ApplyOutcome;
import dev.meridian.kernel.projection.LogSource;
import dev.meridian.kernel.resource.Resource;
import java.util.Optional;

/**
 * What a follower reports about each record, for metrics and logs. Reports about one resource come
 * in log order from one thread at a time; when a catch-up settles many resources at once, reports
 * about different resources may come from several threads concurrently, so an observer must be
 * thread-safe.
 */
public interface FeedObserver {
  /** An event was applied, or recognised as one already applied. */
  void applied(LogSource source, PositionedRecord record, ApplyOutcome outcome);

  /**
   * A record was not applied: malformed, refused by authority, or failing in the fold. {@code
   * reason} is an {@link ApplyOutcome.Reason} name, {@code MALFORMED} or {@code APPLY_FAILED}.
   */
  void rejected(LogSource source, PositionedRecord record, String reason, String detail);

  /**
   * An applied event changed a resource: what it was before and what it is after (empty when it did
   * not exist / no longer exists). History views (audit) listen here; live feeds need not.
   */
  default void changed(
      PositionedRecord record,
      EventEnvelope envelope,
      Optional<Resource> before,
      Optional<Resource> after) {}

  /**
   * During a catch-up, {@code count} events of one resource were replaced by a later event of the
   * same resource before anything needed them, so their payloads were not read (their headers were:
   * origin, kind and sequence are checked for every record). {@code sequenceGaps} describes any
   * break in the sequence numbers among them; normally it is empty.
   */
  default void superseded(LogSource source, int count, java.util.List<String> sequenceGaps) {}
}
