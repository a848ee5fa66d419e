package dev.meridian.kernel.event;

import dev.meridian.kernel.resource.DataplaneSpec;
import dev.meridian.kernel.resource.ResourceKey;

/** Events of the Dataplane aggregate. */
public sealed interface DataplaneEvent extends DomainEvent {
  String mesh();

  String name();

  @Override
  default ResourceKey key() {
    return ResourceKey.dataplane(mesh(), name());
  }

  record DataplaneRegistered(String mesh, String name, DataplaneSpec spec)
      implements DataplaneEvent {}

  record DataplaneUpdated(String mesh, String name, DataplaneSpec spec) implements DataplaneEvent {}

  record DataplaneDeregistered(String mesh, String name)
      implements DataplaneEvent, ResourceRemoval {}
}
