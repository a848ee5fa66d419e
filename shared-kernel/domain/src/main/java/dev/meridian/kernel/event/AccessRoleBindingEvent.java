package dev.meridian.kernel.event;

import dev.meridian.kernel.resource.AccessRoleBindingSpec;
import dev.meridian.kernel.resource.ResourceKey;

/** Events of an AccessRoleBinding, written on global and followed by every zone. */
public sealed interface AccessRoleBindingEvent extends DomainEvent {
  String name();

  @Override
  default ResourceKey key() {
    return ResourceKey.accessRoleBinding(name());
  }

  record AccessRoleBindingCreated(String name, AccessRoleBindingSpec spec)
      implements AccessRoleBindingEvent {}

  record AccessRoleBindingUpdated(String name, AccessRoleBindingSpec spec)
      implements AccessRoleBindingEvent {}

  record AccessRoleBindingDeleted(String name) implements AccessRoleBindingEvent, ResourceRemoval {}
}
