package dev.meridian.kernel.policy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.meridian.kernel.resource.DataplaneSpec;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * A parsed targetRef: what a policy (top level), a {@code to} item (destination) or a {@code from}
 * item (caller) points at. Only built from specs that passed {@link PolicyValidator}.
 */
public record TargetRef(TargetRefKind kind, String name, Map<String, String> tags) {

  public TargetRef {
    tags = tags == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(tags));
  }

  public static final TargetRef MESH = new TargetRef(TargetRefKind.Mesh, null, null);

  /**
   * The ref, or null when it names no known kind: a policy read from the log was validated when
   * written, but one that is not understood must select nothing rather than the whole mesh.
   */
  static TargetRef parse(JsonNode node) {
    if (node == null || node.isNull()) {
      return null;
    }
    TargetRefKind kind = TargetRefKind.parse(node.path("kind").asText()).orElse(null);
    if (kind == null) {
      return null;
    }
    String name = node.hasNonNull("name") ? node.get("name").asText() : null;
    Map<String, String> tags = new TreeMap<>();
    node.path("tags").properties().forEach(e -> tags.put(e.getKey(), e.getValue().asText()));
    return new TargetRef(kind, name, tags);
  }

  /**
   * Whether one set of tags (an inbound's, a service's, an endpoint's) is within this ref. {@code
   * *} as a tag value matches any value of that tag.
   */
  public boolean matches(Map<String, String> candidate) {
    return switch (kind) {
      case Mesh -> true;
      case MeshSubset -> containsTags(candidate);
      case MeshService -> name != null && name.equals(candidate.get(DataplaneSpec.SERVICE_TAG));
      case MeshServiceSubset ->
          name != null
              && name.equals(candidate.get(DataplaneSpec.SERVICE_TAG))
              && containsTags(candidate);
      default -> false;
    };
  }

  private boolean containsTags(Map<String, String> candidate) {
    for (Map.Entry<String, String> tag : tags.entrySet()) {
      String value = candidate.get(tag.getKey());
      if (value == null || !(tag.getValue().equals("*") || tag.getValue().equals(value))) {
        return false;
      }
    }
    return true;
  }

  /** {@code Mesh}, {@code MeshService/backend}, {@code MeshSubset{version=v1}}: for inspection. */
  @Override
  public String toString() {
    StringBuilder out = new StringBuilder(kind.name());
    if (name != null) {
      out.append('/').append(name);
    }
    if (!tags.isEmpty()) {
      out.append(tags.toString().replace(", ", ","));
    }
    return out.toString();
  }
}
