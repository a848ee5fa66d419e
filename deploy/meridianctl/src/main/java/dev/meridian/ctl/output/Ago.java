package dev.meridian.ctl.output;

import java.time.Duration;
import java.time.Instant;

/** Ages and "… ago" cells in kumactl's words: {@code 12s}, {@code 5m}, {@code 3h}, {@code 2d}. */
public final class Ago {
  private Ago() {}

  /** {@code never} when {@code time} is absent. */
  public static String since(String time, Instant now) {
    if (time == null || time.isBlank()) {
      return "never";
    }
    return duration(Duration.between(Instant.parse(time), now));
  }

  public static String duration(Duration d) {
    long seconds = d.getSeconds();
    if (seconds < -1) {
      return "never";
    }
    if (seconds < 0) {
      return "0s";
    }
    if (seconds < 60) {
      return seconds + "s";
    }
    if (d.toMinutes() < 60) {
      return d.toMinutes() + "m";
    }
    if (d.toHours() < 24) {
      return d.toHours() + "h";
    }
    if (d.toHours() < 24 * 365) {
      return d.toHours() / 24 + "d";
    }
    return d.toHours() / 24 / 365 + "y";
  }
}
