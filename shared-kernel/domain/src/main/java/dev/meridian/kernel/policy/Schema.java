package dev.meridian.kernel.policy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.meridian.kernel.validation.FieldPath;
import dev.meridian.kernel.validation.ValidationErrors;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The shape of a policy's {@code default} block: field names and value types, checked with field
 * paths. Unknown fields are rejected (a typo must not silently become a default); rules that relate
 * fields to each other live in {@link ConfRules}.
 */
public interface Schema {
  void check(JsonNode node, FieldPath at, ValidationErrors errors);

  Schema STRING = typed(JsonNode::isTextual, "must be a string");
  Schema BOOLEAN = typed(JsonNode::isBoolean, "must be a boolean");
  Schema STRING_MAP =
      (node, at, errors) -> {
        if (!node.isObject()) {
          errors.add(at, "must be a map of strings");
          return;
        }
        node.properties()
            .forEach(
                e -> {
                  if (!e.getValue().isTextual()) {
                    errors.add(at.key(e.getKey()), "must be a string");
                  }
                });
      };

  /** A Go duration ({@code 10s}, {@code 500ms}); zero or more. */
  Schema DURATION =
      (node, at, errors) -> {
        if (!node.isTextual() || GoDuration.parseNanos(node.asText()).isEmpty()) {
          errors.add(at, "must be a valid duration, e.g. 10s or 500ms");
        }
      };

  /** A Go duration strictly above zero. */
  Schema POSITIVE_DURATION =
      (node, at, errors) -> {
        if (!node.isTextual() || GoDuration.parseNanos(node.asText()).isEmpty()) {
          errors.add(at, "must be a valid duration, e.g. 10s or 500ms");
        } else if (GoDuration.parseNanos(node.asText()).get() <= 0) {
          errors.add(at, "must be greater than zero");
        }
      };

  Schema NON_NEGATIVE_INT = intAtLeast(0, "must be greater or equal to 0");
  Schema POSITIVE_INT = intAtLeast(1, "must be greater than 0");

  /** Kuma's percentage: an integer or a decimal string, between 0 and 100. */
  Schema PERCENTAGE =
      (node, at, errors) -> {
        double value;
        if (node.isIntegralNumber()) {
          value = node.asDouble();
        } else if (node.isTextual()) {
          try {
            value = Double.parseDouble(node.asText());
          } catch (NumberFormatException e) {
            errors.add(at, "string is not a number");
            return;
          }
        } else {
          errors.add(at, "must be an integer or a decimal string");
          return;
        }
        if (value < 0 || value > 100) {
          errors.add(at, "must be in inclusive range [0.0, 100.0]");
        }
      };

  public static Schema intAtLeast(int min, String reason) {
    return (node, at, errors) -> {
      if (!node.isIntegralNumber()) {
        errors.add(at, "must be an integer");
      } else if (node.asLong() < min) {
        errors.add(at, reason);
      }
    };
  }

  public static Schema typed(java.util.function.Predicate<JsonNode> test, String reason) {
    return (node, at, errors) -> {
      if (!test.test(node)) {
        errors.add(at, reason);
      }
    };
  }

  public static Schema oneOf(String... values) {
    List<String> allowed = Arrays.asList(values);
    return (node, at, errors) -> {
      if (!node.isTextual() || !allowed.contains(node.asText())) {
        errors.add(at, "must be one of " + String.join(", ", allowed));
      }
    };
  }

  public static Schema list(Schema element) {
    return (node, at, errors) -> {
      if (!node.isArray()) {
        errors.add(at, "must be a list");
        return;
      }
      for (int i = 0; i < node.size(); i++) {
        element.check(node.get(i), at.index(i), errors);
      }
    };
  }

  public static Fields object() {
    return new Fields();
  }

  /** An object with known fields; anything else is an unknown field. */
  final class Fields implements Schema {
    private final Map<String, Schema> fields = new LinkedHashMap<>();

    public Fields with(String name, Schema schema) {
      fields.put(name, schema);
      return this;
    }

    @Override
    public void check(JsonNode node, FieldPath at, ValidationErrors errors) {
      if (!node.isObject()) {
        errors.add(at, "must be an object");
        return;
      }
      node.properties()
          .forEach(
              e -> {
                Schema schema = fields.get(e.getKey());
                if (schema == null) {
                  errors.add(at.field(e.getKey()), "unknown field");
                } else if (!e.getValue().isNull()) {
                  schema.check(e.getValue(), at.field(e.getKey()), errors);
                }
              });
    }
  }
}
