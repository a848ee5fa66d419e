package dev.meridian.global.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.meridian.global.command.Commands;
import dev.meridian.global.command.ResourceCommands;
import dev.meridian.global.command.WriteResult;
import dev.meridian.global.config.GlobalProperties;
import dev.meridian.global.log.GlobalFeed;
import dev.meridian.global.log.HeartbeatFeed;
import dev.meridian.global.log.InsightFeed;
import dev.meridian.kernel.api.ApiFailure;
import dev.meridian.kernel.api.RequestBody;
import dev.meridian.kernel.api.ResourceRequests;
import dev.meridian.kernel.command.Decision;
import dev.meridian.kernel.history.HistoryRequests;
import dev.meridian.kernel.history.LogHistory;
import dev.meridian.kernel.json.DomainJson;
import dev.meridian.kernel.projection.Projection;
import dev.meridian.kernel.resource.MeshSpec;
import dev.meridian.kernel.resource.Resource;
import dev.meridian.kernel.resource.ResourceDocument;
import dev.meridian.kernel.resource.ResourceKey;
import dev.meridian.kernel.resource.ResourceKind;
import dev.meridian.kernel.validation.Violation;
import dev.meridian.kernel.zone.ZoneRegistry;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.security.Principal;
import java.util.List;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * Global's Kuma-compatible API: meshes are written here; dataplanes of every zone are read here
 * (each carrying its {@code kuma.io/zone}) but written only on their zone.
 */
@RestController
class GlobalApi {
  private final Projection projection;
  private final GlobalFeed feed;
  private final ResourceCommands commands;
  private final GlobalProperties.Api settings;
  private final ZoneRegistry zoneRegistry;
  private final InsightFeed insights;
  private final LogHistory history;
  private final GlobalPolicyApi policies;

  GlobalApi(
      Projection projection,
      GlobalFeed feed,
      HeartbeatFeed heartbeats,
      InsightFeed insights,
      ResourceCommands commands,
      GlobalProperties properties,
      LogHistory history,
      GlobalPolicyApi policies) {
    this.history = history;
    this.policies = policies;
    this.projection = projection;
    this.feed = feed;
    this.zoneRegistry = heartbeats.registry();
    this.insights = insights;
    this.commands = commands;
    this.settings = properties.api();
  }

  @GetMapping("/meshes")
  ResponseEntity<byte[]> meshes(HttpServletRequest request) {
    return page(view(request).list(ResourceKind.MESH, null), request);
  }

  @GetMapping("/meshes/{name}")
  ResponseEntity<byte[]> mesh(@PathVariable String name, HttpServletRequest request) {
    return get(ResourceKey.mesh(name), request);
  }

  @PutMapping("/meshes/{name}")
  ResponseEntity<byte[]> putMesh(@PathVariable String name, HttpServletRequest request)
      throws IOException {
    ResourceRequests.requireCaughtUp(feed.caughtUp());
    ResourceKey key = ResourceKey.mesh(name);
    byte[] body =
        RequestBody.read(
            request.getInputStream(), request.getContentLengthLong(), settings.maxBodyBytes());
    ResourceDocument.Parsed parsed =
        ResourceDocument.read(
            ResourceKind.MESH, body, RequestBody.format(request.getContentType(), body));
    ResourceRequests.checkMatchesUrl(key, parsed, List.of());
    WriteResult result =
        commands.send(
            new Commands.PutMesh(key.logKey(), name, (MeshSpec) parsed.spec()), actor(request));
    awaitVisible(key, result);
    return ResponseEntity.status(result.outcome() == Decision.Outcome.CREATED ? 201 : 200).build();
  }

  @DeleteMapping("/meshes/{name}")
  ResponseEntity<byte[]> deleteMesh(@PathVariable String name, HttpServletRequest request) {
    ResourceRequests.requireCaughtUp(feed.caughtUp());
    ResourceKey key = ResourceKey.mesh(name);
    if (projection.get(key).isEmpty()) {
      throw ApiFailure.notFound("Could not delete a resource");
    }
    if (!projection.list(ResourceKind.DATAPLANE, name).isEmpty()) {
      throw ApiFailure.invalid(
          "Could not delete a resource",
          "Resource is not valid",
          List.of(
              new Violation(
                  "mesh", "unable to delete mesh, there are still some dataplanes attached")));
    }
    // Kuma deletes a mesh's policies with it: none may outlive the mesh.
    policies.deletePoliciesOf(name, actor(request));
    WriteResult result = commands.send(new Commands.DeleteMesh(key.logKey(), name), actor(request));
    if (result.outcome() == Decision.Outcome.NOT_FOUND) {
      throw ApiFailure.notFound("Could not delete a resource");
    }
    awaitVisible(key, result);
    return ResponseEntity.ok().build();
  }

  @GetMapping("/dataplanes")
  ResponseEntity<byte[]> allDataplanes(HttpServletRequest request) {
    return page(view(request).list(ResourceKind.DATAPLANE, null), request);
  }

  @GetMapping("/meshes/{mesh}/dataplanes")
  ResponseEntity<byte[]> dataplanes(@PathVariable String mesh, HttpServletRequest request) {
    return page(view(request).list(ResourceKind.DATAPLANE, mesh), request);
  }

  @GetMapping("/meshes/{mesh}/dataplanes/{name}")
  ResponseEntity<byte[]> dataplane(
      @PathVariable String mesh, @PathVariable String name, HttpServletRequest request) {
    return get(ResourceKey.dataplane(mesh, name), request);
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
            offset -> nextUrl(request, offset),
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

  @PutMapping("/meshes/{mesh}/dataplanes/{name}")
  ResponseEntity<byte[]> putDataplane() {
    throw zoneOwned();
  }

  @DeleteMapping("/meshes/{mesh}/dataplanes/{name}")
  ResponseEntity<byte[]> deleteDataplane() {
    throw zoneOwned();
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
            offset -> nextUrl(request, offset),
            zone -> {
              ObjectNode item = DomainJson.canonical().createObjectNode();
              item.put("type", "Zone");
              item.put("name", zone);
              item.put("enabled", true);
              return item;
            });
    return Responses.ok(out, request);
  }

  /** The latest log records global refused to apply (forgeries, malformed records), and why. */
  @GetMapping("/rejections")
  ResponseEntity<byte[]> rejections(HttpServletRequest request) {
    ObjectNode out = DomainJson.canonical().createObjectNode();
    out.put("total", feed.rejections().total());
    out.set("items", DomainJson.canonical().valueToTree(feed.rejections().recent()));
    return Responses.ok(out, request);
  }

  /** Every zone's ingresses, read-only: what each zone offers the others. */
  @GetMapping("/zoneingresses")
  ResponseEntity<byte[]> zoneIngresses(HttpServletRequest request) {
    return page(view(request).list(ResourceKind.ZONE_INGRESS, null), request);
  }

  @GetMapping("/zoneingresses/{name}")
  ResponseEntity<byte[]> zoneIngress(@PathVariable String name, HttpServletRequest request) {
    return get(ResourceKey.zoneIngress(name), request);
  }

  /** Kuma's ZoneOverview: the zone, whether its control plane is online, its connections. */
  @GetMapping("/zones+insights")
  ResponseEntity<byte[]> zoneOverviews(HttpServletRequest request) {
    return Responses.ok(
        ResourceRequests.page(
            knownZones(),
            request.getParameter("offset"),
            request.getParameter("size"),
            offset -> nextUrl(request, offset),
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

  private static ApiFailure zoneOwned() {
    return ApiFailure.of(
        405,
        "Method not Allowed",
        "Dataplanes are registered on their zone's control plane; the global control plane shows"
            + " them read-only");
  }

  private ResponseEntity<byte[]> get(ResourceKey key, HttpServletRequest request) {
    Resource resource =
        view(request)
            .get(key)
            .orElseThrow(() -> ApiFailure.notFound("Could not retrieve a resource"));
    return Responses.ok(ResourceDocument.render(resource), request);
  }

  private ResponseEntity<byte[]> page(List<Resource> all, HttpServletRequest request) {
    return Responses.ok(
        ResourceRequests.page(
            all,
            request.getParameter("offset"),
            request.getParameter("size"),
            offset -> nextUrl(request, offset)),
        request);
  }

  /** The live projection, or the log's view at {@code ?at=} (a time or a log position). */
  private Projection view(HttpServletRequest request) {
    return HistoryRequests.view(request.getParameter("at"), projection, history);
  }

  static String nextUrl(HttpServletRequest request, int offset) {
    return UriComponentsBuilder.fromUriString(request.getRequestURL().toString())
        .query(request.getQueryString())
        .replaceQueryParam("offset", offset)
        .build()
        .toUriString();
  }

  private void awaitVisible(ResourceKey key, WriteResult result) {
    if (result.sequence() >= 0 && result.outcome() != Decision.Outcome.UNCHANGED) {
      feed.awaitApplied(key.logKey(), result.sequence(), settings.writeVisibilityTimeout());
    }
  }

  private String actor(HttpServletRequest request) {
    Principal principal = request.getUserPrincipal();
    return principal != null ? principal.getName() : settings.defaultActor();
  }
}
