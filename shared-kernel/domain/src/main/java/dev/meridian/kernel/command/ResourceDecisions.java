package dev.meridian.kernel.command;

import dev.meridian.kernel.event.DataplaneEvent.DataplaneDeregistered;
import dev.meridian.kernel.event.DataplaneEvent.DataplaneRegistered;
import dev.meridian.kernel.event.DataplaneEvent.DataplaneUpdated;
import dev.meridian.kernel.event.MeshEvent.MeshCreated;
import dev.meridian.kernel.event.MeshEvent.MeshDeleted;
import dev.meridian.kernel.event.MeshEvent.MeshUpdated;
import dev.meridian.kernel.event.PolicyEvent;
import dev.meridian.kernel.event.ZoneIngressEvent;
import dev.meridian.kernel.resource.DataplaneSpec;
import dev.meridian.kernel.resource.MeshSpec;
import dev.meridian.kernel.resource.PolicySpec;
import dev.meridian.kernel.resource.ResourceKey;
import dev.meridian.kernel.resource.ZoneIngressSpec;

/**
 * The decisions of the resource aggregates, as pure functions of (current state, request). The Axon
 * aggregates in the apps only load state, call these and apply the result.
 */
public final class ResourceDecisions {
  private ResourceDecisions() {}

  public static Decision putDataplane(
      String mesh, String name, DataplaneSpec current, DataplaneSpec desired) {
    if (current == null) {
      return Decision.of(Decision.Outcome.CREATED, new DataplaneRegistered(mesh, name, desired));
    }
    if (current.equals(desired)) {
      return Decision.none(Decision.Outcome.UNCHANGED);
    }
    return Decision.of(Decision.Outcome.UPDATED, new DataplaneUpdated(mesh, name, desired));
  }

  public static Decision deleteDataplane(String mesh, String name, DataplaneSpec current) {
    return current == null
        ? Decision.none(Decision.Outcome.NOT_FOUND)
        : Decision.of(Decision.Outcome.DELETED, new DataplaneDeregistered(mesh, name));
  }

  public static Decision putZoneIngress(
      String name, ZoneIngressSpec current, ZoneIngressSpec desired) {
    if (current == null) {
      return Decision.of(
          Decision.Outcome.CREATED, new ZoneIngressEvent.ZoneIngressRegistered(name, desired));
    }
    if (current.equals(desired)) {
      return Decision.none(Decision.Outcome.UNCHANGED);
    }
    return Decision.of(
        Decision.Outcome.UPDATED, new ZoneIngressEvent.ZoneIngressUpdated(name, desired));
  }

  public static Decision deleteZoneIngress(String name, ZoneIngressSpec current) {
    return current == null
        ? Decision.none(Decision.Outcome.NOT_FOUND)
        : Decision.of(Decision.Outcome.DELETED, new ZoneIngressEvent.ZoneIngressDeregistered(name));
  }

  public static Decision putMesh(String name, MeshSpec current, MeshSpec desired) {
    if (current == null) {
      return Decision.of(Decision.Outcome.CREATED, new MeshCreated(name, desired));
    }
    if (current.equals(desired)) {
      return Decision.none(Decision.Outcome.UNCHANGED);
    }
    return Decision.of(Decision.Outcome.UPDATED, new MeshUpdated(name, desired));
  }

  public static Decision deleteMesh(String name, MeshSpec current) {
    return current == null
        ? Decision.none(Decision.Outcome.NOT_FOUND)
        : Decision.of(Decision.Outcome.DELETED, new MeshDeleted(name));
  }

  public static Decision putPolicy(ResourceKey key, PolicySpec current, PolicySpec desired) {
    if (current == null) {
      return Decision.of(Decision.Outcome.CREATED, PolicyEvent.created(key, desired));
    }
    if (current.equals(desired)) {
      return Decision.none(Decision.Outcome.UNCHANGED);
    }
    return Decision.of(Decision.Outcome.UPDATED, PolicyEvent.updated(key, desired));
  }

  public static Decision deletePolicy(ResourceKey key, PolicySpec current) {
    return current == null
        ? Decision.none(Decision.Outcome.NOT_FOUND)
        : Decision.of(Decision.Outcome.DELETED, PolicyEvent.deleted(key));
  }
}
