package dev.meridian.kernel.validation;

import java.util.regex.Pattern;

/** Rules for resource and mesh names (Kuma 2.4). */
public final class ResourceNames {
  private static final Pattern NAME = Pattern.compile("^[0-9a-z-_]*$");
  private static final String INVALID =
      "invalid characters. Valid characters are numbers, lowercase latin letters and '-', '_'"
          + " symbols.";

  /** Zone-stamped names must still fit Kuma's 253-character resource name limit. */
  private static final int MAX_QUALIFIED_LENGTH = 253;

  private ResourceNames() {}

  public static void validate(String field, String value, ValidationErrors errors) {
    if (value == null || value.isEmpty()) {
      errors.add(FieldPath.of(field), "cannot be empty");
    } else if (!NAME.matcher(value).matches()) {
      errors.add(FieldPath.of(field), INVALID);
    }
  }

  /** The extra check a zone applies: {@code <zone>.<name>} must stay a valid global name. */
  public static void validateForZone(String zone, String name, ValidationErrors errors) {
    if (name != null && (zone + "." + name).length() >= MAX_QUALIFIED_LENGTH) {
      errors.add(FieldPath.of("name"), "the length of the name must be shorter");
    }
  }
}
