package dev.meridian.runtime.security;

import dev.meridian.kernel.auth.Access;
import dev.meridian.kernel.auth.Action;
import dev.meridian.kernel.auth.Grants;
import dev.meridian.kernel.auth.Permission;
import dev.meridian.kernel.auth.Subject;
import dev.meridian.kernel.projection.Projection;
import dev.meridian.kernel.resource.ResourceKind;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Access as the live projection decides it: the built-in groups, then the AccessRoles and
 * AccessRoleBindings this control plane has read from the log (written on global, so every zone and
 * a rebuilt control plane decide alike).
 */
@Component
public class RoleGrants {
  private final Projection projection;

  RoleGrants(Projection projection) {
    this.projection = projection;
  }

  /** The permission {@code subject} lacks for this request; empty when it is allowed. */
  public Optional<String> missingPermission(Subject subject, String method, String path) {
    return Access.missingPermission(
        subject, method, path, key -> projection.get(key).isPresent(), grants());
  }

  /** Whether {@code subject} is an administrator or a role grants it {@code permission}. */
  public boolean allows(Subject subject, Permission permission, String label) {
    return subject.admin()
        || grants().allow(subject, new Action(permission, null, null, null, label));
  }

  /** Whether {@code subject} may have {@code permission} in {@code mesh}, by group or role. */
  public boolean allowsInMesh(Subject subject, Permission permission, String mesh) {
    return subject.admin()
        || subject.groups().contains(Subject.OPERATOR_PREFIX + mesh)
        || grants().allow(subject, new Action(permission, null, null, mesh, "tokens"));
  }

  private Grants grants() {
    // Read per request: a handful of resources, and a change applies to the very next request.
    return Grants.of(
        projection.list(ResourceKind.ACCESS_ROLE, null),
        projection.list(ResourceKind.ACCESS_ROLE_BINDING, null));
  }
}
