package dev.meridian.kernel.command;

import dev.meridian.kernel.event.DomainEvent;
import dev.meridian.kernel.resource.ResourceKey;
import dev.meridian.kernel.resource.ResourceSpec;

/**
 * The decisions of the resource aggregate, as pure functions of (current state, request), the same
 * for every kind: Kuma's resource semantics (create, update, no-op when unchanged, delete, not
 * found). The Axon aggregate only loads state, calls these and applies the result.
 */
public final class ResourceDecisions {
  private ResourceDecisions() {}

  /** Creates or replaces {@code key}; nothing is appended when it already looks like this. */
  public static Decision put(ResourceKey key, ResourceSpec current, ResourceSpec desired) {
    if (current == null) {
      return Decision.of(Decision.Outcome.CREATED, DomainEvent.created(key, desired));
    }
    if (current.equals(desired)) {
      return Decision.none(Decision.Outcome.UNCHANGED);
    }
    return Decision.of(Decision.Outcome.UPDATED, DomainEvent.updated(key, desired));
  }

  /**
   * Creates {@code key} only if it never existed ({@code everExisted} false), so a resource a user
   * deleted stays deleted (the {@code default} mesh).
   */
  public static Decision createOnce(
      ResourceKey key, boolean everExisted, ResourceSpec current, ResourceSpec desired) {
    return everExisted ? Decision.none(Decision.Outcome.UNCHANGED) : put(key, current, desired);
  }

  public static Decision delete(ResourceKey key, ResourceSpec current) {
    return current == null
        ? Decision.none(Decision.Outcome.NOT_FOUND)
        : Decision.of(Decision.Outcome.DELETED, DomainEvent.removed(key));
  }
}
