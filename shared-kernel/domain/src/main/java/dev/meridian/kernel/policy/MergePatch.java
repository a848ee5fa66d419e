package dev.meridian.kernel.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.meridian.kernel.json.CanonicalTree;
import java.util.List;

/**
 * How Kuma merges {@code default} blocks: JSON merge patch (RFC 7386). Objects merge field by
 * field, anything else — lists included — is replaced by the later value.
 */
public final class MergePatch {
  private MergePatch() {}

  public static JsonNode merge(List<JsonNode> confs) {
    JsonNode result = JsonNodeFactory.instance.objectNode();
    for (JsonNode conf : confs) {
      result = apply(result, conf);
    }
    return CanonicalTree.sortedKeys(result);
  }

  static JsonNode apply(JsonNode target, JsonNode patch) {
    if (patch == null || !patch.isObject()) {
      return patch == null ? target : patch.deepCopy();
    }
    ObjectNode result =
        target != null && target.isObject()
            ? ((ObjectNode) target).deepCopy()
            : JsonNodeFactory.instance.objectNode();
    patch
        .properties()
        .forEach(
            field -> {
              if (field.getValue().isNull()) {
                result.remove(field.getKey());
              } else {
                result.set(field.getKey(), apply(result.get(field.getKey()), field.getValue()));
              }
            });
    return result;
  }
}
