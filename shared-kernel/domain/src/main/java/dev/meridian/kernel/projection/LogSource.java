package dev.meridian.kernel.projection;

import dev.meridian.kernel.resource.Owner;
import dev.meridian.kernel.resource.ResourceKind;

/**
 * The topic an event was read from, and so what it may say. A zone's topic speaks only for that
 * zone; the global topic speaks only for global-owned kinds. A standalone zone (no global control
 * plane) owns every kind on its own topic.
 */
public record LogSource(
    String topic, String origin, boolean isGlobal, boolean ownsAllKinds, boolean ingressOnly) {

  public static final String GLOBAL_ORIGIN = "global";
  public static final String GLOBAL_TOPIC = "meridian.global";

  public static LogSource global() {
    return new LogSource(GLOBAL_TOPIC, GLOBAL_ORIGIN, true, false, false);
  }

  public static LogSource zone(String zone) {
    return new LogSource(zoneTopic(zone), zone, false, false, false);
  }

  public static LogSource standaloneZone(String zone) {
    return new LogSource(zoneTopic(zone), zone, false, true, false);
  }

  /**
   * Another zone's topic as a zone reads it: only its ZoneIngresses matter here (Kuma syncs zone
   * ingresses to other zones, not dataplanes); everything else on it is skipped as not for us.
   */
  public static LogSource remoteZone(String zone) {
    return new LogSource(zoneTopic(zone), zone, false, false, true);
  }

  public static String zoneTopic(String zone) {
    return "meridian.zone." + zone;
  }

  public boolean mayCarry(ResourceKind kind) {
    if (ingressOnly) {
      return kind == ResourceKind.ZONE_INGRESS;
    }
    if (ownsAllKinds || kind.owner() == Owner.EVERY) {
      return true;
    }
    return isGlobal ? kind.owner() == Owner.GLOBAL : kind.owner() == Owner.ZONE;
  }
}
