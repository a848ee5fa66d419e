package dev.meridian.global.api;

import dev.meridian.global.log.HeartbeatFeed;
import dev.meridian.global.log.InsightFeed;
import dev.meridian.kernel.insight.GlobalInsight;
import dev.meridian.kernel.projection.Projection;
import dev.meridian.kernel.resource.Resource;
import dev.meridian.kernel.resource.ResourceKind;
import dev.meridian.kernel.zone.ZoneRegistry;
import dev.meridian.runtime.api.Responses;
import dev.meridian.runtime.log.ProjectionFeed;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Instant;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Kuma's {@code GET /global-insights}: the zones and their control planes online, meshes, every
 * zone's dataplanes and services by status, and policies; only global sees them all.
 */
@RestController
class GlobalInsightsApi {
  private final Projection projection;
  private final ProjectionFeed feed;
  private final ZoneRegistry registry;
  private final InsightFeed insights;

  GlobalInsightsApi(
      Projection projection, ProjectionFeed feed, HeartbeatFeed heartbeats, InsightFeed insights) {
    this.projection = projection;
    this.feed = feed;
    this.registry = heartbeats.registry();
    this.insights = insights;
  }

  @GetMapping("/global-insights")
  ResponseEntity<byte[]> globalInsights(HttpServletRequest request) {
    SortedSet<String> zones = new TreeSet<>(feed.zones());
    zones.addAll(registry.zones());
    int online = (int) zones.stream().filter(registry::online).count();
    List<Resource> meshes = projection.list(ResourceKind.MESH, null);
    List<Resource> policies =
        meshes.stream().flatMap(m -> projection.policies(m.key().name()).stream()).toList();
    return Responses.ok(
        GlobalInsight.of(
            Instant.now(),
            new GlobalInsight.Zones(
                zones.size(), online, projection.list(ResourceKind.ZONE_INGRESS, null).size()),
            meshes,
            projection.list(ResourceKind.DATAPLANE, null),
            policies,
            insights::online),
        request);
  }
}
