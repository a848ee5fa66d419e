package dev.meridian.kernel.xds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import dev.meridian.kernel.resource.DataplaneBuilder;
import dev.meridian.kernel.resource.DataplaneSpec;
import dev.meridian.kernel.resource.Resource;
import dev.meridian.kernel.resource.ResourceKey;
import dev.meridian.kernel.xds.ProxyModel.Endpoint;
import dev.meridian.kernel.xds.ProxyModel.Locality;
import dev.meridian.kernel.xds.ProxyModel.ServiceCluster;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ServiceEndpointsTest {

  private int counter;

  @Nested
  class Addresses {

    @Test
    void prefersTheAdvertisedAddress() {
      Resource dp =
          dataplane(
              b ->
                  b.address("172.17.0.2")
                      .advertisedAddress("203.0.113.2")
                      .editInbound(0, in -> in.address("172.17.0.3")));

      assertThat(onlyEndpoint(ServiceEndpoints.index(List.of(dp))).address())
          .isEqualTo("203.0.113.2");
    }

    @Test
    void usesTheInboundAddressWithoutAnAdvertisedOne() {
      Resource dp =
          dataplane(b -> b.address("172.17.0.2").editInbound(0, in -> in.address("172.17.0.3")));

      assertThat(onlyEndpoint(ServiceEndpoints.index(List.of(dp))).address())
          .isEqualTo("172.17.0.3");
    }

    @Test
    void fallsBackToTheDataplaneAddress() {
      Resource dp = dataplane(b -> b.address("172.17.0.2"));

      assertThat(onlyEndpoint(ServiceEndpoints.index(List.of(dp))).address())
          .isEqualTo("172.17.0.2");
    }

    @Test
    void isReachedAtTheInboundPortNotTheWorkloadPort() {
      Resource dp =
          dataplane(
              b ->
                  b.editInbound(
                      0, in -> in.port(10000).servicePort(8080).serviceAddress("10.0.0.9")));

      Endpoint endpoint = onlyEndpoint(ServiceEndpoints.index(List.of(dp)));

      assertThat(endpoint.port()).isEqualTo(10000);
      assertThat(endpoint.address()).isEqualTo(DataplaneBuilder.ADDRESS);
      assertThat(endpoint.weight()).isEqualTo(1);
    }

    @Test
    void carriesTheInboundTags() {
      Resource dp = dataplane(b -> b.editInbound(0, in -> in.tag("version", "v2")));

      assertThat(onlyEndpoint(ServiceEndpoints.index(List.of(dp))).tags())
          .containsEntry("version", "v2")
          .containsEntry(DataplaneSpec.SERVICE_TAG, "backend")
          .containsEntry(DataplaneSpec.ZONE_TAG, "zone-1");
    }
  }

  @Nested
  class Readiness {

    @ParameterizedTest
    @ValueSource(strings = {"NotReady", "Ignored"})
    void excludesInboundsThatAreNotReady(String state) {
      Resource dp = dataplane(b -> b.editInbound(0, in -> in.state(state)));

      assertThat(ServiceEndpoints.index(List.of(dp)).instances("backend")).isEmpty();
    }

    @Test
    void includesAReadyState() {
      Resource dp = dataplane(b -> b.editInbound(0, in -> in.state("Ready")));

      assertThat(ServiceEndpoints.index(List.of(dp)).instances("backend")).hasSize(1);
    }

    @Test
    void excludesAnInboundWhoseHealthIsNotReady() {
      Resource dp = dataplane(b -> b.editInbound(0, in -> in.health(false)));

      assertThat(ServiceEndpoints.index(List.of(dp)).instances("backend")).isEmpty();
    }

    @Test
    void includesAnInboundWhoseHealthIsReady() {
      Resource dp = dataplane(b -> b.editInbound(0, in -> in.health(true)));

      assertThat(ServiceEndpoints.index(List.of(dp)).instances("backend")).hasSize(1);
    }

    @Test
    void treatsAnAbsentHealthAndStateAsReady() {
      Resource dp = dataplane(b -> b);

      assertThat(ServiceEndpoints.index(List.of(dp)).instances("backend")).hasSize(1);
    }

    @Test
    void letsTheStateDecideOverTheHealth() {
      Resource ready = dataplane(b -> b.editInbound(0, in -> in.state("Ready").health(false)));
      Resource notReady = dataplane(b -> b.editInbound(0, in -> in.state("NotReady").health(true)));

      assertThat(ServiceEndpoints.index(List.of(ready)).instances("backend")).hasSize(1);
      assertThat(ServiceEndpoints.index(List.of(notReady)).instances("backend")).isEmpty();
    }

    @Test
    void keepsTheReadyInboundsOfADataplaneWithSomeNotReady() {
      Resource dp =
          dataplane(
              b ->
                  b.editInbound(0, in -> in.state("NotReady"))
                      .inbound(
                          in ->
                              in.port(9090)
                                  .tag(DataplaneSpec.SERVICE_TAG, "jobs")
                                  .tag(DataplaneSpec.ZONE_TAG, "zone-1")));

      ServiceEndpoints index = ServiceEndpoints.index(List.of(dp));

      assertThat(index.instances("backend")).isEmpty();
      assertThat(index.instances("jobs")).hasSize(1);
    }
  }

  @Nested
  class Protocols {

    @Test
    void usesTheProtocolAllInstancesAgreeOn() {
      ServiceEndpoints index =
          ServiceEndpoints.index(List.of(withProtocol("grpc"), withProtocol("grpc")));

      assertThat(index.protocol("backend")).isEqualTo(Protocol.GRPC);
      assertThat(index.cluster("backend").protocol()).isEqualTo(Protocol.GRPC);
    }

    @Test
    void fallsBackToTcpWhenInstancesDisagree() {
      ServiceEndpoints index =
          ServiceEndpoints.index(List.of(withProtocol("http"), withProtocol("grpc")));

      assertThat(index.protocol("backend")).isEqualTo(Protocol.TCP);
    }

    @Test
    void fallsBackToTcpWhenOneInstanceHasNoProtocol() {
      ServiceEndpoints index =
          ServiceEndpoints.index(List.of(withProtocol("http"), withProtocol(null)));

      assertThat(index.protocol("backend")).isEqualTo(Protocol.TCP);
    }

    @Test
    void isTcpForAServiceWithoutInstances() {
      ServiceEndpoints index = ServiceEndpoints.index(List.of());

      assertThat(index.protocol("payments")).isEqualTo(Protocol.TCP);
      assertThat(index.cluster("payments"))
          .isEqualTo(new ServiceCluster("payments", Protocol.TCP, List.of()));
    }

    @Test
    void ignoresInstancesThatAreNotReady() {
      Resource notReadyGrpc =
          dataplane(
              b ->
                  b.editInbound(
                      0, in -> in.tag(DataplaneSpec.PROTOCOL_TAG, "grpc").state("NotReady")));

      ServiceEndpoints index = ServiceEndpoints.index(List.of(withProtocol("http"), notReadyGrpc));

      assertThat(index.protocol("backend")).isEqualTo(Protocol.HTTP);
    }

    private Resource withProtocol(String protocol) {
      return dataplane(
          b ->
              b.editInbound(
                  0,
                  in -> {
                    if (protocol == null) {
                      in.withoutTag(DataplaneSpec.PROTOCOL_TAG);
                    } else {
                      in.tag(DataplaneSpec.PROTOCOL_TAG, protocol);
                    }
                  }));
    }
  }

  @Nested
  class Localities {

    @Test
    void groupsEndpointsByZoneInZoneOrder() {
      ServiceEndpoints index =
          ServiceEndpoints.index(
              List.of(
                  inZone("zone-b", "10.0.2.1"),
                  inZone("zone-a", "10.0.1.1"),
                  inZone("zone-b", "10.0.2.0")));

      ServiceCluster cluster = index.cluster("backend");

      assertThat(cluster.localities())
          .extracting(Locality::zone, Locality::weight)
          .containsExactly(tuple("zone-a", 1), tuple("zone-b", 2));
      assertThat(cluster.localities().get(1).endpoints())
          .extracting(Endpoint::address)
          .containsExactly("10.0.2.0", "10.0.2.1");
      assertThat(cluster.endpointCount()).isEqualTo(3);
    }

    @Test
    void sortsEndpointsOfOneAddressByPort() {
      Resource dp =
          dataplane(
              b ->
                  b.editInbound(0, in -> in.port(9090))
                      .inbound(in -> in.port(8080).tag(DataplaneSpec.ZONE_TAG, "zone-1")));

      assertThat(
              ServiceEndpoints.index(List.of(dp))
                  .cluster("backend")
                  .localities()
                  .get(0)
                  .endpoints())
          .extracting(Endpoint::port)
          .containsExactly(8080, 9090);
    }

    @Test
    void givesEqualClustersForTheSameDataplanesInAnyOrder() {
      List<Resource> dataplanes =
          List.of(
              inZone("zone-b", "10.0.2.1"),
              inZone("zone-a", "10.0.1.1"),
              inZone("zone-a", "10.0.1.2"));
      List<Resource> reversed = new ArrayList<>(dataplanes);
      java.util.Collections.reverse(reversed);

      assertThat(ServiceEndpoints.index(reversed).cluster("backend"))
          .isEqualTo(ServiceEndpoints.index(dataplanes).cluster("backend"));
    }

    private Resource inZone(String zone, String address) {
      return dataplane(
          b -> b.address(address).editInbound(0, in -> in.tag(DataplaneSpec.ZONE_TAG, zone)));
    }
  }

  @Test
  void indexesEveryServiceOfTheMesh() {
    Resource dp =
        dataplane(
            b ->
                b.inbound(
                    in ->
                        in.port(9090)
                            .tag(DataplaneSpec.SERVICE_TAG, "jobs")
                            .tag(DataplaneSpec.ZONE_TAG, "zone-1")));

    assertThat(ServiceEndpoints.index(List.of(dp)).services())
        .containsExactlyInAnyOrder("backend", "jobs");
  }

  // ---------------------------------------------------------------- fixtures

  /** A valid dataplane: inbound 8080 of backend (http) in zone-1, then {@code edit}. */
  private Resource dataplane(UnaryOperator<DataplaneBuilder> edit) {
    DataplaneBuilder builder =
        DataplaneBuilder.dataplane()
            .editInbound(
                0,
                in ->
                    in.tag(DataplaneSpec.PROTOCOL_TAG, "http")
                        .tag(DataplaneSpec.ZONE_TAG, "zone-1"));
    return new Resource(
        ResourceKey.dataplane("default", "dp-" + counter++),
        edit.apply(builder).build(),
        Instant.EPOCH,
        Instant.EPOCH);
  }

  private static Endpoint onlyEndpoint(ServiceEndpoints index) {
    assertThat(index.instances("backend")).hasSize(1);
    return index.instances("backend").get(0).endpoint();
  }
}
