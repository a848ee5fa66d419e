package dev.meridian.kernel.log;

import java.time.Duration;

/**
 * How far a projection's initial catch-up has come.
 *
 * @param done every record present when it began has been applied
 * @param recordsRead records read since it began
 * @param recordsRemaining records between where it stands and the end it is catching up to
 * @param elapsed time since it began (until it finished, once done)
 */
public record RebuildProgress(
    boolean done, long recordsRead, long recordsRemaining, Duration elapsed) {

  static RebuildProgress notStarted() {
    return new RebuildProgress(false, 0, 0, Duration.ZERO);
  }

  /** Records per second so far. */
  public double recordsPerSecond() {
    double seconds = elapsed.toNanos() / 1e9;
    return seconds <= 0 ? 0 : recordsRead / seconds;
  }

  /** Fraction done, 0..1. */
  public double fraction() {
    long total = recordsRead + recordsRemaining;
    return total == 0 ? (done ? 1 : 0) : (double) recordsRead / total;
  }
}
