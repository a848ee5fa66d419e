package dev.meridian.kernel.resource;

/**
 * A revoked dataplane token of a mesh: until when it would have been valid (RFC 3339) and the
 * reason. Holds no key material: a token id is not a credential.
 */
public record DataplaneTokenRevocationSpec(String tokenExpires, String reason)
    implements ResourceSpec {}
