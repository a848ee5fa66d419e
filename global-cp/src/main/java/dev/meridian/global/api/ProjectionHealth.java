package dev.meridian.global.api;

import dev.meridian.global.log.GlobalFeed;
import dev.meridian.kernel.projection.Projection;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.stereotype.Component;

/** Ready only once the projection has caught up with the log. */
@Component("projectionHealthIndicator")
class ProjectionHealth implements HealthIndicator {
  private final GlobalFeed feed;
  private final Projection projection;

  ProjectionHealth(GlobalFeed feed, Projection projection) {
    this.feed = feed;
    this.projection = projection;
  }

  @Override
  public Health health() {
    return (feed.caughtUp() ? Health.up() : Health.outOfService())
        .withDetail("resources", projection.size())
        .withDetail("zones", feed.zones())
        .build();
  }
}
