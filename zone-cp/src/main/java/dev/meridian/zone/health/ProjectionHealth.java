package dev.meridian.zone.health;

import dev.meridian.kernel.projection.Projection;
import dev.meridian.zone.log.ProjectionFeed;
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
    Health.Builder builder = feed.caughtUp() ? Health.up() : Health.outOfService();
    return builder.withDetail("resources", projection.size()).build();
  }
}
