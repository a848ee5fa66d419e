package dev.meridian.kernel.event;

import dev.meridian.kernel.resource.DataplaneTokenRevocationSpec;
import dev.meridian.kernel.resource.ResourceKey;
import dev.meridian.kernel.resource.ResourceKind;

/**
 * Events of a dataplane token's revocation: written where meshes are owned, so every zone (and a
 * zone rebuilt from the log) refuses the token.
 */
public sealed interface DataplaneTokenRevocationEvent extends DomainEvent {
  String mesh();

  /** The revoked token's id ({@code jti}). */
  String tokenId();

  @Override
  default ResourceKey key() {
    return new ResourceKey(ResourceKind.DATAPLANE_TOKEN_REVOCATION, mesh(), tokenId());
  }

  record DataplaneTokenRevoked(String mesh, String tokenId, DataplaneTokenRevocationSpec spec)
      implements DataplaneTokenRevocationEvent {}

  record DataplaneTokenRevocationUpdated(
      String mesh, String tokenId, DataplaneTokenRevocationSpec spec)
      implements DataplaneTokenRevocationEvent {}

  record DataplaneTokenRevocationLifted(String mesh, String tokenId)
      implements DataplaneTokenRevocationEvent, ResourceRemoval {}
}
