package dev.meridian.kernel.auth;

import dev.meridian.kernel.resource.AccessRoleBindingSpec;
import dev.meridian.kernel.resource.AccessRoleSpec;
import dev.meridian.kernel.resource.ResourceKind;
import dev.meridian.kernel.validation.FieldPath;
import dev.meridian.kernel.validation.ValidationErrors;
import dev.meridian.kernel.validation.Violation;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/** The rules of AccessRoles and AccessRoleBindings: every value must mean something. */
public final class AccessRoleValidator {
  private static final String ACCESS_VALUES =
      Arrays.stream(Permission.values()).map(Enum::name).collect(Collectors.joining(", "));

  private AccessRoleValidator() {}

  public static List<Violation> validate(AccessRoleSpec spec) {
    ValidationErrors errors = new ValidationErrors();
    FieldPath rules = FieldPath.of("rules");
    if (spec.rules().isEmpty()) {
      return errors.add(rules, "must have at least one rule").violations();
    }
    for (int i = 0; i < spec.rules().size(); i++) {
      AccessRoleSpec.Rule rule = spec.rules().get(i);
      FieldPath at = rules.index(i);
      if (rule == null) {
        errors.add(at, "must be a rule");
        continue;
      }
      List<String> access = rule.accessOrNone();
      if (access.isEmpty()) {
        errors.add(at.field("access"), "must grant at least one access value: " + ACCESS_VALUES);
      }
      for (int j = 0; j < access.size(); j++) {
        String value = access.get(j);
        if (value == null || Permission.byName(value).isEmpty()) {
          errors.add(
              at.field("access").index(j),
              "unknown access value '" + value + "'; one of " + ACCESS_VALUES);
        }
      }
      List<String> types = rule.typesOrAll();
      for (int j = 0; j < types.size(); j++) {
        String type = types.get(j);
        if (type == null || ResourceKind.byTypeName(type).isEmpty()) {
          errors.add(at.field("types").index(j), "unknown type '" + type + "'");
        }
      }
      List<String> names = rule.namesOrAll();
      for (int j = 0; j < names.size(); j++) {
        if (names.get(j) == null || names.get(j).isBlank()) {
          errors.add(at.field("names").index(j), "must not be empty");
        }
      }
    }
    return errors.violations();
  }

  public static List<Violation> validate(AccessRoleBindingSpec spec) {
    ValidationErrors errors = new ValidationErrors();
    FieldPath subjects = FieldPath.of("subjects");
    if (spec.subjects().isEmpty()) {
      errors.add(subjects, "must have at least one subject");
    }
    for (int i = 0; i < spec.subjects().size(); i++) {
      AccessRoleBindingSpec.Subject subject = spec.subjects().get(i);
      FieldPath at = subjects.index(i);
      if (subject == null) {
        errors.add(at, "must be a subject");
        continue;
      }
      if (!AccessRoleBindingSpec.USER.equals(subject.type())
          && !AccessRoleBindingSpec.GROUP.equals(subject.type())) {
        errors.add(at.field("type"), "must be User or Group");
      }
      if (subject.name() == null || subject.name().isBlank()) {
        errors.add(at.field("name"), "must not be empty");
      }
    }
    FieldPath roles = FieldPath.of("roles");
    if (spec.roles().isEmpty()) {
      errors.add(roles, "must have at least one role");
    }
    for (int i = 0; i < spec.roles().size(); i++) {
      if (spec.roles().get(i) == null || spec.roles().get(i).isBlank()) {
        errors.add(roles.index(i), "must not be empty");
      }
    }
    return errors.violations();
  }
}
