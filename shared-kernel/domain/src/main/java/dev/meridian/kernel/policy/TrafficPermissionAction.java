package dev.meridian.kernel.policy;

import java.util.Arrays;
import java.util.Optional;

/** What a MeshTrafficPermission {@code from} item does to the callers it selects (Kuma 2.4). */
public enum TrafficPermissionAction {
  Allow,
  Deny,
  /** Allowed, and counted as a denial by a shadow policy: a rehearsal of a Deny. */
  AllowWithShadowDeny;

  public boolean allows() {
    return this != Deny;
  }

  static String[] names() {
    return Arrays.stream(values()).map(Enum::name).toArray(String[]::new);
  }

  public static Optional<TrafficPermissionAction> parse(String value) {
    return Arrays.stream(values()).filter(a -> a.name().equals(value)).findFirst();
  }
}
