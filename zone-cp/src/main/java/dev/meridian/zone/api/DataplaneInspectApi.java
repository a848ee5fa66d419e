package dev.meridian.zone.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.meridian.kernel.api.ApiFailure;
import dev.meridian.kernel.api.DataplaneOverviewFilter;
import dev.meridian.kernel.history.HistoryRequests;
import dev.meridian.kernel.history.LastChanges;
import dev.meridian.kernel.history.LogHistory;
import dev.meridian.kernel.history.XdsProvenance;
import dev.meridian.kernel.json.DomainJson;
import dev.meridian.kernel.log.LogCut;
import dev.meridian.kernel.policy.PolicyInspection;
import dev.meridian.kernel.projection.Projection;
import dev.meridian.kernel.resource.Resource;
import dev.meridian.kernel.resource.ResourceDocument;
import dev.meridian.kernel.resource.ResourceKey;
import dev.meridian.kernel.resource.ResourceKind;
import dev.meridian.kernel.xds.ProxyModel;
import dev.meridian.kernel.xds.XdsJson;
import dev.meridian.kernel.xds.XdsResources;
import dev.meridian.runtime.api.Responses;
import dev.meridian.zone.xds.DataplaneInsights;
import dev.meridian.zone.xds.EnvoySecrets;
import dev.meridian.zone.xds.ProxyKind;
import dev.meridian.zone.xds.XdsSnapshots;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * What proxies see: the config being served ({@code /xds}), the policies that shape it ({@code
 * _rules}) and how their streams are doing ({@code dataplanes+insights}, Kuma's DataplaneOverview
 * shape).
 */
@RestController
class DataplaneInspectApi {
  private final Projection projection;
  private final DataplaneInsights insights;
  private final XdsSnapshots snapshots;
  private final LogHistory history;
  private final LastChanges lastChanges;

  DataplaneInspectApi(
      Projection projection,
      DataplaneInsights insights,
      XdsSnapshots snapshots,
      LogHistory history,
      LastChanges lastChanges) {
    this.history = history;
    this.lastChanges = lastChanges;
    this.projection = projection;
    this.insights = insights;
    this.snapshots = snapshots;
  }

  /** Which policies apply to a dataplane and what they merge to (Kuma's {@code _rules}). */
  @GetMapping("/meshes/{mesh}/dataplanes/{name}/_rules")
  ResponseEntity<byte[]> rules(
      @PathVariable String mesh, @PathVariable String name, HttpServletRequest request) {
    Resource dataplane =
        projection
            .get(ResourceKey.dataplane(mesh, name))
            .orElseThrow(() -> ApiFailure.notFound("Could not retrieve a resource"));
    return Responses.ok(
        PolicyInspection.rules(dataplane, projection.policiesWithMesh(mesh)), request);
  }

  /**
   * The config served to the dataplane's connected proxies, by rendering; for a proxy that is not
   * connected, what it would get ({@code ?proxyType=envoy|grpc}, default envoy).
   */
  @GetMapping("/meshes/{mesh}/dataplanes/{name}/xds")
  ResponseEntity<byte[]> xds(
      @PathVariable String mesh,
      @PathVariable String name,
      @RequestParam(name = "proxyType", required = false) String proxyType,
      HttpServletRequest request) {
    ResourceKey key = ResourceKey.dataplane(mesh, name);
    Optional<LogCut> at = HistoryRequests.cut(request.getParameter("at"), "at", history);
    if (at.isPresent()) {
      return Responses.ok(historical(history.at(at.get()), key, proxyType), request);
    }
    if (projection.get(key).isEmpty()) {
      throw ApiFailure.of(404, "Could not retrieve a resource", "Not found");
    }
    ObjectNode out = DomainJson.canonical().createObjectNode();
    Map<String, XdsResources> served = snapshots.served(key);
    if (proxyType != null) {
      ProxyKind kind = parseKind(proxyType);
      XdsResources resources =
          served.containsKey(kind.name().toLowerCase(Locale.ROOT))
              ? served.get(kind.name().toLowerCase(Locale.ROOT))
              : snapshots.render(key, kind).orElseThrow(DataplaneInspectApi::notFound);
      out.put("proxyType", kind.name().toLowerCase(Locale.ROOT));
      out.put("connected", served.containsKey(kind.name().toLowerCase(Locale.ROOT)));
      out.set("xds", XdsJson.toTree(resources));
    } else if (served.isEmpty()) {
      out.put("proxyType", "envoy");
      out.put("connected", false);
      out.set(
          "xds",
          XdsJson.toTree(
              snapshots.render(key, ProxyKind.ENVOY).orElseThrow(DataplaneInspectApi::notFound)));
    } else {
      Map.Entry<String, XdsResources> first = served.entrySet().iterator().next();
      out.put("proxyType", first.getKey());
      out.put("connected", true);
      out.set("xds", XdsJson.toTree(first.getValue()));
    }
    // The SDS secrets a connected proxy is served, by their metadata: never key material.
    List<EnvoySecrets.CertificateInfo> certificates =
        snapshots.servedCertificates(key).get(out.path("proxyType").asText());
    if (certificates != null) {
      out.set("certificates", DomainJson.canonical().valueToTree(certificates));
    }
    return Responses.ok(out, request);
  }

  /**
   * The config a zone ingress is served (Kuma's {@code /zoneingresses/{name}/xds}); for one not
   * connected, what it would get; with {@code ?at=}, what it would have been served then.
   */
  @GetMapping("/zoneingresses/{name}/xds")
  ResponseEntity<byte[]> ingressXds(@PathVariable String name, HttpServletRequest request) {
    ResourceKey key = ResourceKey.zoneIngress(name);
    Optional<LogCut> at = HistoryRequests.cut(request.getParameter("at"), "at", history);
    if (at.isPresent()) {
      return Responses.ok(historical(history.at(at.get()), key, null), request);
    }
    if (projection.get(key).isEmpty()) {
      throw ApiFailure.of(404, "Could not retrieve a resource", "Not found");
    }
    XdsResources served = snapshots.served(key).get("envoy");
    ObjectNode out = DomainJson.canonical().createObjectNode();
    out.put("proxyType", "envoy");
    out.put("connected", served != null);
    out.set(
        "xds",
        XdsJson.toTree(
            served != null
                ? served
                : snapshots
                    .render(key, ProxyKind.ENVOY)
                    .orElseThrow(DataplaneInspectApi::notFound)));
    return Responses.ok(out, request);
  }

  /**
   * Each xDS resource the dataplane is served, with the resources it was generated from and the
   * event (log position, time, actor) that last changed each of them.
   */
  @GetMapping("/meshes/{mesh}/dataplanes/{name}/_provenance")
  ResponseEntity<byte[]> provenance(
      @PathVariable String mesh,
      @PathVariable String name,
      @RequestParam(name = "proxyType", required = false) String proxyType,
      HttpServletRequest request) {
    ResourceKey key = ResourceKey.dataplane(mesh, name);
    ProxyModel model =
        snapshots
            .model(key)
            .orElseThrow(() -> ApiFailure.of(404, "Could not retrieve a resource", "Not found"));
    ProxyKind kind = proxyType == null ? ProxyKind.ENVOY : parseKind(proxyType);
    Map<String, XdsResources> served = snapshots.served(key);
    String rendering = kind.name().toLowerCase(Locale.ROOT);
    XdsResources resources =
        served.containsKey(rendering)
            ? served.get(rendering)
            : snapshots.render(key, kind).orElseThrow(DataplaneInspectApi::notFound);
    ObjectNode out = DomainJson.canonical().createObjectNode();
    out.put("proxyType", rendering);
    out.put("connected", served.containsKey(rendering));
    out.setAll(XdsProvenance.of(model, resources, projection, lastChanges));
    return Responses.ok(out, request);
  }

  /** The config the proxy would have been served from the log's view at a moment. */
  private ObjectNode historical(Projection view, ResourceKey key, String proxyType) {
    ProxyKind kind = proxyType == null ? ProxyKind.ENVOY : parseKind(proxyType);
    XdsResources resources =
        snapshots
            .render(view, key, kind)
            .orElseThrow(() -> ApiFailure.of(404, "Could not retrieve a resource", "Not found"));
    ObjectNode out = DomainJson.canonical().createObjectNode();
    out.put("proxyType", kind.name().toLowerCase(Locale.ROOT));
    out.put("connected", false);
    out.set("xds", XdsJson.toTree(resources));
    return out;
  }

  @GetMapping("/meshes/{mesh}/dataplanes+insights")
  ResponseEntity<byte[]> overviews(@PathVariable String mesh, HttpServletRequest request) {
    ObjectNode out =
        // Kuma's name, tag and gateway filters on the resources; online and NACK on the insights.
        DataplaneOverviewFilter.parse(request::getParameterValues)
            .insightsOnly()
            .page(
                dev.meridian.runtime.api.ResourceEndpoints.filter(request)
                    .apply(projection.list(ResourceKind.DATAPLANE, mesh)),
                this::overview,
                request.getParameter("offset"),
                request.getParameter("size"),
                offset -> Responses.nextUrl(request, offset));
    return Responses.ok(out, request);
  }

  @GetMapping("/meshes/{mesh}/dataplanes+insights/{name}")
  ResponseEntity<byte[]> overview(
      @PathVariable String mesh, @PathVariable String name, HttpServletRequest request) {
    Resource resource =
        projection
            .get(ResourceKey.dataplane(mesh, name))
            .orElseThrow(() -> ApiFailure.of(404, "Could not retrieve a resource", "Not found"));
    return Responses.ok(overview(resource), request);
  }

  private ObjectNode overview(Resource resource) {
    ObjectNode insight = DomainJson.canonical().valueToTree(insights.insight(resource.key()));
    insight.put("online", insights.online(resource.key()));
    return ResourceDocument.overview(resource, insight);
  }

  /** Also for a dataplane deleted between the existence check and the rendering. */
  private static ApiFailure notFound() {
    return ApiFailure.of(404, "Could not retrieve a resource", "Not found");
  }

  private static ProxyKind parseKind(String value) {
    try {
      return ProxyKind.valueOf(value.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw ApiFailure.invalid(
          "Bad Request",
          "Invalid proxyType",
          java.util.List.of(
              new dev.meridian.kernel.validation.Violation(
                  "proxyType", "must be one of envoy, grpc")));
    }
  }
}
