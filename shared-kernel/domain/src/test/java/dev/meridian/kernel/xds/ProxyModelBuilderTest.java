package dev.meridian.kernel.xds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import dev.meridian.kernel.resource.DataplaneBuilder;
import dev.meridian.kernel.resource.DataplaneSpec;
import dev.meridian.kernel.resource.Resource;
import dev.meridian.kernel.resource.ResourceKey;
import dev.meridian.kernel.xds.ProxyModel.Inbound;
import dev.meridian.kernel.xds.ProxyModel.Outbound;
import dev.meridian.kernel.xds.ProxyModel.ServiceCluster;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class ProxyModelBuilderTest {

  private static final ServiceEndpoints NO_ENDPOINTS = ServiceEndpoints.index(List.of());

  @Test
  void identifiesTheProxyByMeshAndName() {
    ProxyModel model = build(DataplaneBuilder.dataplane(), "zone-1", NO_ENDPOINTS);

    assertThat(model.nodeId()).isEqualTo("default.dp-1");
    assertThat(model.mesh()).isEqualTo("default");
    assertThat(model.name()).isEqualTo("dp-1");
    assertThat(model.zone()).isEqualTo("zone-1");
    assertThat(model.address()).isEqualTo(DataplaneBuilder.ADDRESS);
    assertThat(model.gateway()).isFalse();
  }

  @Test
  void marksAGateway() {
    ProxyModel model =
        build(
            DataplaneBuilder.bare().gateway("DELEGATED", DataplaneBuilder.service("edge")),
            "zone-1",
            NO_ENDPOINTS);

    assertThat(model.gateway()).isTrue();
    assertThat(model.inbounds()).isEmpty();
  }

  @Nested
  class AdminPort {

    @Test
    void defaultsTo9901() {
      assertThat(build(DataplaneBuilder.dataplane(), "zone-1", NO_ENDPOINTS).adminPort())
          .isEqualTo(9901)
          .isEqualTo(ProxyModel.DEFAULT_ADMIN_PORT);
    }

    @Test
    void treatsPortZeroAsTheDefault() {
      assertThat(build(DataplaneBuilder.dataplane().admin(0), "zone-1", NO_ENDPOINTS).adminPort())
          .isEqualTo(9901);
    }

    @Test
    void treatsAnAdminWithoutPortAsTheDefault() {
      assertThat(
              build(DataplaneBuilder.dataplane().admin(null), "zone-1", NO_ENDPOINTS).adminPort())
          .isEqualTo(9901);
    }

    @Test
    void usesTheConfiguredPort() {
      assertThat(
              build(DataplaneBuilder.dataplane().admin(9902), "zone-1", NO_ENDPOINTS).adminPort())
          .isEqualTo(9902);
    }
  }

  @Nested
  class Inbounds {

    @Test
    void forwardsToLocalhostOnTheInboundPortByDefault() {
      Inbound inbound = onlyInbound(DataplaneBuilder.dataplane());

      assertThat(inbound.address()).isEqualTo(DataplaneBuilder.ADDRESS);
      assertThat(inbound.port()).isEqualTo(8080);
      assertThat(inbound.workloadAddress()).isEqualTo("127.0.0.1");
      assertThat(inbound.workloadPort()).isEqualTo(8080);
    }

    @Test
    void forwardsToTheServiceAddressAndPort() {
      Inbound inbound =
          onlyInbound(
              DataplaneBuilder.dataplane()
                  .editInbound(
                      0, in -> in.port(10000).serviceAddress("10.0.0.50").servicePort(80)));

      assertThat(inbound.port()).isEqualTo(10000);
      assertThat(inbound.workloadAddress()).isEqualTo("10.0.0.50");
      assertThat(inbound.workloadPort()).isEqualTo(80);
    }

    @Test
    void treatsServicePortZeroAsAbsent() {
      Inbound inbound =
          onlyInbound(DataplaneBuilder.dataplane().editInbound(0, in -> in.servicePort(0)));

      assertThat(inbound.workloadPort()).isEqualTo(8080);
    }

    @Test
    void listensOnTheInboundAddressWhenGiven() {
      Inbound inbound =
          onlyInbound(DataplaneBuilder.dataplane().editInbound(0, in -> in.address("192.168.0.7")));

      assertThat(inbound.address()).isEqualTo("192.168.0.7");
    }

    @Test
    void takesServiceProtocolAndTagsFromTheInboundTags() {
      Inbound inbound =
          onlyInbound(
              DataplaneBuilder.dataplane()
                  .editInbound(
                      0, in -> in.tag(DataplaneSpec.PROTOCOL_TAG, "http2").tag("version", "v1")));

      assertThat(inbound.service()).isEqualTo("backend");
      assertThat(inbound.protocol()).isEqualTo(Protocol.HTTP2);
      assertThat(inbound.tags()).containsEntry("version", "v1");
    }

    @Test
    void isTcpWithoutAProtocolTag() {
      assertThat(onlyInbound(DataplaneBuilder.dataplane()).protocol()).isEqualTo(Protocol.TCP);
    }

    @Test
    void sortsInboundsByAddressThenPort() {
      ProxyModel model =
          build(
              DataplaneBuilder.dataplane()
                  .editInbound(0, in -> in.port(9090))
                  .inbound(in -> in.port(8080).tag(DataplaneSpec.SERVICE_TAG, "b"))
                  .inbound(
                      in ->
                          in.port(7070).address("192.168.0.9").tag(DataplaneSpec.SERVICE_TAG, "c")),
              "zone-1",
              NO_ENDPOINTS);

      assertThat(model.inbounds())
          .extracting(Inbound::address, Inbound::port)
          .containsExactly(
              tuple("192.168.0.1", 8080), tuple("192.168.0.1", 9090), tuple("192.168.0.9", 7070));
    }

    private Inbound onlyInbound(DataplaneBuilder dataplane) {
      ProxyModel model = build(dataplane, "zone-1", NO_ENDPOINTS);
      assertThat(model.inbounds()).hasSize(1);
      return model.inbounds().get(0);
    }
  }

  @Nested
  class Outbounds {

    @Test
    void listensOnLocalhostByDefault() {
      ProxyModel model =
          build(
              DataplaneBuilder.dataplane().outbound(10001, null, DataplaneBuilder.service("web")),
              "zone-1",
              NO_ENDPOINTS);

      assertThat(model.outbounds())
          .containsExactly(new Outbound("127.0.0.1", 10001, "web", Protocol.TCP));
    }

    @Test
    void listensOnTheGivenAddress() {
      ProxyModel model =
          build(
              DataplaneBuilder.dataplane()
                  .outbound(10001, "127.0.0.2", DataplaneBuilder.service("web")),
              "zone-1",
              NO_ENDPOINTS);

      assertThat(model.outbounds().get(0).address()).isEqualTo("127.0.0.2");
    }

    @Test
    void takesTheProtocolOfTheServiceInstances() {
      ServiceEndpoints endpoints =
          ServiceEndpoints.index(List.of(provider("web-1", "web", "grpc")));

      ProxyModel model =
          build(
              DataplaneBuilder.dataplane().outbound(10001, null, DataplaneBuilder.service("web")),
              "zone-1",
              endpoints);

      assertThat(model.outbounds().get(0).protocol()).isEqualTo(Protocol.GRPC);
      assertThat(model.cluster("web")).map(ServiceCluster::protocol).contains(Protocol.GRPC);
    }

    @Test
    void makesOneClusterPerDistinctServiceSortedByService() {
      ServiceEndpoints endpoints =
          ServiceEndpoints.index(
              List.of(provider("web-1", "web", "http"), provider("api-1", "api", "http")));

      ProxyModel model =
          build(
              DataplaneBuilder.dataplane()
                  .outbound(10003, null, DataplaneBuilder.service("web"))
                  .outbound(10001, null, DataplaneBuilder.service("api"))
                  .outbound(10002, "127.0.0.2", DataplaneBuilder.service("web")),
              "zone-1",
              endpoints);

      assertThat(model.clusters())
          .extracting(ServiceCluster::service)
          .containsExactly("api", "web");
      assertThat(model.clusters().get(1)).isEqualTo(endpoints.cluster("web"));
      assertThat(model.outbounds())
          .extracting(Outbound::address, Outbound::port)
          .containsExactly(
              tuple("127.0.0.1", 10001), tuple("127.0.0.1", 10003), tuple("127.0.0.2", 10002));
    }

    @Test
    void keepsAClusterForAServiceWithoutEndpoints() {
      ProxyModel model =
          build(
              DataplaneBuilder.dataplane()
                  .outbound(10001, null, DataplaneBuilder.service("payments")),
              "zone-1",
              NO_ENDPOINTS);

      assertThat(model.cluster("payments"))
          .contains(new ServiceCluster("payments", Protocol.TCP, List.of()));
    }
  }

  @Test
  void buildsEqualModelsFromEqualInputs() {
    ServiceEndpoints endpoints = ServiceEndpoints.index(List.of(provider("web-1", "web", "http")));
    DataplaneBuilder dataplane =
        DataplaneBuilder.dataplane().outbound(10001, null, DataplaneBuilder.service("web"));

    assertThat(build(dataplane, "zone-1", endpoints))
        .isEqualTo(build(dataplane, "zone-1", endpoints));
  }

  // ---------------------------------------------------------------- fixtures

  private static ProxyModel build(
      DataplaneBuilder dataplane, String zone, ServiceEndpoints endpoints) {
    return ProxyModelBuilder.build(resource("dp-1", dataplane.build()), zone, endpoints);
  }

  private static Resource provider(String name, String service, String protocol) {
    DataplaneSpec spec =
        DataplaneBuilder.dataplane()
            .address("10.0.0." + (Math.abs(name.hashCode()) % 250 + 1))
            .editInbound(
                0,
                in ->
                    in.tags(
                        Map.of(
                            DataplaneSpec.SERVICE_TAG, service,
                            DataplaneSpec.PROTOCOL_TAG, protocol,
                            DataplaneSpec.ZONE_TAG, "zone-1")))
            .build();
    return resource(name, spec);
  }

  private static Resource resource(String name, DataplaneSpec spec) {
    return new Resource(ResourceKey.dataplane("default", name), spec, Instant.EPOCH, Instant.EPOCH);
  }
}
