package dev.meridian.kernel.resource;

/**
 * A secret of a mesh (a signing key, later a CA key), as the log holds it: only sealed ({@link
 * dev.meridian.kernel.secret.SecretBox}), never the clear bytes. Opening it needs the key kept
 * outside the log.
 */
public record SecretSpec(String sealed) implements ResourceSpec {}
