package dev.meridian.runtime.insight;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.meridian.kernel.api.ApiFailure;
import dev.meridian.kernel.api.ResourceRequests;
import dev.meridian.kernel.insight.MeshInsight;
import dev.meridian.kernel.insight.ServiceInsights;
import dev.meridian.kernel.projection.Projection;
import dev.meridian.kernel.resource.Resource;
import dev.meridian.kernel.resource.ResourceKey;
import dev.meridian.kernel.resource.ResourceKind;
import dev.meridian.runtime.api.Responses;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * Kuma's mesh and service insights, computed on request from the projection and the proxies'
 * connections ({@link DataplaneConnectivity}): a zone shows its own dataplanes, global every
 * zone's.
 */
@RestController
class InsightsApi {
  private final Projection projection;
  private final DataplaneConnectivity connectivity;

  InsightsApi(Projection projection, DataplaneConnectivity connectivity) {
    this.projection = projection;
    this.connectivity = connectivity;
  }

  @GetMapping("/mesh-insights")
  ResponseEntity<byte[]> meshInsights(HttpServletRequest request) {
    return Responses.ok(
        ResourceRequests.page(
            projection.list(ResourceKind.MESH, null),
            request.getParameter("offset"),
            request.getParameter("size"),
            offset -> Responses.nextUrl(request, offset),
            this::insight),
        request);
  }

  @GetMapping("/mesh-insights/{mesh}")
  ResponseEntity<byte[]> meshInsight(@PathVariable String mesh, HttpServletRequest request) {
    Resource resource =
        projection
            .get(ResourceKey.mesh(mesh))
            .orElseThrow(() -> ApiFailure.notFound("Could not retrieve a resource"));
    return Responses.ok(insight(resource), request);
  }

  @GetMapping("/meshes/{mesh}/service-insights")
  ResponseEntity<byte[]> serviceInsights(@PathVariable String mesh, HttpServletRequest request) {
    return Responses.ok(
        ResourceRequests.page(
            services(mesh),
            request.getParameter("offset"),
            request.getParameter("size"),
            offset -> Responses.nextUrl(request, offset),
            item -> item),
        request);
  }

  @GetMapping("/meshes/{mesh}/service-insights/{service}")
  ResponseEntity<byte[]> serviceInsight(
      @PathVariable String mesh, @PathVariable String service, HttpServletRequest request) {
    return Responses.ok(
        services(mesh).stream()
            .filter(s -> s.get("name").asText().equals(service))
            .findFirst()
            .orElseThrow(() -> ApiFailure.notFound("Could not retrieve a resource")),
        request);
  }

  private List<ObjectNode> services(String mesh) {
    if (!projection.meshExists(mesh)) {
      throw ApiFailure.notFound("Could not retrieve a resource");
    }
    return ServiceInsights.of(
        mesh, projection.list(ResourceKind.DATAPLANE, mesh), connectivity::online);
  }

  private ObjectNode insight(Resource mesh) {
    String name = mesh.key().name();
    return MeshInsight.of(
        mesh,
        projection.list(ResourceKind.DATAPLANE, name),
        projection.policies(name),
        connectivity::online);
  }
}
