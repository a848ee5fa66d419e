package dev.meridian.global.api;

import dev.meridian.kernel.resource.ResourceKind;
import dev.meridian.runtime.api.KindHandler;
import org.springframework.stereotype.Component;

/** Zones are written as sent: Kuma's Zone has only {@code enabled}, which the parse checks. */
@Component
class ZoneHandler implements KindHandler {
  @Override
  public ResourceKind kind() {
    return ResourceKind.ZONE;
  }
}
