package dev.meridian.global.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.meridian.global.log.HeartbeatFeed;
import dev.meridian.global.log.InsightFeed;
import dev.meridian.kernel.api.ApiFailure;
import dev.meridian.kernel.api.ResourceRequests;
import dev.meridian.kernel.json.DomainJson;
import dev.meridian.kernel.projection.Projection;
import dev.meridian.kernel.resource.Resource;
import dev.meridian.kernel.resource.ResourceDocument;
import dev.meridian.kernel.resource.ResourceKey;
import dev.meridian.kernel.resource.ResourceKind;
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
 * What only global shows: every zone (Kuma's Zone and ZoneOverview: online or not, its control
 * plane's connections and consumer lag) and every zone's dataplanes with their insight. Meshes,
 * policies, dataplanes and history are the runtime's routes, the same as on a zone.
 */
@RestController
class GlobalApi {
  private final Projection projection;
  private final ProjectionFeed feed;
  private final ZoneRegistry zoneRegistry;
  private final InsightFeed insights;

  GlobalApi(
      Projection projection, ProjectionFeed feed, HeartbeatFeed heartbeats, InsightFeed insights) {
    this.projection = projection;
    this.feed = feed;
    this.zoneRegistry = heartbeats.registry();
    this.insights = insights;
  }

  /**
   * Every zone's dataplanes with their insight (Kuma's DataplaneOverview): online or not, their
   * proxies' connections and ACKs/NACKs, as their zone reported them.
   */
  @GetMapping("/meshes/{mesh}/dataplanes+insights")
  ResponseEntity<byte[]> dataplaneOverviews(@PathVariable String mesh, HttpServletRequest request) {
    return Responses.ok(
        ResourceRequests.page(
            projection.list(ResourceKind.DATAPLANE, mesh),
            request.getParameter("offset"),
            request.getParameter("size"),
            offset -> Responses.nextUrl(request, offset),
            this::dataplaneOverview),
        request);
  }

  @GetMapping("/meshes/{mesh}/dataplanes+insights/{name}")
  ResponseEntity<byte[]> dataplaneOverview(
      @PathVariable String mesh, @PathVariable String name, HttpServletRequest request) {
    Resource resource =
        projection
            .get(ResourceKey.dataplane(mesh, name))
            .orElseThrow(() -> ApiFailure.notFound("Could not retrieve a resource"));
    return Responses.ok(dataplaneOverview(resource), request);
  }

  private ObjectNode dataplaneOverview(Resource resource) {
    ObjectNode dataplane = ResourceDocument.render(resource);
    ObjectNode out = DomainJson.canonical().createObjectNode();
    out.put("type", "DataplaneOverview");
    out.put("mesh", resource.key().mesh());
    out.put("name", resource.key().name());
    out.set("creationTime", dataplane.get("creationTime"));
    out.set("modificationTime", dataplane.get("modificationTime"));
    dataplane.remove(List.of("type", "mesh", "name", "creationTime", "modificationTime"));
    out.set("dataplane", dataplane);
    ObjectNode insight =
        insights
            .insight(resource.key())
            .map(node -> (ObjectNode) node.deepCopy())
            .orElseGet(
                () -> {
                  ObjectNode none = DomainJson.canonical().createObjectNode();
                  none.putArray("subscriptions");
                  none.put("online", false);
                  return none;
                });
    out.set("dataplaneInsight", insight);
    return out;
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
    zones.addAll(zoneRegistry.zones());
    return List.copyOf(zones);
  }

  private ObjectNode overview(String zone) {
    ObjectNode out = DomainJson.canonical().createObjectNode();
    out.put("type", "ZoneOverview");
    out.put("name", zone);
    out.putObject("zone").put("enabled", true);
    out.put("online", zoneRegistry.online(zone));
    var subscriptions = out.putObject("zoneInsight").putArray("subscriptions");
    for (ZoneRegistry.Subscription s : zoneRegistry.subscriptions(zone)) {
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
