package dev.meridian.kernel.event;

import dev.meridian.kernel.resource.AccessRoleSpec;
import dev.meridian.kernel.resource.ResourceKey;

/** Events of an AccessRole, written on global and followed by every zone. */
public sealed interface AccessRoleEvent extends DomainEvent {
  String name();

  @Override
  default ResourceKey key() {
    return ResourceKey.accessRole(name());
  }

  record AccessRoleCreated(String name, AccessRoleSpec spec) implements AccessRoleEvent {}

  record AccessRoleUpdated(String name, AccessRoleSpec spec) implements AccessRoleEvent {}

  record AccessRoleDeleted(String name) implements AccessRoleEvent, ResourceRemoval {}
}
