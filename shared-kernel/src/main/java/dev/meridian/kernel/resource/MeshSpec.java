package dev.meridian.kernel.resource;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A Mesh. Its sections are kept as given (canonical JSON) until the features that read them
 * exist; unknown top-level fields are still rejected so typos surface at once.
 */
public record MeshSpec(
    JsonNode mtls,
    JsonNode tracing,
    JsonNode logging,
    JsonNode metrics,
    JsonNode networking,
    JsonNode routing,
    JsonNode constraints,
    Boolean skipCreatingInitialPolicies)
    implements ResourceSpec {

  public static MeshSpec empty() {
    return new MeshSpec(null, null, null, null, null, null, null, null);
  }
}
