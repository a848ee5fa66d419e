package dev.meridian.runtime.health;

import dev.meridian.kernel.projection.Projection;
import dev.meridian.runtime.log.ProjectionFeed;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.stereotype.Component;

/** Ready only once the projection has caught up with the log: before that, reads would lie. */
@Component("projectionHealthIndicator")
public class ProjectionHealth implements HealthIndicator {
  private final ProjectionFeed feed;
  private final Projection projection;

  public ProjectionHealth(ProjectionFeed feed, Projection projection) {
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
