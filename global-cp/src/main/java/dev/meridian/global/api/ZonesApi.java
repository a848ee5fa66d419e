package dev.meridian.global.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.meridian.global.log.HeartbeatFeed;
import dev.meridian.kernel.api.ApiFailure;
import dev.meridian.kernel.api.ResourceRequests;
import dev.meridian.kernel.json.DomainJson;
import dev.meridian.kernel.zone.ZoneRegistry;
import dev.meridian.runtime.api.Responses;
import dev.meridian.runtime.log.ProjectionFeed;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * The zones global hears from (their topic or their heartbeat): Kuma's Zone and ZoneOverview,
 * online or not, with their control planes' connections and consumer lag.
 */
@RestController
class ZonesApi {
  private final ProjectionFeed feed;
  private final ZoneRegistry registry;

  ZonesApi(ProjectionFeed feed, HeartbeatFeed heartbeats) {
    this.feed = feed;
    this.registry = heartbeats.registry();
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
            zone -> {
              ObjectNode item = DomainJson.canonical().createObjectNode();
              item.put("type", "Zone");
              item.put("name", zone);
              item.put("enabled", true);
              return item;
            });
    return Responses.ok(out, request);
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
    return List.copyOf(zones);
  }

  private ObjectNode overview(String zone) {
    ObjectNode out = DomainJson.canonical().createObjectNode();
    out.put("type", "ZoneOverview");
    out.put("name", zone);
    out.putObject("zone").put("enabled", true);
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
