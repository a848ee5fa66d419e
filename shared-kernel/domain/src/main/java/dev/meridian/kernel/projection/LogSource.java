package dev.meridian.kernel.projection;

import dev.meridian.kernel.resource.Owner;
import dev.meridian.kernel.resource.ResourceKind;

/**
 * The topic an event was read from, and so what it may say. A zone's topic speaks only for that
 * zone; the global topic speaks only for global-owned kinds. A standalone zone (no global control
 * plane) owns every kind on its own topic. Kinds every control plane writes about itself
 * (revocations of the tokens it issued) count only on the reader's own topic ({@code own}): no
 * other control plane's word on them is taken.
 */
public record LogSource(
    String topic,
    String origin,
    boolean isGlobal,
    boolean ownsAllKinds,
    boolean ingressOnly,
    boolean own) {

  public static final String GLOBAL_ORIGIN = "global";
  public static final String GLOBAL_TOPIC = "meridian.global";

  public static LogSource global() {
    return new LogSource(GLOBAL_TOPIC, GLOBAL_ORIGIN, true, false, false, false);
  }

  public static LogSource zone(String zone) {
    return new LogSource(zoneTopic(zone), zone, false, false, false, false);
  }

  public static LogSource standaloneZone(String zone) {
    return new LogSource(zoneTopic(zone), zone, false, true, false, false);
  }

  /**
   * Another zone's topic as a zone reads it: only its ZoneIngresses matter here (Kuma syncs zone
   * ingresses to other zones, not dataplanes); everything else on it is skipped as not for us.
   */
  public static LogSource remoteZone(String zone) {
    return new LogSource(zoneTopic(zone), zone, false, false, true, false);
  }

  /** This source as the topic the reading control plane writes itself. */
  public LogSource asOwn() {
    return new LogSource(topic, origin, isGlobal, ownsAllKinds, ingressOnly, true);
  }

  public static String zoneTopic(String zone) {
    return "meridian.zone." + zone;
  }

  public boolean mayCarry(ResourceKind kind) {
    if (ingressOnly) {
      return kind == ResourceKind.ZONE_INGRESS;
    }
    if (kind.owner() == Owner.EVERY) {
      return own;
    }
    if (ownsAllKinds) {
      return true;
    }
    return isGlobal ? kind.owner() == Owner.GLOBAL : kind.owner() == Owner.ZONE;
  }
}
