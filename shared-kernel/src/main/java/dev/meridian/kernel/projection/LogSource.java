package dev.meridian.kernel.projection;

import dev.meridian.kernel.resource.Owner;
import dev.meridian.kernel.resource.ResourceKind;

/**
 * The topic an event was read from, and so what it may say. A zone's topic speaks only for that
 * zone; the global topic speaks only for global-owned kinds. A standalone zone (no global control
 * plane) owns every kind on its own topic.
 */
public record LogSource(String topic, String origin, boolean isGlobal, boolean ownsAllKinds) {

  public static final String GLOBAL_ORIGIN = "global";
  public static final String GLOBAL_TOPIC = "meridian.global";

  public static LogSource global() {
    return new LogSource(GLOBAL_TOPIC, GLOBAL_ORIGIN, true, false);
  }

  public static LogSource zone(String zone) {
    return new LogSource(zoneTopic(zone), zone, false, false);
  }

  public static LogSource standaloneZone(String zone) {
    return new LogSource(zoneTopic(zone), zone, false, true);
  }

  public static String zoneTopic(String zone) {
    return "meridian.zone." + zone;
  }

  public boolean mayCarry(ResourceKind kind) {
    if (ownsAllKinds) {
      return true;
    }
    return isGlobal ? kind.owner() == Owner.GLOBAL : kind.owner() == Owner.ZONE;
  }
}
