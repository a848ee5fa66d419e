package dev.meridian.kernel.auth;

import dev.meridian.kernel.resource.AccessRoleBindingSpec;
import dev.meridian.kernel.resource.AccessRoleSpec;
import dev.meridian.kernel.resource.Resource;
import dev.meridian.kernel.resource.ResourceKind;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The AccessRoles and AccessRoleBindings on the log, as they answer "may this subject do this?". A
 * binding naming a role that does not exist grants nothing (yet); roles only grant.
 */
public final class Grants {
  /** Every token's holder is in this group, as in Kong Mesh: bind it to give every user a role. */
  public static final String AUTHENTICATED = "mesh-system:authenticated";

  private static final Grants NONE = new Grants(Map.of(), List.of());

  private final Map<String, AccessRoleSpec> roles;
  private final List<AccessRoleBindingSpec> bindings;

  private Grants(Map<String, AccessRoleSpec> roles, List<AccessRoleBindingSpec> bindings) {
    this.roles = roles;
    this.bindings = bindings;
  }

  public static Grants none() {
    return NONE;
  }

  /** From the stored roles and bindings (resources of those two kinds). */
  public static Grants of(List<Resource> roles, List<Resource> bindings) {
    Map<String, AccessRoleSpec> byName = new HashMap<>();
    for (Resource role : roles) {
      if (role.key().kind() == ResourceKind.ACCESS_ROLE) {
        byName.put(role.key().name(), (AccessRoleSpec) role.spec());
      }
    }
    List<AccessRoleBindingSpec> specs =
        bindings.stream()
            .filter(b -> b.key().kind() == ResourceKind.ACCESS_ROLE_BINDING)
            .map(b -> (AccessRoleBindingSpec) b.spec())
            .toList();
    return new Grants(Map.copyOf(byName), specs);
  }

  /** Whether a rule of a role bound to {@code subject} (by name or group) allows {@code action}. */
  public boolean allow(Subject subject, Action action) {
    for (AccessRoleBindingSpec binding : bindings) {
      if (!binds(binding, subject)) {
        continue;
      }
      for (String roleName : binding.roles()) {
        AccessRoleSpec role = roles.get(roleName);
        if (role != null && role.rules().stream().anyMatch(r -> r != null && covers(r, action))) {
          return true;
        }
      }
    }
    return false;
  }

  private static boolean binds(AccessRoleBindingSpec binding, Subject subject) {
    for (AccessRoleBindingSpec.Subject s : binding.subjects()) {
      if (s == null || s.name() == null) {
        continue;
      }
      if (AccessRoleBindingSpec.USER.equals(s.type()) && s.name().equals(subject.name())) {
        return true;
      }
      if (AccessRoleBindingSpec.GROUP.equals(s.type())
          && (subject.groups().contains(s.name()) || s.name().equals(AUTHENTICATED))) {
        return true;
      }
    }
    return false;
  }

  /**
   * A rule covers an action when it grants the access value and every limit it sets holds. A limit
   * the action cannot meet (a list has no name, {@code /zones} no type, a list across meshes no
   * mesh) is not met: a list would show what the limit leaves out.
   */
  static boolean covers(AccessRoleSpec.Rule rule, Action action) {
    if (!rule.accessOrNone().contains(action.access().name())) {
      return false;
    }
    if (!rule.typesOrAll().isEmpty()
        && (action.type() == null || !rule.typesOrAll().contains(action.type()))) {
      return false;
    }
    if (!rule.namesOrAll().isEmpty()
        && (action.name() == null || !rule.namesOrAll().contains(action.name()))) {
      return false;
    }
    return rule.mesh() == null
        || rule.mesh().equals(action.mesh())
        || Action.ANY_MESH.equals(action.mesh());
  }
}
