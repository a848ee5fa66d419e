package dev.meridian.kernel.log;

import dev.meridian.kernel.event.LogRecord;

/** A record as read from the log, with where it was read. */
public record PositionedRecord(LogPosition position, long offset, LogRecord record) {
  public String where() {
    return position + "@" + offset;
  }
}
