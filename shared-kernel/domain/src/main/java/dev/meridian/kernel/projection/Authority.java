package dev.meridian.kernel.projection;

import dev.meridian.kernel.event.DataplaneEvent;
import dev.meridian.kernel.event.DomainEvent;
import dev.meridian.kernel.event.EventEnvelope;
import dev.meridian.kernel.event.ZoneIngressEvent;
import dev.meridian.kernel.resource.DataplaneSpec;
import dev.meridian.kernel.resource.ResourceKey;
import java.util.Map;
import java.util.Optional;

/** Decides whether an event may be applied given where it was read from. Pure. */
final class Authority {
  private Authority() {}

  static Optional<ApplyOutcome> check(LogSource source, EventEnvelope envelope) {
    // Runs for every applied event, rebuilds included: no streams, the key built once.
    DomainEvent event = envelope.payload();
    ResourceKey key = event.key();
    if (!source.origin().equals(envelope.origin())) {
      return reject(
          ApplyOutcome.Reason.ORIGIN_MISMATCH,
          "origin " + envelope.origin() + " on topic " + source.topic());
    }
    if (!source.mayCarry(key.kind())) {
      return reject(
          ApplyOutcome.Reason.KIND_NOT_OWNED_BY_SOURCE,
          key.kind().typeName() + " may not be written on " + source.topic());
    }
    if (!key.hasLogKey(envelope.aggregateId())) {
      return reject(
          ApplyOutcome.Reason.KEY_MISMATCH,
          "record key " + envelope.aggregateId() + " but event is about " + key);
    }
    if (!source.isGlobal() && event instanceof ZoneIngressEvent ingress) {
      String zone = ingressZone(ingress);
      if (zone != null && !source.origin().equals(zone)) {
        return reject(
            ApplyOutcome.Reason.ZONE_TAG_MISMATCH,
            "ZoneIngress of zone " + zone + " on " + source.topic());
      }
    }
    if (!source.isGlobal() && event instanceof DataplaneEvent) {
      String foreign = foreignZoneTag(event, source.origin());
      if (foreign != null) {
        return reject(
            ApplyOutcome.Reason.ZONE_TAG_MISMATCH,
            DataplaneSpec.ZONE_TAG + "=" + foreign + " on " + source.topic());
      }
    }
    return Optional.empty();
  }

  /**
   * The first zone tag of a Dataplane's inbounds (then its gateway) that is not {@code zone},
   * {@code <missing>} for a tag that is absent (the Dataplane has not been through its zone control
   * plane), or null when every tag is {@code zone}.
   */
  private static String foreignZoneTag(DomainEvent event, String zone) {
    DataplaneSpec spec = null;
    if (event instanceof DataplaneEvent.DataplaneRegistered registered) {
      spec = registered.spec();
    } else if (event instanceof DataplaneEvent.DataplaneUpdated updated) {
      spec = updated.spec();
    }
    if (spec == null || spec.networking() == null) {
      return null;
    }
    for (DataplaneSpec.Inbound inbound : spec.networking().inbounds()) {
      String foreign = foreignZone(inbound == null ? null : inbound.tags(), zone);
      if (foreign != null) {
        return foreign;
      }
    }
    DataplaneSpec.Gateway gateway = spec.networking().gateway();
    return gateway == null ? null : foreignZone(gateway.tags(), zone);
  }

  private static String foreignZone(Map<String, String> tags, String zone) {
    String tagged = tags == null ? null : tags.get(DataplaneSpec.ZONE_TAG);
    if (tagged == null) {
      return "<missing>";
    }
    return zone.equals(tagged) ? null : tagged;
  }

  private static String ingressZone(ZoneIngressEvent event) {
    if (event instanceof ZoneIngressEvent.ZoneIngressRegistered registered) {
      return String.valueOf(registered.spec().zone());
    }
    if (event instanceof ZoneIngressEvent.ZoneIngressUpdated updated) {
      return String.valueOf(updated.spec().zone());
    }
    return null;
  }

  private static Optional<ApplyOutcome> reject(ApplyOutcome.Reason reason, String detail) {
    return Optional.of(ApplyOutcome.rejected(reason, detail));
  }
}
