package dev.meridian.kernel.resource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.TreeMap;

/**
 * A Mesh. Its sections are kept as given (canonical JSON) until the features that read them exist;
 * unknown top-level fields are still rejected so typos surface at once.
 */
public record MeshSpec(
    JsonNode mtls,
    JsonNode tracing,
    JsonNode logging,
    JsonNode metrics,
    JsonNode networking,
    JsonNode routing,
    JsonNode constraints,
    List<String> skipCreatingInitialPolicies)
    implements ResourceSpec {

  public MeshSpec {
    // Sorted keys: equal sections must serialise to equal bytes (log payloads, checksums).
    mtls = sortedKeys(mtls);
    tracing = sortedKeys(tracing);
    logging = sortedKeys(logging);
    metrics = sortedKeys(metrics);
    networking = sortedKeys(networking);
    routing = sortedKeys(routing);
    constraints = sortedKeys(constraints);
  }

  public static MeshSpec empty() {
    return new MeshSpec(null, null, null, null, null, null, null, null);
  }

  private static JsonNode sortedKeys(JsonNode node) {
    if (node == null || !node.isContainerNode()) {
      return node;
    }
    if (node.isArray()) {
      var array = JsonNodeFactory.instance.arrayNode(node.size());
      node.forEach(element -> array.add(sortedKeys(element)));
      return array;
    }
    TreeMap<String, JsonNode> sorted = new TreeMap<>();
    node.properties().forEach(f -> sorted.put(f.getKey(), sortedKeys(f.getValue())));
    ObjectNode object = JsonNodeFactory.instance.objectNode();
    sorted.forEach(object::set);
    return object;
  }
}
