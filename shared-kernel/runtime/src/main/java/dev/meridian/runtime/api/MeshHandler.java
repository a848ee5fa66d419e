package dev.meridian.runtime.api;

import dev.meridian.kernel.api.ApiFailure;
import dev.meridian.kernel.projection.Projection;
import dev.meridian.kernel.resource.MeshSpec;
import dev.meridian.kernel.resource.ResourceKey;
import dev.meridian.kernel.resource.ResourceKind;
import dev.meridian.kernel.resource.ResourceSpec;
import dev.meridian.kernel.validation.Violation;
import dev.meridian.runtime.command.Commands;
import java.util.List;
import org.springframework.stereotype.Component;

/** Meshes: a mesh's policies go with it, and a mesh with dataplanes stays. */
@Component
class MeshHandler implements KindHandler {
  private final Projection projection;

  MeshHandler(Projection projection) {
    this.projection = projection;
  }

  @Override
  public ResourceKind kind() {
    return ResourceKind.MESH;
  }

  @Override
  public ResourceSpec prepare(ResourceSpec submitted) {
    return submitted;
  }

  @Override
  public List<Violation> validate(ResourceSpec prepared) {
    return List.of();
  }

  @Override
  public List<Violation> validateName(String name) {
    return List.of();
  }

  @Override
  public Object putCommand(ResourceKey key, ResourceSpec prepared) {
    return new Commands.PutMesh(key.logKey(), key.name(), (MeshSpec) prepared);
  }

  @Override
  public Object deleteCommand(ResourceKey key) {
    return new Commands.DeleteMesh(key.logKey(), key.name());
  }

  /** Kuma deletes a mesh's policies with it: none may outlive the mesh and apply to nothing. */
  @Override
  public List<ResourceKey> deletedWith(ResourceKey key) {
    return ResourceKind.policies().stream()
        .flatMap(kind -> projection.list(kind, key.name()).stream())
        .map(dev.meridian.kernel.resource.Resource::key)
        .toList();
  }

  @Override
  public void checkDeletable(ResourceKey key) {
    if (!projection.list(ResourceKind.DATAPLANE, key.name()).isEmpty()) {
      throw ApiFailure.invalid(
          "Could not delete a resource",
          "Resource is not valid",
          List.of(
              new Violation(
                  "mesh", "unable to delete mesh, there are still some dataplanes attached")));
    }
  }
}
