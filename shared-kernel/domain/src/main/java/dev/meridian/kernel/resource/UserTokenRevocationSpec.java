package dev.meridian.kernel.resource;

/**
 * A revoked user token: until when it would have been valid (RFC 3339; after that it is refused
 * anyway) and the administrator's reason. Holds no key material: a token id is not a credential.
 */
public record UserTokenRevocationSpec(String tokenExpires, String reason) implements ResourceSpec {}
