package dev.meridian.kernel.projection;

import dev.meridian.kernel.event.DataplaneEvent;
import dev.meridian.kernel.event.DomainEvent;
import dev.meridian.kernel.event.EventEnvelope;
import dev.meridian.kernel.event.ZoneIngressEvent;
import dev.meridian.kernel.resource.DataplaneSpec;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/** Decides whether an event may be applied given where it was read from. Pure. */
final class Authority {
  private Authority() {}

  static Optional<ApplyOutcome> check(LogSource source, EventEnvelope envelope) {
    DomainEvent event = envelope.payload();
    if (!source.origin().equals(envelope.origin())) {
      return reject(
          ApplyOutcome.Reason.ORIGIN_MISMATCH,
          "origin " + envelope.origin() + " on topic " + source.topic());
    }
    if (!source.mayCarry(event.key().kind())) {
      return reject(
          ApplyOutcome.Reason.KIND_NOT_OWNED_BY_SOURCE,
          event.key().kind().typeName() + " may not be written on " + source.topic());
    }
    if (!event.key().logKey().equals(envelope.aggregateId())) {
      return reject(
          ApplyOutcome.Reason.KEY_MISMATCH,
          "record key " + envelope.aggregateId() + " but event is about " + event.key());
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
      Optional<String> foreign =
          zoneTags(event).filter(z -> !source.origin().equals(z)).findFirst();
      if (foreign.isPresent()) {
        return reject(
            ApplyOutcome.Reason.ZONE_TAG_MISMATCH,
            DataplaneSpec.ZONE_TAG + "=" + foreign.get() + " on " + source.topic());
      }
    }
    return Optional.empty();
  }

  private static Stream<String> zoneTags(DomainEvent event) {
    DataplaneSpec spec = null;
    if (event instanceof DataplaneEvent.DataplaneRegistered registered) {
      spec = registered.spec();
    } else if (event instanceof DataplaneEvent.DataplaneUpdated updated) {
      spec = updated.spec();
    }
    if (spec == null || spec.networking() == null) {
      return Stream.empty();
    }
    Stream<Map<String, String>> inboundTags =
        spec.networking().inbounds().stream().map(in -> in == null ? null : in.tags());
    Stream<Map<String, String>> gatewayTags =
        spec.networking().gateway() == null
            ? Stream.empty()
            : Stream.of(spec.networking().gateway().tags());
    return Stream.concat(inboundTags, gatewayTags)
        .map(tags -> tags == null ? null : tags.get(DataplaneSpec.ZONE_TAG))
        // A Dataplane without the stamp has not been through its zone control plane.
        .map(zone -> zone == null ? "<missing>" : zone);
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
