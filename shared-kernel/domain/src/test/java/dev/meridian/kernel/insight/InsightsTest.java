package dev.meridian.kernel.insight;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.meridian.kernel.json.DomainJson;
import dev.meridian.kernel.resource.DataplaneSpec;
import dev.meridian.kernel.resource.MeshSpec;
import dev.meridian.kernel.resource.PolicySpec;
import dev.meridian.kernel.resource.Resource;
import dev.meridian.kernel.resource.ResourceKey;
import dev.meridian.kernel.resource.ResourceKind;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Kuma's dataplane status, service, mesh and global insights. */
class InsightsTest {
  static Resource dataplane(String name, String yaml) {
    try {
      DataplaneSpec spec =
          DomainJson.canonical().treeToValue(DomainJson.yaml().readTree(yaml), DataplaneSpec.class);
      return new Resource(ResourceKey.dataplane("default", name), spec, Instant.EPOCH, null);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  static final Resource WEB_1 =
      dataplane(
          "web-1",
          """
          networking:
            address: 10.0.0.1
            inbound:
              - {port: 1, tags: {kuma.io/service: web, kuma.io/zone: east}}
              - {port: 2, tags: {kuma.io/service: web-admin}, health: {ready: false}}
          """);
  static final Resource WEB_2 =
      dataplane(
          "web-2",
          """
          networking:
            address: 10.0.0.2
            inbound:
              - {port: 1, tags: {kuma.io/service: web, kuma.io/zone: west}}
          """);
  static final Resource EDGE =
      dataplane(
          "edge-1",
          """
          networking:
            address: 10.0.0.3
            gateway: {type: BUILTIN, tags: {kuma.io/service: edge}}
          """);
  static final List<Resource> ALL = List.of(WEB_1, WEB_2, EDGE);
  static final Set<String> CONNECTED = Set.of("web-1", "edge-1");

  static boolean connected(ResourceKey key) {
    return CONNECTED.contains(key.name());
  }

  @Test
  void aDataplaneIsOfflineDegradedOrOnlineByItsConnectionAndInbounds() {
    assertThat(DataplaneStatus.of((DataplaneSpec) WEB_1.spec(), true))
        .isEqualTo(DataplaneStatus.PARTIALLY_DEGRADED);
    assertThat(DataplaneStatus.of((DataplaneSpec) WEB_1.spec(), false))
        .isEqualTo(DataplaneStatus.OFFLINE);
    assertThat(DataplaneStatus.of((DataplaneSpec) WEB_2.spec(), true))
        .isEqualTo(DataplaneStatus.ONLINE);
    assertThat(DataplaneStatus.of((DataplaneSpec) EDGE.spec(), true))
        .isEqualTo(DataplaneStatus.ONLINE);
  }

  @Test
  void servicesArePartiallyDegradedWhenSomeOfTheirDataplanesAreOffline() {
    List<String> rendered =
        ServiceInsights.of("default", ALL, InsightsTest::connected).stream()
            .map(
                s ->
                    s.get("name").asText()
                        + " "
                        + s.get("status").asText()
                        + " "
                        + s.at("/dataplanes/online").asInt()
                        + "/"
                        + s.at("/dataplanes/total").asInt()
                        + " "
                        + s.get("serviceType").asText()
                        + " "
                        + s.get("zones"))
            .toList();
    assertThat(rendered)
        .containsExactly(
            "edge online 1/1 gateway_builtin []",
            "web partially_degraded 1/2 internal [\"east\",\"west\"]",
            "web-admin offline 0/1 internal []");
  }

  @Test
  void aMeshInsightCountsDataplanesByStatusAndTypeAndPoliciesByKind() {
    Resource mesh =
        new Resource(
            ResourceKey.mesh("default"),
            new MeshSpec(
                DomainJson.canonical()
                    .createObjectNode()
                    .put("enabledBackend", "ca-1")
                    .set(
                        "backends",
                        DomainJson.canonical()
                            .createArrayNode()
                            .add(
                                DomainJson.canonical()
                                    .createObjectNode()
                                    .put("name", "ca-1")
                                    .put("type", "builtin"))),
                null,
                null,
                null,
                null,
                null,
                null,
                null),
            Instant.EPOCH,
            null);
    Resource timeout =
        new Resource(
            new ResourceKey(ResourceKind.MESH_TIMEOUT, "default", "t"),
            new PolicySpec(null, DomainJson.canonical().createObjectNode()),
            Instant.EPOCH,
            null);

    JsonNode insight = MeshInsight.of(mesh, ALL, List.of(timeout), InsightsTest::connected);

    assertThat(insight.get("type").asText()).isEqualTo("MeshInsight");
    assertThat(insight.get("dataplanes").toString())
        .isEqualTo("{\"total\":3,\"online\":1,\"offline\":1,\"partiallyDegraded\":1}");
    assertThat(insight.at("/dataplanesByType/standard/total").asInt()).isEqualTo(2);
    assertThat(insight.at("/dataplanesByType/gatewayBuiltin/online").asInt()).isEqualTo(1);
    assertThat(insight.at("/policies/MeshTimeout/total").asInt()).isEqualTo(1);
    assertThat(insight.at("/services/total").asInt()).isEqualTo(3);
    assertThat(insight.at("/services/internal").asInt()).isEqualTo(2);
    assertThat(insight.at("/mTLS/issuedBackends/ca-1/total").asInt()).isEqualTo(3);
  }

  @Test
  void theGlobalInsightCountsZonesMeshesDataplanesAndServices() {
    Resource mesh =
        new Resource(ResourceKey.mesh("default"), MeshSpec.empty(), Instant.EPOCH, null);
    JsonNode insight =
        GlobalInsight.of(
            Instant.EPOCH,
            new GlobalInsight.Zones(2, 1, 1),
            List.of(mesh),
            ALL,
            List.of(),
            InsightsTest::connected);

    assertThat(insight.at("/zones/controlPlanes/online").asInt()).isEqualTo(1);
    assertThat(insight.at("/zones/controlPlanes/total").asInt()).isEqualTo(2);
    assertThat(insight.at("/meshes/total").asInt()).isEqualTo(1);
    assertThat(insight.at("/dataplanes/standard/total").asInt()).isEqualTo(2);
    assertThat(insight.at("/dataplanes/gatewayBuiltin/online").asInt()).isEqualTo(1);
    assertThat(insight.at("/services/total").asInt()).isEqualTo(3);
    assertThat(insight.at("/services/internal/partiallyDegraded").asInt()).isEqualTo(1);
  }
}
