package dev.meridian.global.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.meridian.global.log.HeartbeatFeed;
import dev.meridian.kernel.api.ApiFailure;
import dev.meridian.kernel.api.ResourceRequests;
import dev.meridian.kernel.json.DomainJson;
import dev.meridian.kernel.projection.Projection;
import dev.meridian.kernel.resource.ResourceDocument;
import dev.meridian.kernel.resource.ResourceKey;
import dev.meridian.kernel.resource.ResourceKind;
import dev.meridian.kernel.resource.ZoneSpec;
import dev.meridian.kernel.zone.ZoneRegistry;
import dev.meridian.runtime.api.ResourceEndpoints;
import dev.meridian.runtime.api.Responses;
import dev.meridian.runtime.log.ProjectionFeed;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The zones global hears from (their topic or their heartbeat) or has a Zone resource of: Kuma's
 * Zone and ZoneOverview, enabled or not, online or not, with their control planes' connections and
 * consumer lag. {@code PUT /zones/{name}} writes Kuma's Zone resource ({@code enabled: false} takes
 * the zone out of cross-zone traffic); deleting it enables the zone again.
 */
@RestController
class ZonesApi {
  private final ProjectionFeed feed;
  private final ZoneRegistry registry;
  private final Projection projection;
  private final ResourceEndpoints endpoints;

  ZonesApi(
      ProjectionFeed feed,
      HeartbeatFeed heartbeats,
      Projection projection,
      ResourceEndpoints endpoints) {
    this.feed = feed;
    this.registry = heartbeats.registry();
    this.projection = projection;
    this.endpoints = endpoints;
  }

  /**
   * The zones this control plane hears from (their topic or their heartbeat), Kuma's Zone shape.
   */
  @GetMapping("/zones")
  ResponseEntity<byte[]> zones(HttpServletRequest request) {
    List<String> zones = knownZones();
    ObjectNode out =
        ResourceRequests.page(
            zones,
            request.getParameter("offset"),
            request.getParameter("size"),
            offset -> Responses.nextUrl(request, offset),
            this::zone);
    return Responses.ok(out, request);
  }

  @GetMapping("/zones/{name}")
  ResponseEntity<byte[]> zone(@PathVariable String name, HttpServletRequest request) {
    if (!knownZones().contains(name)) {
      throw ApiFailure.notFound("Could not retrieve a resource");
    }
    return Responses.ok(zone(name), request);
  }

  /** Kuma's Zone resource; {@code enabled: false} is a change on the log every zone follows. */
  @PutMapping("/zones/{name}")
  ResponseEntity<byte[]> putZone(@PathVariable String name, HttpServletRequest request) {
    return endpoints.put(ResourceKey.zone(name), request);
  }

  @DeleteMapping("/zones/{name}")
  ResponseEntity<byte[]> deleteZone(@PathVariable String name, HttpServletRequest request) {
    return endpoints.delete(ResourceKey.zone(name), request);
  }

  /** The stored Zone resource, or the enabled zone a zone without one is. */
  private ObjectNode zone(String name) {
    return projection
        .get(ResourceKey.zone(name))
        .map(ResourceDocument::render)
        .orElseGet(
            () -> {
              ObjectNode item = DomainJson.canonical().createObjectNode();
              item.put("type", "Zone");
              item.put("name", name);
              item.put("enabled", true);
              return item;
            });
  }

  private boolean enabled(String zone) {
    return projection
        .get(ResourceKey.zone(zone))
        .map(r -> ((ZoneSpec) r.spec()).isEnabled())
        .orElse(true);
  }

  /** Kuma's ZoneOverview: the zone, whether its control plane is online, its connections. */
  @GetMapping("/zones+insights")
  ResponseEntity<byte[]> zoneOverviews(HttpServletRequest request) {
    return Responses.ok(
        ResourceRequests.page(
            knownZones(),
            request.getParameter("offset"),
            request.getParameter("size"),
            offset -> Responses.nextUrl(request, offset),
            this::overview),
        request);
  }

  @GetMapping("/zones+insights/{name}")
  ResponseEntity<byte[]> zoneOverview(@PathVariable String name, HttpServletRequest request) {
    if (!knownZones().contains(name)) {
      throw ApiFailure.notFound("Could not retrieve a resource");
    }
    return Responses.ok(overview(name), request);
  }

  private List<String> knownZones() {
    java.util.SortedSet<String> zones = new java.util.TreeSet<>(feed.zones());
    zones.addAll(registry.zones());
    projection.list(ResourceKind.ZONE, null).forEach(z -> zones.add(z.key().name()));
    return List.copyOf(zones);
  }

  private ObjectNode overview(String zone) {
    ObjectNode out = DomainJson.canonical().createObjectNode();
    out.put("type", "ZoneOverview");
    out.put("name", zone);
    out.putObject("zone").put("enabled", enabled(zone));
    out.put("online", registry.online(zone));
    var subscriptions = out.putObject("zoneInsight").putArray("subscriptions");
    for (ZoneRegistry.Subscription s : registry.subscriptions(zone)) {
      ObjectNode item = subscriptions.addObject();
      item.put("id", s.instanceId());
      item.put("connectTime", s.connectTime().toString());
      if (s.disconnectTime() != null) {
        item.put("disconnectTime", s.disconnectTime().toString());
      }
      item.putObject("status")
          .put("lastUpdateTime", s.lastHeartbeat().toString())
          .put("consumerLag", s.consumerLag());
    }
    return out;
  }
}
