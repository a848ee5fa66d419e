package dev.meridian.kernel.auth;

import java.util.Arrays;
import java.util.Optional;

/**
 * The access values an AccessRole rule grants: Kong Mesh's, plus {@link #VIEW}. Kong Mesh lets
 * every user read; Meridian keeps reads behind a permission (as its built-in groups always did), so
 * a read-only role must be expressible, and {@code VIEW} is that verb.
 */
public enum Permission {
  CREATE,
  UPDATE,
  DELETE,
  /** Meridian's: read resources and every other view of the API (lists, history, zones). */
  VIEW,
  GENERATE_DATAPLANE_TOKEN,
  /** Issue user tokens ({@code POST /tokens/user}) and revoke them. */
  GENERATE_USER_TOKEN,
  GENERATE_ZONE_TOKEN,
  GENERATE_ZONE_CP_TOKEN,
  VIEW_CONFIG_DUMP,
  VIEW_STATS,
  VIEW_CLUSTERS;

  public static Optional<Permission> byName(String name) {
    return Arrays.stream(values()).filter(p -> p.name().equals(name)).findFirst();
  }
}
