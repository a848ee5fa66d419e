package dev.meridian.kernel.log;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Reading the log from its beginning: what history views, rebuilds and restores need from the
 * broker. Each control plane implements it with its broker client.
 */
public interface LogReader {

  /** Where each partition of these topics ends now (the offset the next record will get). */
  Map<LogPosition, Long> endOffsets(Set<String> topics);

  /**
   * Reads every partition of the topics from its first record up to {@code endOffsets}, handing
   * records over in batches, each partition in order.
   */
  void read(Map<LogPosition, Long> endOffsets, Consumer<List<PositionedRecord>> batches);

  /** The record at an offset, if the log still holds it. */
  Optional<PositionedRecord> readOne(LogPosition position, long offset);
}
