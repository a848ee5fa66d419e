package dev.meridian.kernel.event;

import dev.meridian.kernel.resource.ResourceKey;
import dev.meridian.kernel.resource.ResourceSpec;

/**
 * Everything that can happen to Meridian's resources. Each event carries the whole resource it
 * leaves behind (not a delta), so any single event is enough to know the resource's state.
 */
public sealed interface DomainEvent
    permits MeshEvent, DataplaneEvent, ZoneIngressEvent, PolicyEvent {
  ResourceKey key();

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
    } else if (event instanceof ResourceRemoval) {
      return null;
    }
    throw new IllegalStateException("unhandled event " + event.getClass());
  }
}
