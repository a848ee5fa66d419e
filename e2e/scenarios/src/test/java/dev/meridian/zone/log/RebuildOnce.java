package dev.meridian.zone.log;

import dev.meridian.kernel.log.LogPosition;
import dev.meridian.kernel.projection.LogSource;
import dev.meridian.runtime.log.KafkaLogReader;
import java.util.Map;
import java.util.Set;

/**
 * One rebuild in a JVM that has run nothing else, as a zone started with an empty data folder does
 * it: {@link RebuildBenchmark} starts it as a child process beside {@code
 * kafka-consumer-perf-test}. Arguments: bootstrap servers, zone name. Prints {@code REBUILD
 * <records/s> <checksum>}.
 */
public final class RebuildOnce {
  private RebuildOnce() {}

  public static void main(String[] args) {
    LogSource source = LogSource.standaloneZone(args[1]);
    KafkaLogReader reader = new KafkaLogReader(RebuildBenchmark.clients(args[0]));
    Map<LogPosition, Long> end = reader.endOffsets(Set.of(source.topic()));
    long records = end.values().stream().mapToLong(Long::longValue).sum();
    RebuildBenchmark.Rebuild rebuild = RebuildBenchmark.rebuild(reader, end, source);
    System.out.printf(
        java.util.Locale.ROOT,
        "REBUILD %.0f %s%n",
        records / rebuild.seconds(),
        rebuild.projection().checksum());
    System.exit(0);
  }
}
