package dev.meridian.kernel.log;

import java.util.Optional;

/** Reads one record again by where it is in the log; {@link LogReader#readOne} is one. */
@FunctionalInterface
public interface RecordLookup {
  Optional<PositionedRecord> find(LogPosition position, long offset);
}
