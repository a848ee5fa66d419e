package dev.meridian.kernel.event;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;

/**
 * Reads the envelope's timestamp header. Every decoded event and every record a point-in-time view
 * reads has one, and {@link Instant#parse} (a general ISO formatter) costs a quarter of a payload's
 * decoding; the header is always written as {@link Instant#toString()} writes it, so that form is
 * read by hand and anything else goes to {@link Instant#parse}, whose result and errors stay the
 * reference.
 */
final class Timestamps {
  private Timestamps() {}

  /** As {@link Instant#parse}: the same instant, or the same exception. */
  static Instant parse(String text) {
    Instant fast = canonical(text);
    return fast != null ? fast : Instant.parse(text);
  }

  /**
   * {@code uuuu-MM-ddTHH:mm:ss[.fffffffff]Z} with a four-digit year, the form {@link
   * Instant#toString()} writes for years 0–9999; null for anything else (including a leap second,
   * which {@link Instant#parse} adjusts).
   */
  private static Instant canonical(String text) {
    int length = text.length();
    if (length < 20
        || length > 30
        || length == 21
        || text.charAt(4) != '-'
        || text.charAt(7) != '-'
        || text.charAt(10) != 'T'
        || text.charAt(13) != ':'
        || text.charAt(16) != ':'
        || text.charAt(length - 1) != 'Z') {
      return null;
    }
    int year = digits(text, 0, 4);
    int month = digits(text, 5, 7);
    int day = digits(text, 8, 10);
    int hour = digits(text, 11, 13);
    int minute = digits(text, 14, 16);
    int second = digits(text, 17, 19);
    if (year < 0 || month < 0 || day < 0 || hour < 0 || minute < 0 || second < 0) {
      return null;
    }
    if (hour > 23 || minute > 59 || second > 59) {
      return null;
    }
    int nanos = 0;
    if (length > 20) {
      // ".f" to ".fffffffff" between the seconds and the Z
      if (text.charAt(19) != '.') {
        return null;
      }
      int fraction = digits(text, 20, length - 1);
      if (fraction < 0) {
        return null;
      }
      nanos = fraction;
      for (int digitsRead = length - 21; digitsRead < 9; digitsRead++) {
        nanos *= 10;
      }
    }
    long epochDay;
    try {
      epochDay = LocalDate.of(year, month, day).toEpochDay();
    } catch (DateTimeException e) {
      return null;
    }
    return Instant.ofEpochSecond(epochDay * 86_400 + hour * 3_600L + minute * 60L + second, nanos);
  }

  /** The decimal number in {@code text[from, to)}, or -1 if any character is not a digit. */
  private static int digits(String text, int from, int to) {
    int value = 0;
    for (int i = from; i < to; i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      value = value * 10 + (c - '0');
    }
    return value;
  }
}
