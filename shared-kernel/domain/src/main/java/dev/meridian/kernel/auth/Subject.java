package dev.meridian.kernel.auth;

import java.util.List;

/**
 * Who is asking: a user's name and the groups a user token carries (Kuma's {@code user-token}
 * claims), what the audit log records as a change's actor.
 */
public record Subject(String name, List<String> groups) {
  /** Kuma's group of administrators: every permission. */
  public static final String ADMINS = "mesh-system:admin";

  /** Read-only users: every read, no write. */
  public static final String READERS = "mesh-system:readonly";

  /** Operators of one mesh: {@code mesh-operator:<mesh>}; every read, writes inside that mesh. */
  public static final String OPERATOR_PREFIX = "mesh-operator:";

  public Subject {
    groups = groups == null ? List.of() : List.copyOf(groups);
  }

  public boolean admin() {
    return groups.contains(ADMINS);
  }
}
