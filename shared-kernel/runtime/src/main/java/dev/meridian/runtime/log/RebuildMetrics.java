package dev.meridian.runtime.log;

import dev.meridian.kernel.log.RebuildProgress;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.function.Supplier;

/**
 * Rebuild progress as gauges, one set per side ({@code read}: the projection caught up from the
 * log; {@code command}: the event store restored from the log).
 */
public final class RebuildMetrics {
  private RebuildMetrics() {}

  public static void register(MeterRegistry meters, String side, Supplier<RebuildProgress> source) {
    Gauge.builder("meridian_rebuild_records_read", () -> source.get().recordsRead())
        .description("Records read from the log since the rebuild began")
        .tag("side", side)
        .register(meters);
    Gauge.builder("meridian_rebuild_records_remaining", () -> source.get().recordsRemaining())
        .description("Records between where the rebuild stands and the end of the log")
        .tag("side", side)
        .register(meters);
    Gauge.builder("meridian_rebuild_records_per_second", () -> source.get().recordsPerSecond())
        .description("Rebuild throughput so far")
        .tag("side", side)
        .register(meters);
    Gauge.builder("meridian_rebuild_done", () -> source.get().done() ? 1 : 0)
        .description("1 once the rebuild has reached the end of the log it started with")
        .tag("side", side)
        .register(meters);
  }
}
