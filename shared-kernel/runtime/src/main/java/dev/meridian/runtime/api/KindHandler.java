package dev.meridian.runtime.api;

import dev.meridian.kernel.api.ApiFailure;
import dev.meridian.kernel.resource.ResourceKey;
import dev.meridian.kernel.resource.ResourceKind;
import dev.meridian.kernel.resource.ResourceSpec;
import dev.meridian.kernel.validation.Violation;
import dev.meridian.runtime.command.WriteResult;
import java.util.List;

/**
 * What differs between kinds on the write path; everything else is {@link ResourceEndpoints}. A
 * kind stored as submitted, with no rules of its own, needs only {@link #kind()}. Which kinds a
 * control plane writes at all is its role's to say, not a handler's.
 */
public interface KindHandler {
  ResourceKind kind();

  /** The spec as it will be stored (e.g. with the zone's stamp). */
  default ResourceSpec prepare(ResourceSpec submitted) {
    return submitted;
  }

  /** Rule violations of the prepared spec. */
  default List<Violation> validate(ResourceSpec prepared) {
    return List.of();
  }

  /** Extra checks on the name here (e.g. its length once qualified with the zone). */
  default List<Violation> validateName(String name) {
    return List.of();
  }

  /** After a write is visible, before it is answered (e.g. a new mesh gets its signing key). */
  default void written(ResourceKey key, WriteResult result) {}

  /** Refuses a delete that would orphan other resources; throws {@link ApiFailure}. */
  default void checkDeletable(ResourceKey key) {}

  /** Resources deleted with this one, before it (a mesh's policies, as Kuma does). */
  default List<ResourceKey> deletedWith(ResourceKey key) {
    return List.of();
  }
}
