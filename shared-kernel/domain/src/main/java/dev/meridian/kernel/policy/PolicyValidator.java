package dev.meridian.kernel.policy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.meridian.kernel.resource.PolicySpec;
import dev.meridian.kernel.resource.ResourceKind;
import dev.meridian.kernel.validation.FieldPath;
import dev.meridian.kernel.validation.ValidationErrors;
import dev.meridian.kernel.validation.Violation;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Kuma 2.4's rules for targetRef policies, with Kuma's field paths ({@code
 * spec.to[0].targetRef.kind}) and wording where Kuma has it. Every violation is collected.
 */
public final class PolicyValidator {
  private static final Pattern NAME = Pattern.compile("^[0-9a-z-_]*$");
  private static final Pattern TAG_NAME = Pattern.compile("^[a-zA-Z0-9.\\-_:/]*$");
  private static final Pattern TAG_VALUE = Pattern.compile("^([a-zA-Z0-9.\\-_:/]*|\\*)$");
  private static final Set<String> TARGET_REF_FIELDS = Set.of("kind", "name", "tags", "mesh");

  private PolicyValidator() {}

  public static List<Violation> validate(ResourceKind kind, PolicySpec policy) {
    PolicyKind rules = PolicyKind.of(kind);
    ValidationErrors errors = new ValidationErrors();
    FieldPath root = FieldPath.of("spec");
    JsonNode spec = policy == null ? null : policy.spec();
    if (spec == null || spec.isNull()) {
      return errors.add(root, "must be defined").violations();
    }
    if (!spec.isObject()) {
      return errors.add(root, "must be an object").violations();
    }
    spec.fieldNames()
        .forEachRemaining(
            field -> {
              if (!Set.of("targetRef", "to", "from").contains(field)) {
                errors.add(root.field(field), "unknown field");
              }
            });
    targetRef(spec.get("targetRef"), rules.topKinds(), root.field("targetRef"), errors);
    checkSections(spec, rules, root, errors);
    if (spec.has("to") && rules.allowsTo()) {
      items(spec.get("to"), rules.toKinds(), rules, root.field("to"), errors);
    }
    if (spec.has("from") && rules.allowsFrom()) {
      items(spec.get("from"), rules.fromKinds(), rules, root.field("from"), errors);
    }
    return errors.violations();
  }

  private static void checkSections(
      JsonNode spec, PolicyKind rules, FieldPath root, ValidationErrors errors) {
    boolean hasTo = spec.has("to") && spec.get("to").size() > 0;
    boolean hasFrom = spec.has("from") && spec.get("from").size() > 0;
    if (spec.has("to") && !rules.allowsTo()) {
      errors.add(root.field("to"), "must not be defined");
    }
    if (spec.has("from") && !rules.allowsFrom()) {
      errors.add(root.field("from"), "must not be defined");
    }
    if (rules.allowsTo() && rules.allowsFrom()) {
      if (!hasTo && !hasFrom) {
        errors.add(root, "at least one of 'from', 'to' has to be defined");
      }
    } else if (rules.allowsTo() && !hasTo) {
      errors.add(root.field("to"), "needs at least one item");
    } else if (rules.allowsFrom() && !hasFrom) {
      errors.add(root.field("from"), "needs at least one item");
    }
  }

  private static void items(
      JsonNode items,
      List<TargetRefKind> allowed,
      PolicyKind rules,
      FieldPath at,
      ValidationErrors errors) {
    if (!items.isArray()) {
      errors.add(at, "must be a list");
      return;
    }
    for (int i = 0; i < items.size(); i++) {
      JsonNode item = items.get(i);
      FieldPath itemAt = at.index(i);
      if (!item.isObject()) {
        errors.add(itemAt, "must be an object");
        continue;
      }
      String body = rules.routes() ? "rules" : "default";
      item.fieldNames()
          .forEachRemaining(
              field -> {
                if (!field.equals("targetRef") && !field.equals(body)) {
                  errors.add(itemAt.field(field), "unknown field");
                }
              });
      targetRef(item.get("targetRef"), allowed, itemAt.field("targetRef"), errors);
      JsonNode conf = item.get(body);
      if (rules.routes()) {
        if (conf == null || !conf.isArray() || conf.isEmpty()) {
          errors.add(itemAt.field("rules"), "must not be empty");
          continue;
        }
        for (int r = 0; r < conf.size(); r++) {
          checkConf(conf.get(r), rules, itemAt.field("rules").index(r), errors);
        }
      } else if (conf == null || conf.isNull()) {
        errors.add(itemAt.field("default"), "must be defined");
      } else {
        checkConf(conf, rules, itemAt.field("default"), errors);
      }
    }
  }

  private static void checkConf(
      JsonNode conf, PolicyKind rules, FieldPath at, ValidationErrors errors) {
    ValidationErrors shape = new ValidationErrors();
    rules.conf().check(conf, at, shape);
    errors.addAll(shape.violations());
    if (shape.isEmpty()) {
      // Relations between fields only mean something once every field has its type.
      rules.rules().check(conf, at, errors);
    }
  }

  /**
   * Kuma's targetRef rules: a supported kind, and name/tags/mesh exactly where the kind has them.
   */
  static void targetRef(
      JsonNode ref, List<TargetRefKind> allowed, FieldPath at, ValidationErrors errors) {
    if (ref == null || ref.isNull() || !ref.isObject()) {
      if (ref != null && !ref.isNull()) {
        errors.add(at, "must be an object");
      } else {
        errors.add(at.field("kind"), "must be set");
      }
      return;
    }
    ref.fieldNames()
        .forEachRemaining(
            field -> {
              if (!TARGET_REF_FIELDS.contains(field)) {
                errors.add(at.field(field), "unknown field");
              }
            });
    String kindName = ref.path("kind").asText("");
    if (kindName.isEmpty()) {
      errors.add(at.field("kind"), "must be set");
      return;
    }
    TargetRefKind kind = TargetRefKind.parse(kindName).orElse(null);
    if (kind == null || !allowed.contains(kind)) {
      errors.add(at.field("kind"), "value is not supported");
      return;
    }
    boolean hasName = ref.hasNonNull("name") && !ref.get("name").asText().isEmpty();
    boolean hasTags = ref.has("tags") && ref.get("tags").size() > 0;
    boolean hasMesh = ref.hasNonNull("mesh") && !ref.get("mesh").asText().isEmpty();
    if (hasMesh) {
      errors.add(at.field("mesh"), "cannot be set with kind " + kind);
    }
    switch (kind) {
      case Mesh -> {
        if (hasName) {
          errors.add(at.field("name"), "using name with kind Mesh is not yet supported");
        }
        if (hasTags) {
          errors.add(at.field("tags"), "cannot be set with kind Mesh");
        }
      }
      case MeshSubset -> {
        if (hasName) {
          errors.add(at.field("name"), "cannot be set with kind MeshSubset");
        }
        tags(ref.get("tags"), at.field("tags"), errors);
      }
      case MeshService, MeshHTTPRoute -> {
        name(ref, hasName, kind, at, errors);
        if (hasTags) {
          errors.add(at.field("tags"), "cannot be set with kind " + kind);
        }
      }
      case MeshServiceSubset, MeshGateway -> {
        name(ref, hasName, kind, at, errors);
        tags(ref.get("tags"), at.field("tags"), errors);
      }
    }
  }

  private static void name(
      JsonNode ref, boolean hasName, TargetRefKind kind, FieldPath at, ValidationErrors errors) {
    if (!hasName) {
      errors.add(at.field("name"), "must be set with kind " + kind);
    } else if (!NAME.matcher(ref.get("name").asText()).matches()) {
      errors.add(
          at.field("name"),
          "invalid characters. Valid characters are numbers, lowercase latin letters and '-', '_'"
              + " symbols.");
    }
  }

  private static void tags(JsonNode tags, FieldPath at, ValidationErrors errors) {
    if (tags == null || tags.isNull()) {
      return;
    }
    if (!tags.isObject()) {
      errors.add(at, "must be a map of strings");
      return;
    }
    tags.properties()
        .forEach(
            tag -> {
              String value = tag.getValue().asText("");
              if (tag.getKey().isEmpty()) {
                errors.add(at, "tag name must be non-empty");
              } else if (!TAG_NAME.matcher(tag.getKey()).matches()) {
                errors.add(
                    at.key(tag.getKey()),
                    "tag name must consist of alphanumeric characters, dots, dashes, slashes and"
                        + " underscores");
              }
              if (!tag.getValue().isTextual() || value.isEmpty()) {
                errors.add(at.key(tag.getKey()), "tag value must be non-empty");
              } else if (!TAG_VALUE.matcher(value).matches()) {
                errors.add(
                    at.key(tag.getKey()),
                    "tag value must consist of alphanumeric characters, dots, dashes, slashes and"
                        + " underscores or be \"*\"");
              }
            });
  }
}
