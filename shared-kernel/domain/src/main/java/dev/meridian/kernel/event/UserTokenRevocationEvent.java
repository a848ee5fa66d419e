package dev.meridian.kernel.event;

import dev.meridian.kernel.resource.ResourceKey;
import dev.meridian.kernel.resource.UserTokenRevocationSpec;

/** Events of a user token's revocation, on the topic of the control plane that issued it. */
public sealed interface UserTokenRevocationEvent extends DomainEvent {
  /** The revoked token's id ({@code jti}). */
  String tokenId();

  @Override
  default ResourceKey key() {
    return ResourceKey.userTokenRevocation(tokenId());
  }

  record UserTokenRevoked(String tokenId, UserTokenRevocationSpec spec)
      implements UserTokenRevocationEvent {}

  record UserTokenRevocationUpdated(String tokenId, UserTokenRevocationSpec spec)
      implements UserTokenRevocationEvent {}

  /** The token is accepted again (until it expires). */
  record UserTokenRevocationLifted(String tokenId)
      implements UserTokenRevocationEvent, ResourceRemoval {}
}
