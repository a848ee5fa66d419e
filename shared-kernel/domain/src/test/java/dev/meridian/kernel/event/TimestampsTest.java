package dev.meridian.kernel.event;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The hand-read timestamp must be Instant.parse's result, or its error, for any text. */
class TimestampsTest {

  @Test
  void readsEveryInstantAsInstantParseDoes() {
    Random random = new Random(11);
    for (int i = 0; i < 20_000; i++) {
      // Years 0–9999, and every precision Instant.toString writes (none, millis, micros, nanos).
      long seconds = Math.floorMod(random.nextLong(), 315_537_897_600L) - 62_167_219_200L;
      int nanos =
          switch (random.nextInt(4)) {
            case 0 -> 0;
            case 1 -> random.nextInt(1000) * 1_000_000;
            case 2 -> random.nextInt(1_000_000) * 1_000;
            default -> random.nextInt(1_000_000_000);
          };
      String text = Instant.ofEpochSecond(seconds, nanos).toString();
      assertSameOutcome(text);
    }
  }

  @Test
  void anyOtherTextGetsInstantParsesOutcome() {
    List<String> texts =
        List.of(
            "2026-01-01T00:00:00Z",
            "2026-01-01T00:00:00.1Z",
            "2026-01-01T00:00:00.123456789Z",
            "2026-01-01T00:00:00.Z",
            "2026-01-01T00:00:00.1234567890Z",
            "2026-02-29T00:00:00Z",
            "2024-02-29T00:00:00Z",
            "2026-13-01T00:00:00Z",
            "2026-00-01T00:00:00Z",
            "2026-04-31T00:00:00Z",
            "2026-01-01T24:00:00Z",
            "2026-12-31T23:59:60Z",
            "2026-01-01t00:00:00z",
            "2026-01-01T00:00:00+01:00",
            "2026-01-01 00:00:00Z",
            "+12026-01-01T00:00:00Z",
            "-0001-01-01T00:00:00Z",
            "0000-01-01T00:00:00Z",
            "2026-1-01T00:00:00Z",
            "２０２６-01-01T00:00:00Z",
            "2026-01-01T00:00:0aZ",
            "",
            "Z");
    for (String text : texts) {
      assertSameOutcome(text);
    }
    Random random = new Random(5);
    String base = "2026-06-15T12:34:56.789Z";
    String alphabet = "0123456789-:.TZtz+ ";
    for (int i = 0; i < 20_000; i++) {
      StringBuilder text = new StringBuilder(base);
      for (int edits = 1 + random.nextInt(2); edits > 0; edits--) {
        int at = random.nextInt(text.length());
        char c = alphabet.charAt(random.nextInt(alphabet.length()));
        switch (random.nextInt(3)) {
          case 0 -> text.setCharAt(at, c);
          case 1 -> text.insert(at, c);
          default -> text.deleteCharAt(at);
        }
      }
      assertSameOutcome(text.toString());
    }
  }

  private static void assertSameOutcome(String text) {
    Object expected;
    try {
      expected = Instant.parse(text);
    } catch (RuntimeException e) {
      expected = e.getClass();
    }
    Object actual;
    try {
      actual = Timestamps.parse(text);
    } catch (RuntimeException e) {
      actual = e.getClass();
    }
    assertThat(actual).as(text).isEqualTo(expected);
  }
}
