package dev.meridian.kernel.event;

import dev.meridian.kernel.resource.ResourceKey;
import dev.meridian.kernel.resource.ZoneIngressSpec;

/** Events of the ZoneIngress aggregate. */
public sealed interface ZoneIngressEvent extends DomainEvent {
  String name();

  @Override
  default ResourceKey key() {
    return ResourceKey.zoneIngress(name());
  }

  record ZoneIngressRegistered(String name, ZoneIngressSpec spec) implements ZoneIngressEvent {}

  record ZoneIngressUpdated(String name, ZoneIngressSpec spec) implements ZoneIngressEvent {}

  record ZoneIngressDeregistered(String name) implements ZoneIngressEvent, ResourceRemoval {}
}
