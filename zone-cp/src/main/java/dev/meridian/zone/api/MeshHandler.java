package dev.meridian.zone.api;

import dev.meridian.kernel.api.ApiFailure;
import dev.meridian.kernel.projection.Projection;
import dev.meridian.kernel.resource.MeshSpec;
import dev.meridian.kernel.resource.ResourceKey;
import dev.meridian.kernel.resource.ResourceKind;
import dev.meridian.kernel.resource.ResourceSpec;
import dev.meridian.kernel.validation.Violation;
import dev.meridian.zone.command.Commands;
import dev.meridian.zone.config.ZoneProperties;
import java.util.List;
import org.springframework.stereotype.Component;

/** Meshes, owned by this zone while it runs standalone. */
@Component
class MeshHandler implements KindHandler {
  private final Projection projection;
  private final ZoneProperties properties;

  MeshHandler(Projection projection, ZoneProperties properties) {
    this.projection = projection;
    this.properties = properties;
  }

  @Override
  public void checkWritable() {
    if (properties.multizone()) {
      throw ApiFailure.of(
          405,
          "Method not Allowed",
          "Meshes are managed on the global control plane ("
              + properties.globalControlPlane()
              + "); zone "
              + properties.zone()
              + " runs in multizone mode and receives them over the log");
    }
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
