package dev.meridian.runtime.api;

import dev.meridian.kernel.api.ApiFailure;
import dev.meridian.kernel.command.Decision;
import dev.meridian.kernel.projection.Projection;
import dev.meridian.kernel.resource.ResourceKey;
import dev.meridian.kernel.resource.ResourceKind;
import dev.meridian.kernel.validation.Violation;
import dev.meridian.runtime.command.WriteResult;
import dev.meridian.runtime.security.DataplaneTokenService;
import java.util.List;
import org.springframework.stereotype.Component;

/** Meshes: a mesh's policies go with it, and a mesh with dataplanes stays. */
@Component
class MeshHandler implements KindHandler {
  private final Projection projection;
  private final DataplaneTokenService tokens;
  private final dev.meridian.runtime.mtls.MeshCa meshCa;
  private final dev.meridian.runtime.command.InitialMeshPolicies initialPolicies;

  MeshHandler(
      Projection projection,
      DataplaneTokenService tokens,
      dev.meridian.runtime.mtls.MeshCa meshCa,
      dev.meridian.runtime.command.InitialMeshPolicies initialPolicies) {
    this.projection = projection;
    this.tokens = tokens;
    this.meshCa = meshCa;
    this.initialPolicies = initialPolicies;
  }

  /** Kuma 2.4's Mesh rules, every section. */
  @Override
  public List<Violation> validate(dev.meridian.kernel.resource.ResourceSpec prepared) {
    return dev.meridian.kernel.validation.MeshValidator.validate(
        (dev.meridian.kernel.resource.MeshSpec) prepared);
  }

  /**
   * A new mesh has its dataplane-token signing key, Kuma's initial policies, and each builtin mTLS
   * backend its CA, before the write is answered, so its first token can be issued and its proxies
   * get identities (and, under mTLS, are allowed to talk) at once.
   */
  @Override
  public void written(ResourceKey key, WriteResult result) {
    if (result.outcome() == Decision.Outcome.CREATED) {
      tokens.ensureSigningKey(key.name());
      projection
          .get(key)
          .ifPresent(
              mesh ->
                  initialPolicies.create(
                      key.name(), (dev.meridian.kernel.resource.MeshSpec) mesh.spec()));
    }
    if (result.outcome() != Decision.Outcome.UNCHANGED) {
      meshCa.ensure(key.name()); // a builtin mTLS backend, new or added, gets its CA
    }
  }

  @Override
  public ResourceKind kind() {
    return ResourceKind.MESH;
  }

  /** Kuma deletes a mesh's policies with it: none may outlive the mesh and apply to nothing. */
  @Override
  public List<ResourceKey> deletedWith(ResourceKey key) {
    // Its policies, and its secrets and token revocations: a mesh created again later under the
    // same name starts with keys of its own, and no old token of the deleted mesh opens it.
    return java.util.stream.Stream.of(
            projection.policies(key.name()),
            projection.list(ResourceKind.SECRET, key.name()),
            projection.list(ResourceKind.DATAPLANE_TOKEN_REVOCATION, key.name()))
        .flatMap(List::stream)
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
