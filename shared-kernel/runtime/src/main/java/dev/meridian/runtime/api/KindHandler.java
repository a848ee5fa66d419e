package dev.meridian.runtime.api;

import dev.meridian.kernel.api.ApiFailure;
import dev.meridian.kernel.resource.ResourceKey;
import dev.meridian.kernel.resource.ResourceKind;
import dev.meridian.kernel.resource.ResourceSpec;
import dev.meridian.kernel.validation.Violation;
import java.util.List;

/**
 * What differs between kinds on the write path; everything else is {@link ResourceEndpoints}. Which
 * kinds a control plane writes at all is its role's to say, not a handler's.
 */
public interface KindHandler {
  ResourceKind kind();

  /** The spec as it will be stored (e.g. with the zone's stamp). */
  ResourceSpec prepare(ResourceSpec submitted);

  /** Rule violations of the prepared spec. */
  List<Violation> validate(ResourceSpec prepared);

  /** Extra checks on the name here (e.g. its length once qualified with the zone). */
  List<Violation> validateName(String name);

  Object putCommand(ResourceKey key, ResourceSpec prepared);

  Object deleteCommand(ResourceKey key);

  /** Refuses a delete that would orphan other resources; throws {@link ApiFailure}. */
  void checkDeletable(ResourceKey key);

  /** Resources deleted with this one, before it (a mesh's policies, as Kuma does). */
  default List<ResourceKey> deletedWith(ResourceKey key) {
    return List.of();
  }
}
