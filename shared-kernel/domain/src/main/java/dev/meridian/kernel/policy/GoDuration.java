package dev.meridian.kernel.policy;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as Kuma's policies write them (Go's {@code time.ParseDuration}: {@code 500ms}, {@code
 * 1m30s}, {@code 1.5h}), as nanoseconds.
 */
public final class GoDuration {
  private static final Pattern PART =
      Pattern.compile("([0-9]+(?:\\.[0-9]*)?|\\.[0-9]+)(ns|us|µs|ms|s|m|h)");

  private GoDuration() {}

  public static Optional<Long> parseNanos(String value) {
    if (value == null || value.isEmpty()) {
      return Optional.empty();
    }
    if (value.equals("0")) {
      return Optional.of(0L);
    }
    Matcher matcher = PART.matcher(value);
    int at = 0;
    double total = 0;
    while (at < value.length()) {
      if (!matcher.find(at) || matcher.start() != at) {
        return Optional.empty();
      }
      total += Double.parseDouble(matcher.group(1)) * unitNanos(matcher.group(2));
      at = matcher.end();
    }
    return Optional.of((long) total);
  }

  public static com.google.protobuf.Duration toProto(long nanos) {
    return com.google.protobuf.Duration.newBuilder()
        .setSeconds(nanos / 1_000_000_000L)
        .setNanos((int) (nanos % 1_000_000_000L))
        .build();
  }

  private static double unitNanos(String unit) {
    return switch (unit) {
      case "ns" -> 1;
      case "us", "µs" -> 1_000;
      case "ms" -> 1_000_000;
      case "s" -> 1_000_000_000d;
      case "m" -> 60 * 1_000_000_000d;
      default -> 3600 * 1_000_000_000d;
    };
  }
}
