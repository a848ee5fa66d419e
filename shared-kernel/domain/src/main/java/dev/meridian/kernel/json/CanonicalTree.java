package dev.meridian.kernel.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.TreeMap;

/** JSON trees in one canonical form: object keys sorted at every level, arrays kept in order. */
public final class CanonicalTree {
  private CanonicalTree() {}

  /** A copy of {@code node} with sorted keys, so equal content serialises to equal bytes. */
  public static JsonNode sortedKeys(JsonNode node) {
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
