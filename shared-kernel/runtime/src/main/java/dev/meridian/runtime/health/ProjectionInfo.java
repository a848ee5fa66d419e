package dev.meridian.runtime.health;

import dev.meridian.kernel.projection.Projection;
import dev.meridian.runtime.log.ProjectionFeed;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.actuate.info.Info;
import org.springframework.boot.actuate.info.InfoContributor;
import org.springframework.stereotype.Component;

/**
 * {@code /actuator/info}: the projection's size and checksum, so an operator (or a test) can see
 * that a rebuilt control plane holds exactly what it held before. Not in the health check: the
 * checksum hashes every resource and probes call health often.
 */
@Component
public class ProjectionInfo implements InfoContributor {
  private final ProjectionFeed feed;
  private final Projection projection;

  public ProjectionInfo(ProjectionFeed feed, Projection projection) {
    this.feed = feed;
    this.projection = projection;
  }

  @Override
  public void contribute(Info.Builder builder) {
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("caughtUp", feed.caughtUp());
    details.put("resources", projection.size());
    details.put("checksum", projection.checksum());
    builder.withDetail("projection", details);
  }
}
