package dev.meridian.kernel.xds;

import dev.meridian.kernel.policy.RulesBuilder;
import dev.meridian.kernel.projection.Projection;
import dev.meridian.kernel.resource.DataplaneSpec;
import dev.meridian.kernel.resource.Resource;
import dev.meridian.kernel.resource.ResourceKind;
import dev.meridian.kernel.resource.ZoneIngressSpec;
import dev.meridian.kernel.xds.envoy.EnvoySidecarRenderer;
import dev.meridian.kernel.xds.envoy.ZoneIngressRenderer;
import dev.meridian.kernel.xds.grpc.GrpcProxylessRenderer;
import java.util.List;
import java.util.Optional;

/**
 * What one proxy is served, from any view of the resources (the live projection, the log at an
 * earlier moment, a what-if fork): the same model, rules and renderers a zone uses, so the same
 * content gives the same versions. Pure.
 */
public final class ProxyRendering {
  private ProxyRendering() {}

  /**
   * The zone a dataplane lives in: the one its inbounds are stamped with, else {@code fallback}.
   */
  public static String zoneOf(Resource dataplane, String fallback) {
    if (dataplane.spec() instanceof DataplaneSpec spec && spec.networking() != null) {
      for (DataplaneSpec.Inbound inbound : spec.networking().inbounds()) {
        if (inbound.tags() != null && inbound.tags().get(DataplaneSpec.ZONE_TAG) != null) {
          return inbound.tags().get(DataplaneSpec.ZONE_TAG);
        }
      }
    }
    return fallback;
  }

  /** A mesh's endpoints as {@code zone} sees them: its own dataplanes, others' via ingresses. */
  public static ServiceEndpoints endpoints(Projection view, String zone, String mesh) {
    List<ZoneIngressSpec> ingresses =
        view.list(ResourceKind.ZONE_INGRESS, null).stream()
            .map(r -> (ZoneIngressSpec) r.spec())
            .toList();
    return ServiceEndpoints.index(
        view.list(ResourceKind.DATAPLANE, mesh),
        ingresses,
        zone,
        mesh,
        dev.meridian.kernel.zone.Zones.disabled(view.list(ResourceKind.ZONE, null)));
  }

  /** The model of a dataplane of {@code zone} in {@code view}. */
  public static ProxyModel model(Projection view, Resource dataplane, String zone) {
    String mesh = dataplane.key().mesh();
    return ProxyModelBuilder.build(
        dataplane,
        zone,
        endpoints(view, zone, mesh),
        RulesBuilder.build(dataplane, view.policiesWithMesh(mesh)));
  }

  /** What the proxy of {@code resource} (a Dataplane or a ZoneIngress) of {@code zone} gets. */
  public static Optional<XdsResources> render(
      Projection view, Resource resource, String zone, boolean proxyless) {
    if (resource.spec() instanceof ZoneIngressSpec ingress) {
      return Optional.of(
          ZoneIngressRenderer.render(ingress, zone, mesh -> endpoints(view, zone, mesh)));
    }
    return Optional.of(render(model(view, resource, zone), proxyless));
  }

  public static XdsResources render(ProxyModel model, boolean proxyless) {
    return proxyless ? GrpcProxylessRenderer.render(model) : EnvoySidecarRenderer.render(model);
  }
}
