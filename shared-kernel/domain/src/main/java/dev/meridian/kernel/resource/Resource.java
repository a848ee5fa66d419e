package dev.meridian.kernel.resource;

import java.time.Instant;
import java.util.Objects;

/** A stored resource: identity, body and the log times of its creation and last change. */
public record Resource(
    ResourceKey key, ResourceSpec spec, Instant creationTime, Instant modificationTime) {
  public Resource {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(spec, "spec");
    if (!key.kind().specType().isInstance(spec)) {
      throw new IllegalArgumentException(key.kind() + " cannot hold " + spec.getClass());
    }
  }
}
