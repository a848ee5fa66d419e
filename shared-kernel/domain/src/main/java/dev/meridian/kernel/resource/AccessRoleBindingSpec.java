package dev.meridian.kernel.resource;

import java.util.List;

/**
 * Kong Mesh's {@code AccessRoleBinding}: gives the {@code roles} (AccessRole names) to its {@code
 * subjects}, each a user (by the name in its token) or a group (any of the token's groups).
 */
public record AccessRoleBindingSpec(List<Subject> subjects, List<String> roles)
    implements ResourceSpec {
  public static final String USER = "User";
  public static final String GROUP = "Group";

  public AccessRoleBindingSpec {
    subjects = subjects == null ? List.of() : java.util.Collections.unmodifiableList(subjects);
    roles = roles == null ? List.of() : java.util.Collections.unmodifiableList(roles);
  }

  /** Who a binding names: {@code type} is {@value #USER} or {@value #GROUP}. */
  public record Subject(String type, String name) {}
}
