package dev.meridian.kernel.xds;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meridian.kernel.xds.grpc.GrpcProxylessRenderer;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GrpcProxylessRendererTest {
  static ProxyModel model(ProxyModel.ServiceCluster... clusters) {
    return new ProxyModel(
        "default.web-1",
        "default",
        "web-1",
        "zone-1",
        "10.0.0.1",
        false,
        9901,
        List.of(),
        List.of(),
        List.of(clusters));
  }

  static ProxyModel.ServiceCluster orders() {
    return new ProxyModel.ServiceCluster(
        "orders",
        Protocol.GRPC,
        List.of(
            new ProxyModel.Locality(
                "zone-1",
                List.of(
                    new ProxyModel.Endpoint("10.0.0.2", 8080, 1, Map.of()),
                    new ProxyModel.Endpoint("10.0.0.3", 8080, 1, Map.of()))),
            new ProxyModel.Locality(
                "zone-2", List.of(new ProxyModel.Endpoint("10.1.0.2", 8080, 1, Map.of())))));
  }

  @Test
  void eachServiceGetsAnApiListenerNamedAfterItWithRdsAndTheRouterLast() throws Exception {
    XdsResources resources = GrpcProxylessRenderer.render(model(orders()));
    assertThat(resources.listeners()).containsOnlyKeys("orders");
    HttpConnectionManager manager =
        ((Listener) resources.listeners().get("orders"))
            .getApiListener()
            .getApiListener()
            .unpack(HttpConnectionManager.class);
    assertThat(manager.getRds().getRouteConfigName()).isEqualTo("orders");
    assertThat(manager.getRds().getConfigSource().hasAds()).isTrue();
    assertThat(manager.getHttpFilters(manager.getHttpFiltersCount() - 1).getName())
        .isEqualTo("envoy.filters.http.router");
    assertThat(manager.getHttpFilters(manager.getHttpFiltersCount() - 1).hasTypedConfig()).isTrue();
    RouteConfiguration route = (RouteConfiguration) resources.routes().get("orders");
    assertThat(route.getVirtualHosts(0).getRoutes(0).getRoute().getCluster()).isEqualTo("orders");
    Cluster cluster = (Cluster) resources.clusters().get("orders");
    assertThat(cluster.getType()).isEqualTo(Cluster.DiscoveryType.EDS);
    assertThat(cluster.getEdsClusterConfig().getEdsConfig().hasAds()).isTrue();
    assertThat(XdsValidation.validate(resources)).isEmpty();
  }

  @Test
  void endpointsAreGroupedByZoneWithWeightsOfAtLeastOne() {
    ClusterLoadAssignment assignment =
        (ClusterLoadAssignment)
            GrpcProxylessRenderer.render(model(orders())).endpoints().get("orders");
    assertThat(assignment.getEndpointsList())
        .extracting(l -> l.getLocality().getZone() + "=" + l.getLoadBalancingWeight().getValue())
        .containsExactly("zone-1=2", "zone-2=1");
  }

  @Test
  void aServiceWithoutEndpointsStillHasItsResources() {
    XdsResources resources =
        GrpcProxylessRenderer.render(
            model(new ProxyModel.ServiceCluster("empty", Protocol.TCP, List.of())));
    assertThat(resources.clusters()).containsOnlyKeys("empty");
    assertThat(((ClusterLoadAssignment) resources.endpoints().get("empty")).getEndpointsCount())
        .isZero();
    assertThat(XdsValidation.validate(resources)).isEmpty();
  }
}
