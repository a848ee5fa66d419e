package dev.meridian.kernel.policy;

import static dev.meridian.kernel.policy.Policies.dataplane;
import static dev.meridian.kernel.policy.Policies.policy;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.meridian.kernel.resource.Resource;
import dev.meridian.kernel.resource.ResourceKind;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Kuma 2.4's inspect documents, from the rules proxies are configured from. */
class KumaInspectTest {
  static final Resource WEB =
      dataplane(
          "web-1",
          """
          networking:
            address: 10.0.0.1
            inbound:
              - port: 8080
                tags: {kuma.io/service: web, kuma.io/protocol: http}
            outbound:
              - port: 10001
                tags: {kuma.io/service: backend}
          """);
  static final Resource OTHER =
      dataplane(
          "db-1",
          """
          networking:
            address: 10.0.0.2
            inbound:
              - port: 5432
                tags: {kuma.io/service: db}
          """);

  static final Resource TIMEOUT_TO_BACKEND =
      policy(
          ResourceKind.MESH_TIMEOUT,
          "backend-timeout",
          """
          spec:
            targetRef: {kind: MeshService, name: web}
            to:
              - targetRef: {kind: MeshService, name: backend}
                default: {connectionTimeout: 2s}
          """);
  static final Resource TIMEOUT_FROM =
      policy(
          ResourceKind.MESH_TIMEOUT,
          "inbound-timeout",
          """
          spec:
            targetRef: {kind: Mesh}
            from:
              - targetRef: {kind: Mesh}
                default: {idleTimeout: 20s}
              - targetRef: {kind: MeshService, name: frontend}
                default: {idleTimeout: 5s}
          """);
  static final List<Resource> POLICIES = List.of(TIMEOUT_TO_BACKEND, TIMEOUT_FROM);

  @Test
  void policiesAreListedPerAttachmentWithTheirMeta() {
    JsonNode out = KumaInspect.dataplanePolicies(WEB, POLICIES);

    assertThat(out.get("kind").asText()).isEqualTo("SidecarDataplane");
    assertThat(out.get("total").asInt()).isEqualTo(3);
    JsonNode whole = out.get("items").get(0);
    assertThat(whole.get("type").asText()).isEqualTo("dataplane");
    assertThat(whole.at("/matchedPolicies/MeshTimeout").findValuesAsText("name"))
        .containsExactly("backend-timeout", "inbound-timeout");
    assertThat(whole.at("/matchedPolicies/MeshTimeout/0/type").asText()).isEqualTo("MeshTimeout");
    JsonNode inbound = out.get("items").get(1);
    assertThat(inbound.get("type").asText()).isEqualTo("inbound");
    assertThat(inbound.get("name").asText()).isEqualTo("10.0.0.1:8080");
    assertThat(inbound.get("service").asText()).isEqualTo("web");
    assertThat(inbound.at("/matchedPolicies/MeshTimeout").findValuesAsText("name"))
        .containsExactly("inbound-timeout");
    JsonNode outbound = out.get("items").get(2);
    assertThat(outbound.get("type").asText()).isEqualTo("outbound");
    assertThat(outbound.get("name").asText()).isEqualTo("127.0.0.1:10001");
    assertThat(outbound.get("service").asText()).isEqualTo("backend");
    assertThat(outbound.at("/matchedPolicies/MeshTimeout").findValuesAsText("name"))
        .containsExactly("backend-timeout");
  }

  @Test
  void rulesAreDestinationAndClientSubsetsWithConfsAndOrigins() {
    JsonNode items = KumaInspect.dataplaneRules(WEB, POLICIES).get("items");

    assertThat(items).hasSize(3);
    JsonNode to = items.get(0);
    assertThat(to.get("type").asText()).isEqualTo("DestinationSubset");
    assertThat(to.get("name").asText()).isEqualTo("backend");
    assertThat(to.get("addresses").get(0).asText()).isEqualTo("127.0.0.1:10001");
    assertThat(to.get("policyType").asText()).isEqualTo("MeshTimeout");
    assertThat(to.at("/conf/connectionTimeout").asText()).isEqualTo("2s");
    assertThat(to.at("/origins/0/name").asText()).isEqualTo("backend-timeout");

    JsonNode anyCaller = items.get(1);
    assertThat(anyCaller.get("type").asText()).isEqualTo("ClientSubset");
    assertThat(anyCaller.get("subset").isEmpty()).isTrue();
    assertThat(anyCaller.at("/conf/idleTimeout").asText()).isEqualTo("20s");
    JsonNode frontend = items.get(2);
    assertThat(frontend.at("/subset/kuma.io~1service").asText()).isEqualTo("frontend");
    assertThat(frontend.at("/conf/idleTimeout").asText()).isEqualTo("5s");
    assertThat(frontend.get("addresses").get(0).asText()).isEqualTo("10.0.0.1:8080");
    assertThat(frontend.at("/tags/kuma.io~1protocol").asText()).isEqualTo("http");
  }

  @Test
  void aPolicysDataplanesNameWhereItAttaches() {
    JsonNode out = KumaInspect.policyDataplanes(TIMEOUT_TO_BACKEND, List.of(WEB, OTHER), POLICIES);

    assertThat(out.get("total").asInt()).isEqualTo(1);
    JsonNode item = out.get("items").get(0);
    assertThat(item.get("kind").asText()).isEqualTo("SidecarDataplane");
    assertThat(item.at("/dataplane/name").asText()).isEqualTo("web-1");
    assertThat(item.get("attachments").findValuesAsText("type"))
        .containsExactly("dataplane", "outbound");

    assertThat(
            KumaInspect.policyDataplanes(TIMEOUT_FROM, List.of(WEB, OTHER), POLICIES)
                .get("total")
                .asInt())
        .isEqualTo(2);
  }
}
