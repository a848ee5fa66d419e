package dev.meridian.zone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.meridian.testkit.Http;
import dev.meridian.zone.support.RunningZone;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kuma 2.4's inspect routes and list filters over real HTTP on a standalone zone and a real broker:
 * {@code /policies}, {@code /rules}, {@code /{policies}/{name}/dataplanes}, {@code ?name=}, {@code
 * ?tag=} and {@code ?gateway=}.
 */
class KumaInspectIT {
  @TempDir static Path dataDir;
  static RunningZone zone;
  static Http http;

  @BeforeAll
  static void start() {
    zone = RunningZone.start("inspect-" + UUID.randomUUID().toString().substring(0, 8), dataDir);
    http = new Http(zone.baseUrl());
    await().atMost(Duration.ofSeconds(30)).until(() -> http.get("/meshes/default").status() == 200);
    put(
        "/meshes/default/dataplanes/web-1",
        """
        type: Dataplane
        mesh: default
        name: web-1
        networking:
          address: 10.0.0.1
          inbound:
            - port: 8080
              tags: {kuma.io/service: web, kuma.io/protocol: http, version: v1}
          outbound:
            - port: 10001
              tags: {kuma.io/service: backend}
        """);
    put(
        "/meshes/default/dataplanes/backend-1",
        """
        type: Dataplane
        mesh: default
        name: backend-1
        networking:
          address: 10.0.0.2
          inbound:
            - port: 9090
              tags: {kuma.io/service: backend, version: v2}
        """);
    put(
        "/meshes/default/dataplanes/edge-1",
        """
        type: Dataplane
        mesh: default
        name: edge-1
        networking:
          address: 10.0.0.3
          gateway: {type: BUILTIN, tags: {kuma.io/service: edge}}
        """);
    put(
        "/meshes/default/meshtimeouts/backend-timeout",
        """
        type: MeshTimeout
        mesh: default
        name: backend-timeout
        labels: {team: payments}
        spec:
          targetRef: {kind: MeshService, name: web}
          to:
            - targetRef: {kind: MeshService, name: backend}
              default: {connectionTimeout: 2s}
        """);
  }

  static void put(String path, String yaml) {
    Http.Response response = http.put(path, yaml, "application/yaml");
    assertThat(response.status()).as(response.body()).isIn(200, 201);
  }

  @AfterAll
  static void stop() {
    zone.close();
  }

  @Test
  void aDataplanesPoliciesAreShownPerAttachmentAsKumaShowsThem() {
    JsonNode out = http.get("/meshes/default/dataplanes/web-1/policies").json();

    assertThat(out.get("kind").asText()).isEqualTo("SidecarDataplane");
    List<String> attachments = new ArrayList<>();
    out.get("items")
        .forEach(
            item ->
                item.get("matchedPolicies")
                    .path("MeshTimeout")
                    .forEach(
                        p ->
                            attachments.add(
                                item.get("type").asText()
                                    + " "
                                    + item.path("name").asText()
                                    + " "
                                    + p.get("name").asText())));
    assertThat(attachments)
        .containsExactly("dataplane  backend-timeout", "outbound 127.0.0.1:10001 backend-timeout");
    assertThat(http.get("/meshes/default/dataplanes/nobody/policies").status()).isEqualTo(404);
  }

  @Test
  void aDataplanesRulesAreKumasRuleInspectShape() {
    JsonNode out = http.get("/meshes/default/dataplanes/web-1/rules").json();

    JsonNode timeout = null;
    for (JsonNode item : out.get("items")) {
      if (item.get("policyType").asText().equals("MeshTimeout")) {
        timeout = item;
      }
    }
    assertThat(timeout).isNotNull();
    assertThat(timeout.get("type").asText()).isEqualTo("DestinationSubset");
    assertThat(timeout.get("service").asText()).isEqualTo("backend");
    assertThat(timeout.at("/conf/connectionTimeout").asText()).isEqualTo("2s");
    assertThat(timeout.at("/origins/0/name").asText()).isEqualTo("backend-timeout");
    assertThat(out.get("total").asInt()).isEqualTo(out.get("items").size());
  }

  @Test
  void aPolicysDataplanesAreListedWithTheirAttachments() {
    JsonNode out = http.get("/meshes/default/meshtimeouts/backend-timeout/dataplanes").json();

    assertThat(out.get("total").asInt()).isEqualTo(1);
    assertThat(out.at("/items/0/dataplane/name").asText()).isEqualTo("web-1");
    assertThat(out.at("/items/0/attachments").findValuesAsText("type"))
        .containsExactly("dataplane", "outbound");
    assertThat(http.get("/meshes/default/meshtimeouts/nothing/dataplanes").status()).isEqualTo(404);
  }

  @Test
  void dataplaneListsFilterByTagNameAndGateway() {
    assertThat(names("/meshes/default/dataplanes?tag=kuma.io/service:web"))
        .containsExactly("web-1");
    assertThat(names("/meshes/default/dataplanes?tag=version:v&tag=kuma.io/service:back"))
        .containsExactly("backend-1");
    assertThat(names("/meshes/default/dataplanes?name=-1")).hasSize(3);
    assertThat(names("/dataplanes?name=edge")).containsExactly("edge-1");
    assertThat(names("/meshes/default/dataplanes?gateway=builtin")).containsExactly("edge-1");
    assertThat(names("/meshes/default/dataplanes+insights?gateway=false&name=web"))
        .containsExactly("web-1");
    Http.Response bad = http.get("/meshes/default/dataplanes?gateway=maybe");
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.json().at("/invalid_parameters/0/field").asText()).endsWith(".gateway");
  }

  @Test
  void policyListsFilterByNameAndLabels() {
    assertThat(names("/meshes/default/meshtimeouts?name=backend"))
        .containsExactly("backend-timeout");
    assertThat(names("/meshtimeouts?tag=team:pay")).containsExactly("backend-timeout");
    assertThat(names("/meshes/default/meshtimeouts?tag=team:ledger")).isEmpty();
  }

  @Test
  void aFilteredPagesNextLinkKeepsTheFilter() {
    JsonNode page = http.get("/meshes/default/dataplanes?name=-1&size=1").json();
    assertThat(page.get("total").asInt()).isEqualTo(3);
    assertThat(page.get("next").asText()).contains("name=-1").contains("offset=1");
  }

  private static List<String> names(String path) {
    Http.Response response = http.get(path);
    assertThat(response.status()).as(response.body()).isEqualTo(200);
    List<String> names = new ArrayList<>();
    response.json().get("items").forEach(i -> names.add(i.get("name").asText()));
    return names;
  }
}
