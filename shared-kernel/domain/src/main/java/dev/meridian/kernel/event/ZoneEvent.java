package dev.meridian.kernel.event;

import dev.meridian.kernel.resource.ResourceKey;
import dev.meridian.kernel.resource.ZoneSpec;

/** Events of a Zone resource, written on global and followed by every zone. */
public sealed interface ZoneEvent extends DomainEvent {
  String name();

  @Override
  default ResourceKey key() {
    return ResourceKey.zone(name());
  }

  record ZoneCreated(String name, ZoneSpec spec) implements ZoneEvent {}

  record ZoneUpdated(String name, ZoneSpec spec) implements ZoneEvent {}

  record ZoneDeleted(String name) implements ZoneEvent, ResourceRemoval {}
}
