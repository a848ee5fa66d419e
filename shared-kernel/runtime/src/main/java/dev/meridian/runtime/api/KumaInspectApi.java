package dev.meridian.runtime.api;

import dev.meridian.kernel.api.ApiFailure;
import dev.meridian.kernel.policy.KumaInspect;
import dev.meridian.kernel.projection.Projection;
import dev.meridian.kernel.resource.Resource;
import dev.meridian.kernel.resource.ResourceKey;
import dev.meridian.kernel.resource.ResourceKind;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * Kuma 2.4's inspect routes, beside Meridian's own {@code _rules} and {@code _resources}: what
 * policies match a dataplane and where ({@code /policies}), its rules ({@code /rules}), and the
 * dataplanes a policy attaches to ({@code /{policies}/{name}/dataplanes}), on every control plane
 * that sees the dataplanes (a zone its own, global every zone's). Read from the projection (or the
 * log's view at {@code ?at=}).
 */
@RestController
class KumaInspectApi {
  private final ResourceEndpoints endpoints;

  KumaInspectApi(ResourceEndpoints endpoints) {
    this.endpoints = endpoints;
  }

  @GetMapping("/meshes/{mesh}/dataplanes/{name}/policies")
  ResponseEntity<byte[]> dataplanePolicies(
      @PathVariable String mesh, @PathVariable String name, HttpServletRequest request) {
    Projection view = endpoints.view(request);
    return Responses.ok(
        KumaInspect.dataplanePolicies(dataplane(view, mesh, name), view.policiesWithMesh(mesh)),
        request);
  }

  @GetMapping("/meshes/{mesh}/dataplanes/{name}/rules")
  ResponseEntity<byte[]> dataplaneRules(
      @PathVariable String mesh, @PathVariable String name, HttpServletRequest request) {
    Projection view = endpoints.view(request);
    return Responses.ok(
        KumaInspect.dataplaneRules(dataplane(view, mesh, name), view.policiesWithMesh(mesh)),
        request);
  }

  @GetMapping("/meshes/{mesh}/" + PolicyApi.PLURALS + "/{name}/dataplanes")
  ResponseEntity<byte[]> policyDataplanes(
      @PathVariable String mesh,
      @PathVariable String plural,
      @PathVariable String name,
      HttpServletRequest request) {
    Projection view = endpoints.view(request);
    Resource policy =
        view.get(new ResourceKey(PolicyApi.kind(plural), mesh, name))
            .orElseThrow(() -> ApiFailure.notFound("Could not retrieve a resource"));
    return Responses.ok(
        KumaInspect.policyDataplanes(
            policy, view.list(ResourceKind.DATAPLANE, mesh), view.policiesWithMesh(mesh)),
        request);
  }

  private static Resource dataplane(Projection view, String mesh, String name) {
    return view.get(ResourceKey.dataplane(mesh, name))
        .orElseThrow(() -> ApiFailure.notFound("Could not retrieve a resource"));
  }
}
