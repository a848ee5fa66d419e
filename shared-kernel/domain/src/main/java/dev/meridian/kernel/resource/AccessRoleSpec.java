package dev.meridian.kernel.resource;

import java.util.List;

/**
 * Kong Mesh's {@code AccessRole}: what its holders may do, as rules. A rule grants its {@code
 * access} values on the resources it names: of the given {@code types} (Kuma type names; none =
 * every type), with the given {@code names} (none = any name), in {@code mesh} (none = every mesh).
 * Roles only grant, never deny: a subject may do what any of its roles' rules allows.
 */
public record AccessRoleSpec(List<Rule> rules) implements ResourceSpec {
  public AccessRoleSpec {
    rules = rules == null ? List.of() : java.util.Collections.unmodifiableList(rules);
  }

  /** One grant. Empty lists are stored as absent, so equal rules are equal on the log. */
  public record Rule(List<String> types, List<String> names, String mesh, List<String> access) {
    public Rule {
      types = absentIfEmpty(types);
      names = absentIfEmpty(names);
      mesh = mesh == null || mesh.isEmpty() ? null : mesh;
      access = absentIfEmpty(access);
    }

    public List<String> typesOrAll() {
      return types == null ? List.of() : types;
    }

    public List<String> namesOrAll() {
      return names == null ? List.of() : names;
    }

    public List<String> accessOrNone() {
      return access == null ? List.of() : access;
    }
  }

  static List<String> absentIfEmpty(List<String> values) {
    // Unmodifiable but null-tolerant: a null entry is a validation error, not a crash.
    return values == null || values.isEmpty()
        ? null
        : java.util.Collections.unmodifiableList(new java.util.ArrayList<>(values));
  }
}
