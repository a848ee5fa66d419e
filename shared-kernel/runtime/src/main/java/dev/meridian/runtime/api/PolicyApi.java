package dev.meridian.runtime.api;

import dev.meridian.kernel.api.ApiFailure;
import dev.meridian.kernel.api.ResourceRequests;
import dev.meridian.kernel.json.DomainJson;
import dev.meridian.kernel.policy.PolicyInspection;
import dev.meridian.kernel.projection.Projection;
import dev.meridian.kernel.resource.Resource;
import dev.meridian.kernel.resource.ResourceKey;
import dev.meridian.kernel.resource.ResourceKind;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Kuma's REST routes for every targetRef policy kind ({@code /meshes/{mesh}/meshtimeouts/{name}},
 * {@code /meshtimeouts}, …) and a policy's {@code _resources/dataplanes}: the proxies it affects,
 * in every zone this control plane sees. Written where the role allows (global, or a standalone
 * zone).
 */
@RestController
class PolicyApi {
  /** The plural paths of every policy kind, as one path-variable pattern. */
  static final String PLURALS =
      "{plural:meshtimeouts|meshretries|meshcircuitbreakers|meshhealthchecks"
          + "|meshloadbalancingstrategies|meshhttproutes|meshtcproutes|meshfaultinjections"
          + "|meshratelimits|meshtrafficpermissions}";

  private final ResourceEndpoints endpoints;
  private final Projection projection;

  PolicyApi(ResourceEndpoints endpoints, Projection projection) {
    this.endpoints = endpoints;
    this.projection = projection;
  }

  static ResourceKind kind(String plural) {
    return ResourceKind.byPluralPath(plural)
        .filter(ResourceKind::isPolicy)
        .orElseThrow(() -> ApiFailure.notFound("Could not retrieve a resource"));
  }

  @GetMapping("/" + PLURALS)
  ResponseEntity<byte[]> listAll(@PathVariable String plural, HttpServletRequest request) {
    return endpoints.list(kind(plural), null, request);
  }

  @GetMapping("/meshes/{mesh}/" + PLURALS)
  ResponseEntity<byte[]> list(
      @PathVariable String mesh, @PathVariable String plural, HttpServletRequest request) {
    return endpoints.list(kind(plural), mesh, request);
  }

  @GetMapping("/meshes/{mesh}/" + PLURALS + "/{name}")
  ResponseEntity<byte[]> get(
      @PathVariable String mesh,
      @PathVariable String plural,
      @PathVariable String name,
      HttpServletRequest request) {
    return endpoints.get(new ResourceKey(kind(plural), mesh, name), request);
  }

  @PutMapping("/meshes/{mesh}/" + PLURALS + "/{name}")
  ResponseEntity<byte[]> put(
      @PathVariable String mesh,
      @PathVariable String plural,
      @PathVariable String name,
      HttpServletRequest request) {
    return endpoints.put(new ResourceKey(kind(plural), mesh, name), request);
  }

  @DeleteMapping("/meshes/{mesh}/" + PLURALS + "/{name}")
  ResponseEntity<byte[]> delete(
      @PathVariable String mesh,
      @PathVariable String plural,
      @PathVariable String name,
      HttpServletRequest request) {
    return endpoints.delete(new ResourceKey(kind(plural), mesh, name), request);
  }

  /** The dataplanes a policy takes part in configuring (Kuma's {@code _resources}). */
  @GetMapping("/meshes/{mesh}/" + PLURALS + "/{name}/_resources/dataplanes")
  ResponseEntity<byte[]> affectedDataplanes(
      @PathVariable String mesh,
      @PathVariable String plural,
      @PathVariable String name,
      HttpServletRequest request) {
    Resource policy =
        projection
            .get(new ResourceKey(kind(plural), mesh, name))
            .orElseThrow(() -> ApiFailure.notFound("Could not retrieve a resource"));
    List<Resource> affected =
        PolicyInspection.affected(
            policy, projection.list(ResourceKind.DATAPLANE, mesh), projection.policies(mesh));
    return Responses.ok(
        ResourceRequests.page(
            affected,
            request.getParameter("offset"),
            request.getParameter("size"),
            offset -> Responses.nextUrl(request, offset),
            dp -> {
              var item = DomainJson.canonical().createObjectNode();
              item.put("type", "Dataplane");
              item.put("mesh", dp.key().mesh());
              item.put("name", dp.key().name());
              return item;
            }),
        request);
  }
}
