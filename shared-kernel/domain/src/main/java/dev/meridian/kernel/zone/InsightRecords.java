package dev.meridian.kernel.zone;

import dev.meridian.kernel.resource.ResourceKey;
import java.util.Optional;

/**
 * How dataplane insights travel from zones to global: on the compacted topic {@link #TOPIC}, one
 * record per dataplane keyed {@code <zone>/<mesh>/<name>}, the value its latest DataplaneInsight
 * (JSON), an empty value when the dataplane is gone.
 */
public final class InsightRecords {
  public static final String TOPIC = "meridian.insights";

  private InsightRecords() {}

  public static String key(String zone, ResourceKey dataplane) {
    return zone + "/" + dataplane.mesh() + "/" + dataplane.name();
  }

  /** The zone and dataplane a key names; empty when it is not a well-formed key. */
  public static Optional<Keyed> parse(String key) {
    if (key == null) {
      return Optional.empty();
    }
    String[] parts = key.split("/", -1);
    if (parts.length != 3 || parts[0].isEmpty() || parts[1].isEmpty() || parts[2].isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new Keyed(parts[0], ResourceKey.dataplane(parts[1], parts[2])));
  }

  public record Keyed(String zone, ResourceKey dataplane) {}
}
