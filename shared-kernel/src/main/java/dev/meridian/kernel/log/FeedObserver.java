package dev.meridian.kernel.log;

import dev.meridian.kernel.projection.ApplyOutcome;
import dev.meridian.kernel.projection.LogSource;

/** What a follower reports about each record, for metrics and logs. */
public interface FeedObserver {
  /** An event was applied, or recognised as one already applied. */
  void applied(LogSource source, PositionedRecord record, ApplyOutcome outcome);

  /**
   * A record was not applied: malformed, refused by authority, or failing in the fold. {@code
   * reason} is an {@link ApplyOutcome.Reason} name, {@code MALFORMED} or {@code APPLY_FAILED}.
   */
  void rejected(LogSource source, PositionedRecord record, String reason, String detail);
}
