package dev.meridian.global.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.meridian.global.log.InsightFeed;
import dev.meridian.kernel.api.ApiFailure;
import dev.meridian.kernel.api.DataplaneOverviewFilter;
import dev.meridian.kernel.json.DomainJson;
import dev.meridian.kernel.projection.Projection;
import dev.meridian.kernel.resource.Resource;
import dev.meridian.kernel.resource.ResourceDocument;
import dev.meridian.kernel.resource.ResourceKey;
import dev.meridian.kernel.resource.ResourceKind;
import dev.meridian.runtime.api.Responses;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * Every zone's dataplanes with their insight (Kuma's DataplaneOverview), as their zones reported
 * them over the log; what only global can show, since it follows every zone.
 */
@RestController
class DataplaneOverviewApi {
  private final Projection projection;
  private final InsightFeed insights;

  DataplaneOverviewApi(Projection projection, InsightFeed insights) {
    this.projection = projection;
    this.insights = insights;
  }

  /**
   * Every zone's dataplanes with their insight (Kuma's DataplaneOverview): online or not, their
   * proxies' connections and ACKs/NACKs, as their zone reported them.
   */
  @GetMapping("/meshes/{mesh}/dataplanes+insights")
  ResponseEntity<byte[]> dataplaneOverviews(@PathVariable String mesh, HttpServletRequest request) {
    return Responses.ok(
        // Kuma's name, tag and gateway filters on the resources; online and NACK on the insights.
        DataplaneOverviewFilter.parse(request::getParameterValues)
            .insightsOnly()
            .page(
                dev.meridian.runtime.api.ResourceEndpoints.filter(request)
                    .apply(projection.list(ResourceKind.DATAPLANE, mesh)),
                this::dataplaneOverview,
                request.getParameter("offset"),
                request.getParameter("size"),
                offset -> Responses.nextUrl(request, offset)),
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
    return ResourceDocument.overview(resource, insight);
  }
}
