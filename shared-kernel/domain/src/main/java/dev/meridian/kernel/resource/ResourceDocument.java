package dev.meridian.kernel.resource;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.node.JsonNodeType;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.meridian.kernel.json.DomainJson;
import dev.meridian.kernel.validation.FieldPath;
import dev.meridian.kernel.validation.MalformedInputException;
import dev.meridian.kernel.validation.ValidationErrors;
import java.io.IOException;
import java.time.Instant;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * Reads and writes resources in Kuma's document shape: {@code type}, {@code mesh}, {@code name},
 * timestamps, then the spec's fields at the top level.
 */
public final class ResourceDocument {

  /** Serialisation formats a user may send or ask for. */
  public enum Format {
    JSON,
    YAML
  }

  /** What a request body said, before the URL and the current state are consulted. */
  public record Parsed(String type, String mesh, String name, ResourceSpec spec) {}

  /** Document fields that are not part of the spec. Timestamps are accepted and ignored. */
  private static final Set<String> META_FIELDS =
      Set.of("type", "mesh", "name", "creationTime", "modificationTime");

  private ResourceDocument() {}

  public static Parsed read(ResourceKind kind, byte[] body, Format format) {
    return read(kind, parseTree(body, format));
  }

  /** One document already parsed (one of a multi-document body). */
  public static Parsed read(ResourceKind kind, JsonNode tree) {
    if (tree == null || tree.isMissingNode() || tree.isNull()) {
      throw new MalformedInputException("request body is empty");
    }
    if (!tree.isObject()) {
      throw new MalformedInputException(
          "request body must be an object, got " + tree.getNodeType().name().toLowerCase());
    }
    ObjectNode document = (ObjectNode) tree;
    ValidationErrors errors = new ValidationErrors();
    String type = metaString(document, "type", errors);
    String mesh = metaString(document, "mesh", errors);
    String name = metaString(document, "name", errors);
    ObjectNode specNode = document.deepCopy();
    META_FIELDS.forEach(specNode::remove);
    ResourceSpec spec = null;
    try {
      spec = DomainJson.canonical().treeToValue(specNode, kind.specType());
    } catch (JsonProcessingException e) {
      errors.add(pathOf(e), reasonOf(e));
    }
    errors.throwIfAny();
    return new Parsed(type, mesh, name, spec);
  }

  private static JsonNode parseTree(byte[] body, Format format) {
    ObjectMapper mapper = format == Format.YAML ? DomainJson.yaml() : DomainJson.canonical();
    try {
      return mapper.readTree(body);
    } catch (JsonProcessingException e) {
      String where =
          e.getLocation() == null
              ? ""
              : " at line "
                  + e.getLocation().getLineNr()
                  + ", column "
                  + e.getLocation().getColumnNr();
      throw new MalformedInputException(
          "could not parse the body as " + format.name() + where + ": " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new MalformedInputException("could not read the body: " + e.getMessage());
    }
  }

  private static String metaString(ObjectNode document, String field, ValidationErrors errors) {
    JsonNode node = document.get(field);
    if (node == null || node.isNull()) {
      return null;
    }
    if (node.getNodeType() != JsonNodeType.STRING) {
      errors.add(FieldPath.of(field), "must be a string");
      return null;
    }
    return node.asText();
  }

  private static FieldPath pathOf(JsonProcessingException e) {
    FieldPath path = FieldPath.root();
    if (e instanceof JsonMappingException mapping) {
      for (JsonMappingException.Reference ref : mapping.getPath()) {
        if (ref.getFrom() instanceof Map<?, ?>) {
          path = path.key(ref.getFieldName());
        } else if (ref.getFieldName() != null) {
          path = path.field(ref.getFieldName());
        } else if (ref.getIndex() >= 0) {
          path = path.index(ref.getIndex());
        }
      }
    }
    return path;
  }

  private static String reasonOf(JsonProcessingException e) {
    if (e instanceof UnrecognizedPropertyException) {
      return "unknown field";
    }
    if (e instanceof InvalidFormatException invalid) {
      return "must be " + describe(invalid.getTargetType()) + ", got " + invalid.getValue();
    }
    if (e instanceof MismatchedInputException mismatched && mismatched.getTargetType() != null) {
      return "must be " + describe(mismatched.getTargetType());
    }
    return "invalid value";
  }

  private static String describe(Class<?> type) {
    if (type == Integer.class || type == int.class || type == Long.class) {
      return "an integer";
    }
    if (type == Boolean.class || type == boolean.class) {
      return "a boolean";
    }
    if (type == String.class) {
      return "a string";
    }
    if (java.util.Collection.class.isAssignableFrom(type)) {
      return "a list";
    }
    if (Map.class.isAssignableFrom(type)) {
      return "a map of strings";
    }
    return "an object";
  }

  /** The Kuma REST / kumactl shape of a stored resource. */
  /**
   * Kuma's DataplaneOverview: the dataplane's identity and times on top, the rest of its document
   * under {@code dataplane}, and {@code insight} (its proxies' streams) under {@code
   * dataplaneInsight}, as global and zones both show it.
   */
  public static ObjectNode overview(Resource dataplane, ObjectNode insight) {
    ObjectNode document = render(dataplane);
    ObjectNode out = DomainJson.canonical().createObjectNode();
    out.put("type", "DataplaneOverview");
    out.put("mesh", dataplane.key().mesh());
    out.put("name", dataplane.key().name());
    out.set("creationTime", document.get("creationTime"));
    out.set("modificationTime", document.get("modificationTime"));
    document.remove(java.util.List.of("type", "mesh", "name", "creationTime", "modificationTime"));
    out.set("dataplane", document);
    out.set("dataplaneInsight", insight);
    return out;
  }

  public static ObjectNode render(Resource resource) {
    ObjectNode out = DomainJson.canonical().createObjectNode();
    ResourceKey key = resource.key();
    out.put("type", key.kind().typeName());
    if (key.kind().meshScoped()) {
      out.put("mesh", key.mesh());
    }
    out.put("name", key.name());
    out.put("creationTime", format(resource.creationTime()));
    out.put("modificationTime", format(resource.modificationTime()));
    JsonNode spec = DomainJson.toTree(resource.spec());
    for (Iterator<Map.Entry<String, JsonNode>> it = spec.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      out.set(field.getKey(), field.getValue());
    }
    return out;
  }

  private static String format(Instant instant) {
    return instant == null ? null : instant.toString();
  }
}
