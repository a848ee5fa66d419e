package dev.meridian.runtime.security;

import java.time.Clock;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;

/**
 * Logs refusals without letting a flood of them flood the log: at most {@value #PER_SECOND} lines a
 * second; the first line logged in a later second is preceded by one saying how many were left out.
 * Every refusal is still counted and listed ({@link AccessDenials}); only the log is thinned.
 */
public final class RefusalLog {
  static final int PER_SECOND = 20;

  private final Logger log;
  private final Clock clock;
  private long second = -1;
  private int logged;
  private final AtomicLong skipped = new AtomicLong();

  public RefusalLog(Logger log) {
    this(log, Clock.systemUTC());
  }

  RefusalLog(Logger log, Clock clock) {
    this.log = log;
    this.clock = clock;
  }

  /** Logs {@code format} with {@code arguments} at WARN, unless this second's share is used. */
  public void warn(String format, Object... arguments) {
    long now = clock.millis() / 1000;
    long dropped = 0;
    synchronized (this) {
      if (now != second) {
        second = now;
        logged = 0;
        dropped = skipped.getAndSet(0);
      }
      if (logged >= PER_SECOND) {
        skipped.incrementAndGet();
        return;
      }
      logged++;
    }
    if (dropped > 0) {
      log.warn("{} more refusals were not logged (see /audit/access and the metrics)", dropped);
    }
    log.warn(format, arguments);
  }
}
