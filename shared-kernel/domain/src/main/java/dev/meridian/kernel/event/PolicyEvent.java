package dev.meridian.kernel.event;

import dev.meridian.kernel.resource.PolicySpec;
import dev.meridian.kernel.resource.ResourceKey;
import dev.meridian.kernel.resource.ResourceKind;

/**
 * Events of every targetRef policy, whatever its kind: one family, so a new policy kind needs no
 * new event types. {@code type} is the Kuma type name ({@code MeshTimeout}, …).
 */
public sealed interface PolicyEvent extends DomainEvent {
  String type();

  String mesh();

  String name();

  @Override
  default ResourceKey key() {
    ResourceKind kind =
        ResourceKind.byTypeName(type())
            .filter(ResourceKind::isPolicy)
            .orElseThrow(() -> new IllegalArgumentException("not a policy type: " + type()));
    return new ResourceKey(kind, mesh(), name());
  }

  static PolicyCreated created(ResourceKey key, PolicySpec spec) {
    return new PolicyCreated(key.kind().typeName(), key.mesh(), key.name(), spec);
  }

  static PolicyUpdated updated(ResourceKey key, PolicySpec spec) {
    return new PolicyUpdated(key.kind().typeName(), key.mesh(), key.name(), spec);
  }

  static PolicyDeleted deleted(ResourceKey key) {
    return new PolicyDeleted(key.kind().typeName(), key.mesh(), key.name());
  }

  record PolicyCreated(String type, String mesh, String name, PolicySpec spec)
      implements PolicyEvent {}

  record PolicyUpdated(String type, String mesh, String name, PolicySpec spec)
      implements PolicyEvent {}

  record PolicyDeleted(String type, String mesh, String name)
      implements PolicyEvent, ResourceRemoval {}
}
