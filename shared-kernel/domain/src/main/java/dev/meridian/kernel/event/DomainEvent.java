package dev.meridian.kernel.event;

import dev.meridian.kernel.resource.AccessRoleBindingSpec;
import dev.meridian.kernel.resource.AccessRoleSpec;
import dev.meridian.kernel.resource.DataplaneSpec;
import dev.meridian.kernel.resource.DataplaneTokenRevocationSpec;
import dev.meridian.kernel.resource.MeshSpec;
import dev.meridian.kernel.resource.PolicySpec;
import dev.meridian.kernel.resource.ResourceKey;
import dev.meridian.kernel.resource.ResourceSpec;
import dev.meridian.kernel.resource.SecretSpec;
import dev.meridian.kernel.resource.UserTokenRevocationSpec;
import dev.meridian.kernel.resource.ZoneIngressSpec;
import dev.meridian.kernel.resource.ZoneSpec;

/**
 * Everything that can happen to Meridian's resources. Each event carries the whole resource it
 * leaves behind (not a delta), so any single event is enough to know the resource's state.
 */
public sealed interface DomainEvent
    permits MeshEvent,
        DataplaneEvent,
        ZoneIngressEvent,
        PolicyEvent,
        UserTokenRevocationEvent,
        SecretEvent,
        DataplaneTokenRevocationEvent,
        AccessRoleEvent,
        AccessRoleBindingEvent,
        ZoneEvent {
  ResourceKey key();

  /** The event that creates the resource {@code key} with {@code spec}. */
  static DomainEvent created(ResourceKey key, ResourceSpec spec) {
    return switch (key.kind()) {
      case MESH -> new MeshEvent.MeshCreated(key.name(), (MeshSpec) spec);
      case DATAPLANE ->
          new DataplaneEvent.DataplaneRegistered(key.mesh(), key.name(), (DataplaneSpec) spec);
      case ZONE_INGRESS ->
          new ZoneIngressEvent.ZoneIngressRegistered(key.name(), (ZoneIngressSpec) spec);
      case USER_TOKEN_REVOCATION ->
          new UserTokenRevocationEvent.UserTokenRevoked(key.name(), (UserTokenRevocationSpec) spec);
      case SECRET -> new SecretEvent.SecretCreated(key.mesh(), key.name(), (SecretSpec) spec);
      case DATAPLANE_TOKEN_REVOCATION ->
          new DataplaneTokenRevocationEvent.DataplaneTokenRevoked(
              key.mesh(), key.name(), (DataplaneTokenRevocationSpec) spec);
      case ACCESS_ROLE -> new AccessRoleEvent.AccessRoleCreated(key.name(), (AccessRoleSpec) spec);
      case ACCESS_ROLE_BINDING ->
          new AccessRoleBindingEvent.AccessRoleBindingCreated(
              key.name(), (AccessRoleBindingSpec) spec);
      case ZONE -> new ZoneEvent.ZoneCreated(key.name(), (ZoneSpec) spec);
      default -> PolicyEvent.created(key, (PolicySpec) spec);
    };
  }

  /** The event that replaces the spec of the existing resource {@code key}. */
  static DomainEvent updated(ResourceKey key, ResourceSpec spec) {
    return switch (key.kind()) {
      case MESH -> new MeshEvent.MeshUpdated(key.name(), (MeshSpec) spec);
      case DATAPLANE ->
          new DataplaneEvent.DataplaneUpdated(key.mesh(), key.name(), (DataplaneSpec) spec);
      case ZONE_INGRESS ->
          new ZoneIngressEvent.ZoneIngressUpdated(key.name(), (ZoneIngressSpec) spec);
      case USER_TOKEN_REVOCATION ->
          new UserTokenRevocationEvent.UserTokenRevocationUpdated(
              key.name(), (UserTokenRevocationSpec) spec);
      case SECRET -> new SecretEvent.SecretUpdated(key.mesh(), key.name(), (SecretSpec) spec);
      case DATAPLANE_TOKEN_REVOCATION ->
          new DataplaneTokenRevocationEvent.DataplaneTokenRevocationUpdated(
              key.mesh(), key.name(), (DataplaneTokenRevocationSpec) spec);
      case ACCESS_ROLE -> new AccessRoleEvent.AccessRoleUpdated(key.name(), (AccessRoleSpec) spec);
      case ACCESS_ROLE_BINDING ->
          new AccessRoleBindingEvent.AccessRoleBindingUpdated(
              key.name(), (AccessRoleBindingSpec) spec);
      case ZONE -> new ZoneEvent.ZoneUpdated(key.name(), (ZoneSpec) spec);
      default -> PolicyEvent.updated(key, (PolicySpec) spec);
    };
  }

  /** The event that removes the resource {@code key}. */
  static DomainEvent removed(ResourceKey key) {
    return switch (key.kind()) {
      case MESH -> new MeshEvent.MeshDeleted(key.name());
      case DATAPLANE -> new DataplaneEvent.DataplaneDeregistered(key.mesh(), key.name());
      case ZONE_INGRESS -> new ZoneIngressEvent.ZoneIngressDeregistered(key.name());
      case USER_TOKEN_REVOCATION ->
          new UserTokenRevocationEvent.UserTokenRevocationLifted(key.name());
      case SECRET -> new SecretEvent.SecretDeleted(key.mesh(), key.name());
      case DATAPLANE_TOKEN_REVOCATION ->
          new DataplaneTokenRevocationEvent.DataplaneTokenRevocationLifted(key.mesh(), key.name());
      case ACCESS_ROLE -> new AccessRoleEvent.AccessRoleDeleted(key.name());
      case ACCESS_ROLE_BINDING -> new AccessRoleBindingEvent.AccessRoleBindingDeleted(key.name());
      case ZONE -> new ZoneEvent.ZoneDeleted(key.name());
      default -> PolicyEvent.deleted(key);
    };
  }

  /** The resource's spec as {@code event} leaves it; null when the event removes it. */
  static ResourceSpec specAfter(DomainEvent event) {
    if (event instanceof MeshEvent.MeshCreated e) {
      return e.spec();
    } else if (event instanceof MeshEvent.MeshUpdated e) {
      return e.spec();
    } else if (event instanceof DataplaneEvent.DataplaneRegistered e) {
      return e.spec();
    } else if (event instanceof DataplaneEvent.DataplaneUpdated e) {
      return e.spec();
    } else if (event instanceof ZoneIngressEvent.ZoneIngressRegistered e) {
      return e.spec();
    } else if (event instanceof ZoneIngressEvent.ZoneIngressUpdated e) {
      return e.spec();
    } else if (event instanceof PolicyEvent.PolicyCreated e) {
      return e.spec();
    } else if (event instanceof PolicyEvent.PolicyUpdated e) {
      return e.spec();
    } else if (event instanceof UserTokenRevocationEvent.UserTokenRevoked e) {
      return e.spec();
    } else if (event instanceof UserTokenRevocationEvent.UserTokenRevocationUpdated e) {
      return e.spec();
    } else if (event instanceof SecretEvent.SecretCreated e) {
      return e.spec();
    } else if (event instanceof SecretEvent.SecretUpdated e) {
      return e.spec();
    } else if (event instanceof DataplaneTokenRevocationEvent.DataplaneTokenRevoked e) {
      return e.spec();
    } else if (event instanceof DataplaneTokenRevocationEvent.DataplaneTokenRevocationUpdated e) {
      return e.spec();
    } else if (event instanceof AccessRoleEvent.AccessRoleCreated e) {
      return e.spec();
    } else if (event instanceof AccessRoleEvent.AccessRoleUpdated e) {
      return e.spec();
    } else if (event instanceof AccessRoleBindingEvent.AccessRoleBindingCreated e) {
      return e.spec();
    } else if (event instanceof AccessRoleBindingEvent.AccessRoleBindingUpdated e) {
      return e.spec();
    } else if (event instanceof ZoneEvent.ZoneCreated e) {
      return e.spec();
    } else if (event instanceof ZoneEvent.ZoneUpdated e) {
      return e.spec();
    } else if (event instanceof ResourceRemoval) {
      return null;
    }
    throw new IllegalStateException("unhandled event " + event.getClass());
  }
}
