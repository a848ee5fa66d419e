package dev.meridian.kernel.log;

import dev.meridian.kernel.event.EventEnvelope;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which records of the log a view includes. The live projection includes everything; a
 * point-in-time view includes what had happened by a moment, named either by a time or by the log
 * position of one event.
 *
 * <p>Time is the event's own time (when its control plane decided it), so every control plane
 * answers "the mesh at 14:02" the same way whatever order it read its topics in.
 */
public sealed interface LogCut {

  /** Whether the view includes the record, whose event happened at {@code eventTime}. */
  boolean includes(PositionedRecord record, Instant eventTime);

  default boolean includes(PositionedRecord record, EventEnvelope envelope) {
    return includes(record, envelope.timestamp());
  }

  /** True when every record is included, so no record's time needs reading to decide. */
  default boolean includesEverything() {
    return false;
  }

  static LogCut latest() {
    return Latest.INSTANCE;
  }

  static LogCut at(Instant time) {
    return new AtTime(time);
  }

  /**
   * The state just after the event at {@code offset} of {@code position} was applied: its own
   * partition up to it, every other partition up to its time.
   */
  static LogCut atEvent(LogPosition position, long offset, Instant eventTime) {
    return new AtEvent(position, offset, eventTime);
  }

  /** Everything. */
  enum Latest implements LogCut {
    INSTANCE;

    @Override
    public boolean includes(PositionedRecord record, Instant eventTime) {
      return true;
    }

    @Override
    public boolean includesEverything() {
      return true;
    }

    @Override
    public String toString() {
      return "latest";
    }
  }

  record AtTime(Instant time) implements LogCut {
    public AtTime {
      Objects.requireNonNull(time, "time");
    }

    @Override
    public boolean includes(PositionedRecord record, Instant eventTime) {
      return !eventTime.isAfter(time);
    }

    @Override
    public String toString() {
      return time.toString();
    }
  }

  record AtEvent(LogPosition position, long offset, Instant eventTime) implements LogCut {
    @Override
    public boolean includes(PositionedRecord record, Instant time) {
      if (record.position().equals(position)) {
        return record.offset() <= offset;
      }
      return !time.isAfter(eventTime);
    }

    @Override
    public String toString() {
      return position + "@" + offset;
    }
  }

  /**
   * What a client asked for with {@code ?at=}: an RFC 3339 time, or a log position {@code
   * <topic>-<partition>@<offset>} as audit entries show it.
   */
  sealed interface Requested {
    /** Parses the {@code at} parameter; empty when it is neither form. */
    static Optional<Requested> parse(String value) {
      if (value == null || value.isBlank()) {
        return Optional.empty();
      }
      Matcher position = POSITION.matcher(value.trim());
      if (position.matches()) {
        try {
          return Optional.of(
              new Position(
                  new LogPosition(position.group(1), Integer.parseInt(position.group(2))),
                  Long.parseLong(position.group(3))));
        } catch (NumberFormatException e) {
          return Optional.empty();
        }
      }
      try {
        return Optional.of(new Time(OffsetDateTime.parse(value.trim()).toInstant()));
      } catch (DateTimeParseException e) {
        return Optional.empty();
      }
    }

    String FORMS = "must be an RFC 3339 time or a log position <topic>-<partition>@<offset>";

    Pattern POSITION = Pattern.compile("^(.+)-(\\d+)@(\\d+)$");

    record Time(Instant time) implements Requested {}

    record Position(LogPosition position, long offset) implements Requested {}
  }
}
