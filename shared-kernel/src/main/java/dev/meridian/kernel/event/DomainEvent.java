package dev.meridian.kernel.event;

import dev.meridian.kernel.resource.ResourceKey;

/**
 * Everything that can happen to Meridian's resources. Each event carries the whole resource it
 * leaves behind (not a delta), so any single event is enough to know the resource's state.
 */
public sealed interface DomainEvent
    permits MeshEvent, DataplaneEvent, ZoneIngressEvent, PolicyEvent {
  ResourceKey key();
}
