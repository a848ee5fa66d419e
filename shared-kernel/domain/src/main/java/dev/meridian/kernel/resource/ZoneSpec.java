package dev.meridian.kernel.resource;

/**
 * Kuma's Zone resource, written on global: {@code enabled: false} takes a zone out of cross-zone
 * traffic (its services are no longer reached from other zones, and its proxies no longer reach
 * other zones'). A zone without a Zone resource is enabled.
 */
public record ZoneSpec(Boolean enabled) implements ResourceSpec {
  public boolean isEnabled() {
    return enabled == null || enabled;
  }
}
