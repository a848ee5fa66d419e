package dev.meridian.kernel.event;

import dev.meridian.kernel.resource.ResourceKey;
import dev.meridian.kernel.resource.ResourceKind;
import dev.meridian.kernel.resource.SecretSpec;

/** Events of a mesh's secrets; their specs are sealed, so the log never holds one in clear. */
public sealed interface SecretEvent extends DomainEvent {
  String mesh();

  String name();

  @Override
  default ResourceKey key() {
    return new ResourceKey(ResourceKind.SECRET, mesh(), name());
  }

  record SecretCreated(String mesh, String name, SecretSpec spec) implements SecretEvent {}

  record SecretUpdated(String mesh, String name, SecretSpec spec) implements SecretEvent {}

  record SecretDeleted(String mesh, String name) implements SecretEvent, ResourceRemoval {}
}
