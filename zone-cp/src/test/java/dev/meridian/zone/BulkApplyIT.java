package dev.meridian.zone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.meridian.testkit.Http;
import dev.meridian.zone.support.RunningZone;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code POST /apply} on a packaged zone, over real HTTP with real tokens: many documents written
 * in one request; one bad document, or one the caller may not write, and nothing is written, with
 * each failing document named by its index.
 */
class BulkApplyIT {
  @TempDir Path dataDir;
  @TempDir Path keys;

  private static String dataplaneYaml(String name, int port) {
    return """
        type: Dataplane
        mesh: default
        name: %s
        networking:
          address: 10.0.0.%d
          inbound:
            - port: %d
              tags:
                kuma.io/service: web
        """
        .formatted(name, port % 250, port);
  }

  @Test
  void appliesEveryDocumentOrNoneAndChecksEachAsItsOwnPut() {
    String zoneName = "bulk-" + UUID.randomUUID().toString().substring(0, 8);
    try (RunningZone zone =
        RunningZone.start(
            zoneName,
            dataDir,
            Map.of(
                "meridian.auth.anonymous-localhost",
                "false",
                "meridian.auth.key-file",
                keys.resolve("control-plane.key").toString()))) {
      Http anonymous = new Http(zone.baseUrl());
      Http admin = anonymous.withToken(readAdminToken());
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> admin.get("/meshes/default").status() == 200);

      // Three documents, one request: all written, in order, each visible when answered.
      String three =
          String.join(
              "---\n",
              dataplaneYaml("web-1", 7001),
              dataplaneYaml("web-2", 7002),
              dataplaneYaml("web-3", 7003));
      Http.Response applied = admin.post("/apply", three, "application/yaml");
      assertThat(applied.status()).as(applied.body()).isEqualTo(200);
      assertThat(applied.json().get("items").findValuesAsText("outcome"))
          .containsExactly("CREATED", "CREATED", "CREATED");
      assertThat(applied.json().get("items").findValuesAsText("name"))
          .containsExactly("web-1", "web-2", "web-3");
      for (String name : List.of("web-1", "web-2", "web-3")) {
        assertThat(admin.get("/meshes/default/dataplanes/" + name).status()).isEqualTo(200);
      }

      // The same as a JSON array: unchanged documents say so, a changed one is updated.
      String array =
          """
          [{"type": "Dataplane", "mesh": "default", "name": "web-1",
            "networking": {"address": "10.0.0.1",
              "inbound": [{"port": 7001, "tags": {"kuma.io/service": "web"}}]}},
           {"type": "Dataplane", "mesh": "default", "name": "web-2",
            "networking": {"address": "10.0.0.2",
              "inbound": [{"port": 7102, "tags": {"kuma.io/service": "web"}}]}}]
          """;
      Http.Response again = admin.post("/apply", array, "application/json");
      assertThat(again.status()).as(again.body()).isEqualTo(200);
      assertThat(again.json().get("items").findValuesAsText("outcome"))
          .containsExactly("UNCHANGED", "UPDATED");

      // One document with field errors, one of an unknown type: nothing is written, and each
      // failing document is named by its index with its own field paths.
      String bad =
          String.join(
              "---\n",
              dataplaneYaml("web-4", 7004),
              dataplaneYaml("web-5", 7005).replace("port: 7005", "port: 0"),
              "type: NoSuchKind\nname: x\n");
      Http.Response refused = admin.post("/apply", bad, "application/yaml");
      assertThat(refused.status()).isEqualTo(400);
      assertThat(refused.contentType()).contains("application/problem+json");
      List<String> fields = refused.json().get("invalid_parameters").findValuesAsText("field");
      assertThat(fields).anyMatch(f -> f.startsWith("items[1].networking.inbound[0]"));
      assertThat(fields).contains("items[2].type");
      assertThat(fields).noneMatch(f -> f.startsWith("items[0]"));
      assertThat(admin.get("/meshes/default/dataplanes/web-4").status()).isEqualTo(404);

      // A mesh created by an earlier document holds the later ones.
      String meshAndDataplane =
          "type: Mesh\nname: shop\n---\n"
              + dataplaneYaml("cart-1", 7010).replace("default", "shop");
      Http.Response created = admin.post("/apply", meshAndDataplane, "application/yaml");
      assertThat(created.status()).as(created.body()).isEqualTo(200);
      assertThat(admin.get("/meshes/shop/dataplanes/cart-1").status()).isEqualTo(200);

      // Each document needs the permission its own PUT would: an operator of mesh shop may not
      // write into default, so neither document is written, and the refusal is counted.
      String operator =
          admin
              .post(
                  "/tokens/user",
                  "{\"name\": \"olga\", \"groups\": [\"mesh-operator:shop\"], \"validFor\": \"1h\"}")
              .body()
              .trim();
      Http olga = anonymous.withToken(operator);
      String mixed =
          dataplaneYaml("cart-2", 7011).replace("default", "shop")
              + "---\n"
              + dataplaneYaml("web-6", 7006);
      Http.Response forbidden = olga.post("/apply", mixed, "application/yaml");
      assertThat(forbidden.status()).isEqualTo(403);
      assertThat(forbidden.json().get("detail").asText())
          .contains("olga", "items[1]", "write on dataplanes in mesh default")
          .doesNotContain("items[0]");
      assertThat(admin.get("/meshes/shop/dataplanes/cart-2").status()).isEqualTo(404);
      assertThat(admin.get("/meshes/default/dataplanes/web-6").status()).isEqualTo(404);
      JsonNode audit = admin.get("/audit/access").json();
      assertThat(audit.get("items").findValuesAsText("subject")).contains("olga");

      // Within its mesh the operator applies, as itself.
      Http.Response own =
          olga.post(
              "/apply",
              dataplaneYaml("cart-2", 7011).replace("default", "shop"),
              "application/yaml");
      assertThat(own.status()).as(own.body()).isEqualTo(200);
      assertThat(
              admin
                  .get("/audit/events?name=cart-2")
                  .json()
                  .get("items")
                  .get(0)
                  .get("actor")
                  .asText())
          .isEqualTo("olga");

      // No token, no entry.
      assertThat(anonymous.post("/apply", three, "application/yaml").status()).isEqualTo(401);
    }
  }

  private String readAdminToken() {
    try {
      return Files.readString(dataDir.resolve("admin-token")).trim();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
