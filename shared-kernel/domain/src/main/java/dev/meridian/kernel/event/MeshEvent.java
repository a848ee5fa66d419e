package dev.meridian.kernel.event;

import dev.meridian.kernel.resource.MeshSpec;
import dev.meridian.kernel.resource.ResourceKey;

/** Events of the Mesh aggregate. */
public sealed interface MeshEvent extends DomainEvent {
  String name();

  @Override
  default ResourceKey key() {
    return ResourceKey.mesh(name());
  }

  record MeshCreated(String name, MeshSpec spec) implements MeshEvent {}

  record MeshUpdated(String name, MeshSpec spec) implements MeshEvent {}

  record MeshDeleted(String name) implements MeshEvent, ResourceRemoval {}
}
