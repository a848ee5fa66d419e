package dev.meridian.kernel.whatif;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.meridian.kernel.projection.Projection;
import dev.meridian.kernel.resource.ResourceDocument;
import dev.meridian.kernel.resource.ResourceKey;
import dev.meridian.kernel.resource.ResourceKind;
import dev.meridian.kernel.resource.ResourceSpec;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WhatIfTest {
  static final Instant NOW = Instant.parse("2026-12-04T10:00:00Z");

  static ResourceSpec spec(ResourceKind kind, String json) {
    return ResourceDocument.read(
            kind, json.getBytes(StandardCharsets.UTF_8), ResourceDocument.Format.JSON)
        .spec();
  }

  static String dataplane(String name, String address, String service, String zone, String out) {
    return """
        {"type": "Dataplane", "mesh": "default", "name": "%s",
         "networking": {"address": "%s",
           "inbound": [{"port": 8080, "tags": {"kuma.io/service": "%s",
                        "kuma.io/protocol": "http", "kuma.io/zone": "%s"}}]%s}}
        """
        .formatted(
            name,
            address,
            service,
            zone,
            out == null
                ? ""
                : ", \"outbound\": [{\"port\": 10001, \"tags\": {\"kuma.io/service\": \""
                    + out
                    + "\"}}]");
  }

  /** Two zones' proxies as global sees them: web calls backend in each zone, backend calls none. */
  static Projection mesh() {
    Map<ResourceKey, ResourceSpec> resources = new LinkedHashMap<>();
    resources.put(ResourceKey.mesh("default"), spec(ResourceKind.MESH, "{}"));
    resources.put(
        ResourceKey.dataplane("default", "web-1"),
        spec(ResourceKind.DATAPLANE, dataplane("web-1", "10.0.0.1", "web", "zone-1", "backend")));
    resources.put(
        ResourceKey.dataplane("default", "web-2"),
        spec(ResourceKind.DATAPLANE, dataplane("web-2", "10.1.0.1", "web", "zone-2", "backend")));
    resources.put(
        ResourceKey.dataplane("default", "backend-1"),
        spec(
            ResourceKind.DATAPLANE, dataplane("backend-1", "10.0.0.2", "backend", "zone-1", null)));
    return new Projection().fork(resources, NOW);
  }

  static final String TIMEOUT =
      """
      {"type": "MeshTimeout", "mesh": "default", "name": "backend-timeout",
       "spec": {"targetRef": {"kind": "Mesh"},
                "to": [{"targetRef": {"kind": "MeshService", "name": "backend"},
                        "default": {"connectionTimeout": "2s"}}]}}
      """;

  /** One field of each listed proxy, in order. */
  static List<String> field(JsonNode preview, String name) {
    List<String> out = new java.util.ArrayList<>();
    preview.path("proxies").forEach(p -> out.add(p.path(name).asText()));
    return out;
  }

  @Test
  void aPolicyPreviewListsExactlyTheProxiesItChangesInEveryZoneAndHow() {
    Projection live = mesh();
    String checksum = live.checksum();
    ResourceKey policy = new ResourceKey(ResourceKind.MESH_TIMEOUT, "default", "backend-timeout");

    JsonNode preview =
        WhatIf.preview(
            live,
            "default",
            Map.of(policy, spec(ResourceKind.MESH_TIMEOUT, TIMEOUT)),
            "",
            false,
            NOW);

    assertThat(field(preview, "name")).containsExactly("web-1", "web-2");
    assertThat(field(preview, "zone")).containsExactly("zone-1", "zone-2");
    JsonNode cluster = preview.at("/proxies/0/xds/clusters/changed/0");
    assertThat(cluster.path("name").asText()).isEqualTo("backend");
    assertThat(cluster.path("changes").toString())
        .contains("\"path\":\"connectTimeout\"")
        .contains("\"before\":\"5s\"")
        .contains("\"after\":\"2s\"");
    assertThat(preview.at("/resources/added/0/name").asText()).isEqualTo("backend-timeout");
    // Nothing was written: the live view is as it was.
    assertThat(live.checksum()).isEqualTo(checksum);
    assertThat(live.get(policy)).isEmpty();
  }

  @Test
  void removingADataplaneShowsItsCallersLosingAnEndpointAndItsOwnProxyGone() {
    Projection live = mesh();
    Map<ResourceKey, ResourceSpec> delete = new LinkedHashMap<>();
    delete.put(ResourceKey.dataplane("default", "backend-1"), null);

    JsonNode preview = WhatIf.preview(live, "default", delete, "", false, NOW);

    assertThat(field(preview, "name")).containsExactly("backend-1", "web-1", "web-2");
    assertThat(preview.at("/proxies/0/change").asText()).isEqualTo("removed");
    assertThat(preview.at("/proxies/1/xds/endpoints/changed/0/name").asText()).isEqualTo("backend");
  }

  @Test
  void aChangeThatChangesNoProxyListsNone() {
    Projection live = mesh();
    ResourceKey policy = new ResourceKey(ResourceKind.MESH_TIMEOUT, "default", "nobody");
    String selectsNothing =
        TIMEOUT
            .replace("backend-timeout", "nobody")
            .replace("\"name\": \"backend\"", "\"name\": \"x\"");

    JsonNode preview =
        WhatIf.preview(
            live,
            "default",
            Map.of(policy, spec(ResourceKind.MESH_TIMEOUT, selectsNothing)),
            "",
            false,
            NOW);

    assertThat(preview.path("proxies")).isEmpty();
    assertThat(preview.path("affectedProxies").asInt()).isZero();
    assertThat(List.of(preview.at("/resources/added/0/name").asText())).containsExactly("nobody");
  }
}
