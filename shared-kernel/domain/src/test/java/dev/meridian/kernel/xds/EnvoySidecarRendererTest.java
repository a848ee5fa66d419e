package dev.meridian.kernel.xds;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import dev.meridian.kernel.resource.DataplaneBuilder;
import dev.meridian.kernel.resource.DataplaneSpec;
import dev.meridian.kernel.resource.Resource;
import dev.meridian.kernel.resource.ResourceKey;
import dev.meridian.kernel.xds.ProxyModel.Endpoint;
import dev.meridian.kernel.xds.ProxyModel.Inbound;
import dev.meridian.kernel.xds.ProxyModel.Locality;
import dev.meridian.kernel.xds.ProxyModel.Outbound;
import dev.meridian.kernel.xds.ProxyModel.ServiceCluster;
import dev.meridian.kernel.xds.envoy.EnvoySidecarRenderer;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.core.v3.ApiVersion;
import io.envoyproxy.envoy.config.core.v3.ConfigSource;
import io.envoyproxy.envoy.config.core.v3.SocketAddress;
import io.envoyproxy.envoy.config.core.v3.TrafficDirection;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import io.envoyproxy.envoy.config.endpoint.v3.LbEndpoint;
import io.envoyproxy.envoy.config.endpoint.v3.LocalityLbEndpoints;
import io.envoyproxy.envoy.config.listener.v3.Filter;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.config.route.v3.Route;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.envoyproxy.envoy.config.route.v3.VirtualHost;
import io.envoyproxy.envoy.extensions.filters.http.router.v3.Router;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpFilter;
import io.envoyproxy.envoy.extensions.filters.network.tcp_proxy.v3.TcpProxy;
import io.envoyproxy.envoy.extensions.upstreams.http.v3.HttpProtocolOptions;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class EnvoySidecarRendererTest {

  private static final String HTTP2_OPTIONS =
      "envoy.extensions.upstreams.http.v3.HttpProtocolOptions";

  @Nested
  class Names {

    @Test
    void namesListenersClustersAndEndpointsTheKumaWay() {
      XdsResources resources = EnvoySidecarRenderer.render(webModel());

      assertThat(resources.listeners())
          .containsOnlyKeys(
              "inbound:192.168.0.1:8080", "outbound:127.0.0.1:10001", "kuma:envoy:admin");
      assertThat(resources.clusters())
          .containsOnlyKeys("localhost:8080", "backend", "kuma:envoy:admin");
      assertThat(resources.endpoints()).containsOnlyKeys("backend");
      resources
          .listeners()
          .forEach((name, listener) -> assertThat(((Listener) listener).getName()).isEqualTo(name));
      resources
          .clusters()
          .forEach((name, cluster) -> assertThat(((Cluster) cluster).getName()).isEqualTo(name));
    }

    @Test
    void keepsRouteConfigurationsInlineSoRdsIsEmpty() {
      XdsResources resources = EnvoySidecarRenderer.render(webModel());

      assertThat(resources.routes()).isEmpty();
    }

    @Test
    void bracketsIpv6AddressesInListenerNames() {
      ProxyModel model =
          model(
              "fd00::1",
              List.of(inbound("fd00::1", 8080, 8080, "web", Protocol.HTTP)),
              List.of(new Outbound("::1", 10001, "backend", Protocol.TCP)),
              List.of(service("backend", Protocol.TCP)));

      assertThat(EnvoySidecarRenderer.render(model).listeners())
          .containsKeys("inbound:[fd00::1]:8080", "outbound:[::1]:10001");
    }

    @Test
    void sanitisesStatPrefixesLikeKuma() {
      ProxyModel model =
          model(
              "192.168.0.1",
              List.of(),
              List.of(new Outbound("127.0.0.1", 10001, "backend.default:80", Protocol.TCP)),
              List.of(service("backend.default:80", Protocol.TCP)));

      TcpProxy proxy =
          unpack(
              onlyFilter(listener(model, "outbound:127.0.0.1:10001")).getTypedConfig(),
              TcpProxy.class);

      assertThat(proxy.getStatPrefix()).isEqualTo("backend_default_80");
      assertThat(proxy.getCluster()).isEqualTo("backend.default:80");
    }
  }

  @Nested
  class Inbounds {

    @Test
    void routesAnHttpInboundToTheLocalCluster() {
      Listener listener = listener(webModel(), "inbound:192.168.0.1:8080");
      HttpConnectionManager hcm = hcm(listener);

      assertThat(listener.getTrafficDirection()).isEqualTo(TrafficDirection.INBOUND);
      assertThat(listener.getAddress().getSocketAddress()).isEqualTo(socket("192.168.0.1", 8080));
      assertThat(hcm.getStatPrefix()).isEqualTo("localhost_8080");
      assertThat(hcm.getCodecType()).isEqualTo(HttpConnectionManager.CodecType.AUTO);
      assertThat(hcm.getRouteConfig().getName()).isEqualTo("inbound:web");
      assertRoutesEverything(hcm.getRouteConfig(), "web", "/", "localhost:8080");
    }

    @ParameterizedTest
    @EnumSource(
        value = Protocol.class,
        names = {"TCP", "KAFKA"})
    void proxiesANonHttpInboundAsTcp(Protocol protocol) {
      ProxyModel model =
          model(
              "192.168.0.1",
              List.of(inbound("192.168.0.1", 9092, 19092, "kafka", protocol)),
              List.of(),
              List.of());

      Filter filter = onlyFilter(listener(model, "inbound:192.168.0.1:9092"));
      TcpProxy proxy = unpack(filter.getTypedConfig(), TcpProxy.class);

      assertThat(filter.getName()).isEqualTo("envoy.filters.network.tcp_proxy");
      assertThat(proxy.getStatPrefix()).isEqualTo("localhost_19092");
      assertThat(proxy.getCluster()).isEqualTo("localhost:19092");
    }

    @Test
    void forwardsToTheWorkloadThroughAStaticLocalCluster() {
      ProxyModel model =
          model(
              "192.168.0.1",
              List.of(
                  new Inbound(
                      "192.168.0.1", 10000, "10.0.0.50", 8080, "web", Protocol.HTTP, Map.of())),
              List.of(),
              List.of());

      Cluster cluster = cluster(model, "localhost:8080");

      assertThat(cluster.getType()).isEqualTo(Cluster.DiscoveryType.STATIC);
      assertThat(cluster.getConnectTimeout().getSeconds()).isEqualTo(10);
      assertThat(cluster.getLoadAssignment().getClusterName()).isEqualTo("localhost:8080");
      assertThat(onlyEndpoint(cluster.getLoadAssignment()).getEndpoint().getAddress())
          .extracting(a -> a.getSocketAddress())
          .isEqualTo(socket("10.0.0.50", 8080));
      assertThat(cluster.getTypedExtensionProtocolOptionsMap()).isEmpty();
    }

    @Test
    void sharesOneLocalClusterBetweenInboundsForwardingToOneWorkloadPort() {
      ProxyModel model =
          model(
              "192.168.0.1",
              List.of(
                  inbound("192.168.0.1", 8080, 80, "web", Protocol.HTTP),
                  inbound("192.168.0.2", 8080, 80, "web-internal", Protocol.HTTP)),
              List.of(),
              List.of());

      XdsResources resources = EnvoySidecarRenderer.render(model);

      assertThat(resources.listeners())
          .containsKeys("inbound:192.168.0.1:8080", "inbound:192.168.0.2:8080");
      assertThat(resources.clusters()).containsOnlyKeys("localhost:80", "kuma:envoy:admin");
    }
  }

  @Nested
  class Outbounds {

    @Test
    void routesAnHttpOutboundToTheServiceCluster() {
      Listener listener = listener(webModel(), "outbound:127.0.0.1:10001");
      HttpConnectionManager hcm = hcm(listener);

      assertThat(listener.getTrafficDirection()).isEqualTo(TrafficDirection.OUTBOUND);
      assertThat(listener.getAddress().getSocketAddress()).isEqualTo(socket("127.0.0.1", 10001));
      assertThat(hcm.getStatPrefix()).isEqualTo("backend");
      assertThat(hcm.getRouteConfig().getName()).isEqualTo("outbound:backend");
      assertRoutesEverything(hcm.getRouteConfig(), "backend", "/", "backend");
    }

    @Test
    void proxiesATcpOutboundToTheServiceCluster() {
      ProxyModel model =
          model(
              "192.168.0.1",
              List.of(),
              List.of(new Outbound("127.0.0.1", 16379, "redis", Protocol.TCP)),
              List.of(service("redis", Protocol.TCP)));

      Listener listener = listener(model, "outbound:127.0.0.1:16379");
      TcpProxy proxy = unpack(onlyFilter(listener).getTypedConfig(), TcpProxy.class);

      assertThat(listener.getTrafficDirection()).isEqualTo(TrafficDirection.OUTBOUND);
      assertThat(proxy.getStatPrefix()).isEqualTo("redis");
      assertThat(proxy.getCluster()).isEqualTo("redis");
    }

    @Test
    void makesTheServiceClusterEdsOverAds() {
      Cluster cluster = cluster(webModel(), "backend");

      assertThat(cluster.getType()).isEqualTo(Cluster.DiscoveryType.EDS);
      assertThat(cluster.getEdsClusterConfig().getEdsConfig())
          .isEqualTo(
              ConfigSource.newBuilder()
                  .setAds(
                      io.envoyproxy.envoy.config.core.v3.AggregatedConfigSource
                          .getDefaultInstance())
                  .setResourceApiVersion(ApiVersion.V3)
                  .build());
      assertThat(cluster.getEdsClusterConfig().getServiceName()).isEmpty();
      assertThat(cluster.getConnectTimeout().getSeconds()).isEqualTo(5);
      assertThat(cluster.getLbPolicy()).isEqualTo(Cluster.LbPolicy.ROUND_ROBIN);
      assertThat(cluster.hasLoadAssignment()).isFalse();
    }

    @ParameterizedTest
    @EnumSource(
        value = Protocol.class,
        names = {"GRPC", "HTTP2"})
    void asksForHttp2UpstreamsOfGrpcAndHttp2Services(Protocol protocol) {
      ProxyModel model =
          model(
              "192.168.0.1",
              List.of(inbound("192.168.0.1", 9000, 9000, "client", protocol)),
              List.of(new Outbound("127.0.0.1", 15000, "greeter", protocol)),
              List.of(service("greeter", protocol)));

      for (String name : List.of("greeter", "localhost:9000")) {
        Cluster cluster = cluster(model, name);
        assertThat(cluster.getTypedExtensionProtocolOptionsMap()).containsOnlyKeys(HTTP2_OPTIONS);
        HttpProtocolOptions options =
            unpack(
                cluster.getTypedExtensionProtocolOptionsOrThrow(HTTP2_OPTIONS),
                HttpProtocolOptions.class);
        assertThat(options.getExplicitHttpConfig().hasHttp2ProtocolOptions()).as(name).isTrue();
      }
      // Nothing else differs on the listener side: still the plain HCM.
      assertThat(hcm(listener(model, "outbound:127.0.0.1:15000")).getHttpFiltersList())
          .extracting(HttpFilter::getName)
          .containsExactly("envoy.filters.http.router");
    }

    @ParameterizedTest
    @EnumSource(
        value = Protocol.class,
        names = {"HTTP", "TCP", "KAFKA"})
    void leavesOtherUpstreamsOnTheDefaultProtocol(Protocol protocol) {
      ProxyModel model =
          model(
              "192.168.0.1",
              List.of(inbound("192.168.0.1", 9000, 9000, "client", protocol)),
              List.of(new Outbound("127.0.0.1", 15000, "greeter", protocol)),
              List.of(service("greeter", protocol)));

      assertThat(cluster(model, "greeter").getTypedExtensionProtocolOptionsMap()).isEmpty();
      assertThat(cluster(model, "localhost:9000").getTypedExtensionProtocolOptionsMap()).isEmpty();
    }
  }

  @Nested
  class HttpFilters {

    @Test
    void endsEveryHttpFilterChainWithATypedRouter() {
      XdsResources resources = EnvoySidecarRenderer.render(webModel());

      assertThat(resources.listeners()).hasSize(3);
      for (Message message : resources.listeners().values()) {
        List<HttpFilter> filters = hcm((Listener) message).getHttpFiltersList();
        HttpFilter last = filters.get(filters.size() - 1);
        assertThat(last.getName()).isEqualTo("envoy.filters.http.router");
        assertThat(last.hasTypedConfig()).isTrue();
        assertThat(last.getTypedConfig().is(Router.class)).isTrue();
      }
    }
  }

  @Nested
  class Endpoints {

    @Test
    void groupsEndpointsIntoWeightedZoneLocalitiesWithTheirTagsAsLbMetadata() {
      ServiceCluster backend =
          new ServiceCluster(
              "backend",
              Protocol.HTTP,
              List.of(
                  new Locality(
                      "zone-1",
                      List.of(
                          endpoint("10.0.0.1", 8080, "zone-1", "v1"),
                          endpoint("10.0.0.2", 8080, "zone-1", "v2"))),
                  new Locality("zone-2", List.of(endpoint("10.1.0.1", 8080, "zone-2", "v1")))));

      ClusterLoadAssignment assignment = EnvoySidecarRenderer.loadAssignment(backend);

      assertThat(assignment.getClusterName()).isEqualTo("backend");
      assertThat(assignment.getEndpointsList())
          .extracting(l -> l.getLocality().getZone(), l -> l.getLoadBalancingWeight().getValue())
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple("zone-1", 2),
              org.assertj.core.groups.Tuple.tuple("zone-2", 1));
      LbEndpoint first = assignment.getEndpoints(0).getLbEndpoints(0);
      assertThat(first.getEndpoint().getAddress().getSocketAddress())
          .isEqualTo(socket("10.0.0.1", 8080));
      assertThat(first.getLoadBalancingWeight().getValue()).isEqualTo(1);
      assertThat(first.getMetadata().getFilterMetadataOrThrow("envoy.lb").getFieldsMap())
          .containsOnlyKeys("kuma.io/service", "kuma.io/zone", "version")
          .hasEntrySatisfying("version", v -> assertThat(v.getStringValue()).isEqualTo("v1"));
    }

    @Test
    void givesAServiceWithoutEndpointsAnAssignmentWithoutLocalities() {
      ClusterLoadAssignment assignment =
          EnvoySidecarRenderer.loadAssignment(service("payments", Protocol.TCP));

      assertThat(assignment)
          .isEqualTo(ClusterLoadAssignment.newBuilder().setClusterName("payments").build());
    }
  }

  @Nested
  class Admin {

    @Test
    void exposesOnlyReadyOnTheDataplaneAddress() {
      Listener listener = listener(webModel(), "kuma:envoy:admin");
      HttpConnectionManager hcm = hcm(listener);

      assertThat(listener.getAddress().getSocketAddress()).isEqualTo(socket("192.168.0.1", 9901));
      assertThat(hcm.getRouteConfig().getName()).isEqualTo("kuma:envoy:admin");
      assertRoutesEverything(
          hcm.getRouteConfig(), "kuma:envoy:admin", "/ready", "kuma:envoy:admin");
    }

    @Test
    void pointsTheAdminClusterAtEnvoysLoopbackAdminPort() {
      ProxyModel model =
          new ProxyModel(
              "default.web-1",
              "default",
              "web-1",
              "zone-1",
              "192.168.0.1",
              false,
              9902,
              List.of(),
              List.of(),
              List.of());

      Cluster cluster = cluster(model, "kuma:envoy:admin");

      assertThat(cluster.getType()).isEqualTo(Cluster.DiscoveryType.STATIC);
      assertThat(onlyEndpoint(cluster.getLoadAssignment()).getEndpoint().getAddress())
          .extracting(a -> a.getSocketAddress())
          .isEqualTo(socket("127.0.0.1", 9902));
      assertThat(listener(model, "kuma:envoy:admin").getAddress().getSocketAddress())
          .isEqualTo(socket("192.168.0.1", 9902));
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "127.1.2.3", "::1", "0:0:0:0:0:0:0:1", "localhost"})
    void addsNoAdminListenerOnALoopbackAddress(String address) {
      XdsResources resources =
          EnvoySidecarRenderer.render(model(address, List.of(), List.of(), List.of()));

      assertThat(resources.listeners()).doesNotContainKey("kuma:envoy:admin");
      assertThat(resources.clusters()).containsKey("kuma:envoy:admin");
    }

    @ParameterizedTest
    @ValueSource(strings = {"dp-1.example.com", "backend"})
    void addsNoAdminListenerOnAHostNameEnvoyCouldNotBind(String address) {
      XdsResources resources =
          EnvoySidecarRenderer.render(model(address, List.of(), List.of(), List.of()));

      assertThat(resources.listeners()).doesNotContainKey("kuma:envoy:admin");
    }

    @ParameterizedTest
    @ValueSource(strings = {"192.168.0.1", "10.127.0.1", "fd00::1", "::ffff:10.0.0.1"})
    void addsTheAdminListenerOnAnyOtherAddress(String address) {
      XdsResources resources =
          EnvoySidecarRenderer.render(model(address, List.of(), List.of(), List.of()));

      assertThat(resources.listeners()).containsKey("kuma:envoy:admin");
    }

    @Test
    void keepsTheAdminClusterWhenAServiceIsNamedLikeIt() {
      ProxyModel model =
          model(
              "192.168.0.1",
              List.of(),
              List.of(new Outbound("127.0.0.1", 10001, "kuma:envoy:admin", Protocol.TCP)),
              List.of(service("kuma:envoy:admin", Protocol.TCP)));

      assertThat(cluster(model, "kuma:envoy:admin").getType())
          .isEqualTo(Cluster.DiscoveryType.STATIC);
      assertThat(EnvoySidecarRenderer.render(model).endpoints()).isEmpty();
    }
  }

  @Nested
  class Determinism {

    @Test
    void rendersTheSameModelToIdenticalResourcesAndVersions() {
      XdsResources first = EnvoySidecarRenderer.render(webModel());
      XdsResources second = EnvoySidecarRenderer.render(webModel());

      assertThat(second).isEqualTo(first);
      assertThat(versions(second)).isEqualTo(versions(first));
    }

    @Test
    void ignoresTheOrderTagsWereGivenIn() {
      Map<String, String> forward = new LinkedHashMap<>();
      forward.put("a", "1");
      forward.put("b", "2");
      forward.put("c", "3");
      Map<String, String> backward = new LinkedHashMap<>();
      backward.put("c", "3");
      backward.put("b", "2");
      backward.put("a", "1");

      ClusterLoadAssignment one =
          EnvoySidecarRenderer.loadAssignment(
              serviceWith(new Endpoint("10.0.0.1", 80, 1, forward)));
      ClusterLoadAssignment other =
          EnvoySidecarRenderer.loadAssignment(
              serviceWith(new Endpoint("10.0.0.1", 80, 1, backward)));

      assertThat(other).isEqualTo(one);
      assertThat(XdsResources.version(Map.of("s", other)))
          .isEqualTo(XdsResources.version(Map.of("s", one)));
    }

    @Test
    void changesOnlyTheEndpointsVersionWhenAnEndpointMoves() {
      Resource web = dataplane("web-1", "192.168.0.1", "web", 10001);
      XdsResources before =
          render(web, List.of(web, dataplane("backend-1", "192.168.0.2", "backend", null)));
      XdsResources after =
          render(web, List.of(web, dataplane("backend-1", "192.168.0.3", "backend", null)));

      assertThat(after.endpointsVersion()).isNotEqualTo(before.endpointsVersion());
      assertThat(after.listenersVersion()).isEqualTo(before.listenersVersion());
      assertThat(after.clustersVersion()).isEqualTo(before.clustersVersion());
      assertThat(after.routesVersion()).isEqualTo(before.routesVersion());
    }

    @Test
    void givesProxiesOfOneServiceEqualClusterAndLoadAssignmentMessages() {
      Resource web = dataplane("web-1", "192.168.0.1", "web", 10001);
      Resource api = dataplane("api-1", "192.168.0.5", "api", 20002);
      Resource backend = dataplane("backend-1", "192.168.0.2", "backend", null);
      List<Resource> mesh = List.of(web, api, backend);

      XdsResources forWeb = render(web, mesh);
      // A separately built index with equal content, as after a zone restart.
      XdsResources forApi = render(api, List.of(backend, api, web));

      assertThat(forApi.clusters().get("backend")).isEqualTo(forWeb.clusters().get("backend"));
      assertThat(forApi.endpoints().get("backend")).isEqualTo(forWeb.endpoints().get("backend"));
      assertThat(forApi.endpointsVersion()).isEqualTo(forWeb.endpointsVersion());
      assertThat(forApi.listeners().get("outbound:127.0.0.1:20002"))
          .isNotEqualTo(forWeb.listeners().get("outbound:127.0.0.1:10001"));
    }

    private List<String> versions(XdsResources resources) {
      return List.of(
          resources.listenersVersion(),
          resources.routesVersion(),
          resources.clustersVersion(),
          resources.endpointsVersion());
    }
  }

  // ---------------------------------------------------------------- fixtures

  /** web on 192.168.0.1:8080 (http, workload 127.0.0.1:8080), calling backend (http) on 10001. */
  private static ProxyModel webModel() {
    ServiceCluster backend =
        new ServiceCluster(
            "backend",
            Protocol.HTTP,
            List.of(
                new Locality("zone-1", List.of(endpoint("192.168.0.2", 8080, "zone-1", "v1")))));
    return model(
        "192.168.0.1",
        List.of(inbound("192.168.0.1", 8080, 8080, "web", Protocol.HTTP)),
        List.of(new Outbound("127.0.0.1", 10001, "backend", Protocol.HTTP)),
        List.of(backend));
  }

  private static ProxyModel model(
      String address,
      List<Inbound> inbounds,
      List<Outbound> outbounds,
      List<ServiceCluster> clusters) {
    return new ProxyModel(
        "default.web-1",
        "default",
        "web-1",
        "zone-1",
        address,
        false,
        ProxyModel.DEFAULT_ADMIN_PORT,
        inbounds,
        outbounds,
        clusters);
  }

  private static Inbound inbound(
      String address, int port, int workloadPort, String service, Protocol protocol) {
    return new Inbound(
        address,
        port,
        "127.0.0.1",
        workloadPort,
        service,
        protocol,
        Map.of(DataplaneSpec.SERVICE_TAG, service));
  }

  private static ServiceCluster service(String name, Protocol protocol) {
    return new ServiceCluster(name, protocol, List.of());
  }

  private static ServiceCluster serviceWith(Endpoint endpoint) {
    return new ServiceCluster(
        "s", Protocol.TCP, List.of(new Locality("zone-1", List.of(endpoint))));
  }

  private static Endpoint endpoint(String address, int port, String zone, String version) {
    return new Endpoint(
        address,
        port,
        1,
        Map.of(
            DataplaneSpec.SERVICE_TAG,
            "backend",
            DataplaneSpec.ZONE_TAG,
            zone,
            "version",
            version));
  }

  private static Resource dataplane(
      String name, String address, String service, Integer outboundPort) {
    DataplaneBuilder builder =
        DataplaneBuilder.dataplane()
            .address(address)
            .editInbound(
                0,
                in ->
                    in.tag(DataplaneSpec.SERVICE_TAG, service)
                        .tag(DataplaneSpec.PROTOCOL_TAG, "http")
                        .tag(DataplaneSpec.ZONE_TAG, "zone-1"));
    if (outboundPort != null) {
      builder.outbound(outboundPort, null, DataplaneBuilder.service("backend"));
    }
    return new Resource(
        ResourceKey.dataplane("default", name), builder.build(), Instant.EPOCH, Instant.EPOCH);
  }

  private static XdsResources render(Resource proxy, List<Resource> mesh) {
    return EnvoySidecarRenderer.render(
        ProxyModelBuilder.build(proxy, "zone-1", ServiceEndpoints.index(mesh)));
  }

  private static Listener listener(ProxyModel model, String name) {
    Message listener = EnvoySidecarRenderer.render(model).listeners().get(name);
    assertThat(listener).as("listener %s", name).isInstanceOf(Listener.class);
    return (Listener) listener;
  }

  private static Cluster cluster(ProxyModel model, String name) {
    Message cluster = EnvoySidecarRenderer.render(model).clusters().get(name);
    assertThat(cluster).as("cluster %s", name).isInstanceOf(Cluster.class);
    return (Cluster) cluster;
  }

  private static Filter onlyFilter(Listener listener) {
    assertThat(listener.getFilterChainsList()).hasSize(1);
    assertThat(listener.getFilterChains(0).getFiltersList()).hasSize(1);
    return listener.getFilterChains(0).getFilters(0);
  }

  private static HttpConnectionManager hcm(Listener listener) {
    Filter filter = onlyFilter(listener);
    assertThat(filter.getName()).isEqualTo("envoy.filters.network.http_connection_manager");
    return unpack(filter.getTypedConfig(), HttpConnectionManager.class);
  }

  private static LbEndpoint onlyEndpoint(ClusterLoadAssignment assignment) {
    assertThat(assignment.getEndpointsList()).hasSize(1);
    LocalityLbEndpoints locality = assignment.getEndpoints(0);
    assertThat(locality.getLbEndpointsList()).hasSize(1);
    return locality.getLbEndpoints(0);
  }

  private static void assertRoutesEverything(
      RouteConfiguration routes, String virtualHost, String prefix, String cluster) {
    assertThat(routes.getVirtualHostsList()).hasSize(1);
    VirtualHost host = routes.getVirtualHosts(0);
    assertThat(host.getName()).isEqualTo(virtualHost);
    assertThat(host.getDomainsList()).containsExactly("*");
    assertThat(host.getRoutesList()).hasSize(1);
    Route route = host.getRoutes(0);
    assertThat(route.getMatch().getPrefix()).isEqualTo(prefix);
    assertThat(route.getRoute().getCluster()).isEqualTo(cluster);
  }

  private static SocketAddress socket(String address, int port) {
    return SocketAddress.newBuilder().setAddress(address).setPortValue(port).build();
  }

  private static <T extends Message> T unpack(Any any, Class<T> type) {
    try {
      return any.unpack(type);
    } catch (InvalidProtocolBufferException e) {
      throw new AssertionError("not a " + type.getSimpleName() + ": " + any.getTypeUrl(), e);
    }
  }
}
