package dev.meridian.zone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.meridian.testkit.Http;
import dev.meridian.zone.support.RunningZone;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The API as a packaged zone serves it: nothing but health and metrics without a user token, what a
 * token's groups allow with one, each change recorded with the token's subject, each refusal
 * counted and listed, and the same tokens accepted by a zone rebuilt from the log and its key.
 */
class ApiAccessIT {
  private static final String DATAPLANE =
      """
      {"type": "Dataplane", "mesh": "default", "name": "%s",
       "networking": {"address": "10.0.0.7",
         "inbound": [{"port": 7000, "tags": {"kuma.io/service": "web"}}]}}
      """;

  @TempDir Path dataDir;
  @TempDir Path rebuiltDataDir;
  @TempDir Path keys;

  private RunningZone start(String zone, Path data) {
    return RunningZone.start(
        zone,
        data,
        Map.of(
            "meridian.auth.anonymous-localhost",
            "false",
            "meridian.auth.key-file",
            keys.resolve("control-plane.key").toString()));
  }

  @Test
  void tokensDecideWhoMayReadAndWriteAndTheAuditNamesThem() throws Exception {
    String zoneName = "access-" + UUID.randomUUID().toString().substring(0, 8);
    String readOnly;
    String revoked;
    try (RunningZone zone = start(zoneName, dataDir)) {
      Http anonymous = new Http(zone.baseUrl());
      Path tokenFile = dataDir.resolve("admin-token");
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(tokenFile)))
          .isEqualTo("rw-------");
      Http admin = anonymous.withToken(Files.readString(tokenFile).trim());
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> admin.get("/meshes/default").status() == 200);

      // No token: health and metrics only.
      assertThat(anonymous.get("/actuator/health/readiness").status()).isEqualTo(200);
      assertThat(anonymous.get("/actuator/prometheus").status()).isEqualTo(200);
      Http.Response unauthenticated = anonymous.get("/meshes");
      assertThat(unauthenticated.status()).isEqualTo(401);
      assertThat(unauthenticated.contentType()).startsWith("application/problem+json");
      assertThat(unauthenticated.json().get("detail").asText()).contains("Bearer");
      assertThat(
              anonymous
                  .put("/meshes/default/dataplanes/web-0", DATAPLANE.formatted("web-0"))
                  .status())
          .isEqualTo(401);
      assertThat(anonymous.withToken("not.a.token").get("/meshes").status()).isEqualTo(401);
      // Kuma's inspect, insight, config and version routes need a token like every other read.
      for (String kumaRead :
          List.of(
              "/mesh-insights",
              "/meshes/default/service-insights",
              "/meshes/default/dataplanes/web-1/policies",
              "/meshes/default/dataplanes/web-1/rules",
              "/config",
              "/versions")) {
        assertThat(anonymous.get(kumaRead).status()).as(kumaRead).isEqualTo(401);
      }

      // The admin writes; the audit names it.
      assertThat(
              admin.put("/meshes/default/dataplanes/web-1", DATAPLANE.formatted("web-1")).status())
          .isEqualTo(201);
      assertThat(actorOf(admin, "web-1")).isEqualTo("admin");

      // A read-only token reads, and is refused every write with the permission it lacks.
      Http.Response issued =
          admin.post(
              "/tokens/user",
              "{\"name\": \"rita\", \"groups\": [\"mesh-system:readonly\"], \"validFor\": \"1h\"}");
      assertThat(issued.status()).isEqualTo(200);
      readOnly = issued.body().trim();
      Http reader = anonymous.withToken(readOnly);
      assertThat(reader.get("/meshes/default/dataplanes/web-1").status()).isEqualTo(200);
      assertThat(reader.get("/mesh-insights/default").status()).isEqualTo(200);
      assertThat(reader.get("/meshes/default/dataplanes/web-1/rules").status()).isEqualTo(200);
      assertThat(reader.get("/config").status()).isEqualTo(200);
      Http.Response forbidden =
          reader.put("/meshes/default/dataplanes/web-2", DATAPLANE.formatted("web-2"));
      assertThat(forbidden.status()).isEqualTo(403);
      assertThat(forbidden.json().get("detail").asText())
          .contains("rita", "write on dataplanes in mesh default");
      assertThat(admin.get("/meshes/default/dataplanes/web-2").status()).isEqualTo(404);
      assertThat(reader.post("/tokens/user", "{\"name\": \"eve\", \"validFor\": \"1h\"}").status())
          .isEqualTo(403);

      // A mesh operator writes inside its mesh, as itself.
      String operator =
          admin
              .post(
                  "/tokens/user",
                  "{\"name\": \"otto\", \"groups\": [\"mesh-operator:default\"], \"validFor\": \"1h\"}")
              .body()
              .trim();
      Http otto = anonymous.withToken(operator);
      assertThat(
              otto.put("/meshes/default/dataplanes/web-3", DATAPLANE.formatted("web-3")).status())
          .isEqualTo(201);
      assertThat(actorOf(admin, "web-3")).isEqualTo("otto");
      assertThat(otto.delete("/meshes/default").status()).isEqualTo(403);
      // A path the router would read differently from the check is refused outright.
      assertThat(
              otto.post("/tokens;x=1/user", "{\"name\": \"eve\", \"validFor\": \"1h\"}").status())
          .isEqualTo(400);

      // A bad request for a token says which field is wrong.
      Http.Response invalid =
          admin.post("/tokens/user", "{\"groups\": \"x\", \"validFor\": \"soon\"}");
      assertThat(invalid.status()).isEqualTo(400);
      assertThat(invalid.json().get("invalid_parameters").findValuesAsText("field"))
          .containsExactlyInAnyOrder("name", "groups", "validFor");

      // A revoked token is refused from then on; the revocation is on the log, with its actor.
      revoked =
          admin
              .post(
                  "/tokens/user",
                  "{\"name\": \"mallory\", \"groups\": [\"mesh-system:readonly\"], \"validFor\": \"1h\"}")
              .body()
              .trim();
      Http mallory = anonymous.withToken(revoked);
      assertThat(mallory.get("/meshes").status()).isEqualTo(200);
      assertThat(
              admin
                  .post(
                      "/tokens/user/revocations",
                      "{\"token\": \"" + revoked + "\", \"reason\": \"left the team\"}")
                  .status())
          .isEqualTo(201);
      Http.Response refused = mallory.get("/meshes");
      assertThat(refused.status()).isEqualTo(401);
      // The caller is told only that the token is not valid; the access audit says why.
      assertThat(refused.json().get("detail").asText()).isEqualTo("The token is not valid");
      assertThat(reader.get("/meshes").status()).isEqualTo(200);
      assertThat(
              admin
                  .get("/audit/events?type=UserTokenRevocation")
                  .json()
                  .get("items")
                  .findValuesAsText("actor"))
          .containsExactly("admin");
      assertThat(reader.post("/tokens/user/revocations", "{\"id\": \"x\"}").status())
          .isEqualTo(403);

      // Every refusal is counted and listed; none became an event.
      assertThat(anonymous.get("/actuator/prometheus").body())
          .containsPattern("meridian_api_denied_total\\{[^}]*reason=\"forbidden\"[^}]*} [1-9]")
          .containsPattern(
              "meridian_api_denied_total\\{[^}]*reason=\"unauthenticated\"[^}]*} [1-9]");
      var access = admin.get("/audit/access").json();
      assertThat(access.get("total").asLong()).isGreaterThanOrEqualTo(9);
      assertThat(access.get("items").findValuesAsText("subject")).contains("rita", "otto");
      assertThat(access.get("items").findValuesAsText("detail")).contains("revoked");
      assertThat(reader.get("/audit/access").status()).isEqualTo(403);
      assertThat(admin.get("/audit/events?name=web-2").json().get("items")).isEmpty();
    }

    // Rebuilt from the log alone, with the same key: the same tokens open the same doors, and the
    // revoked one none.
    try (RunningZone rebuilt = start(zoneName, rebuiltDataDir)) {
      Http reader = new Http(rebuilt.baseUrl()).withToken(readOnly);
      await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> reader.get("/meshes/default/dataplanes/web-3").status() == 200);
      assertThat(
              reader.put("/meshes/default/dataplanes/web-4", DATAPLANE.formatted("web-4")).status())
          .isEqualTo(403);
      assertThat(new Http(rebuilt.baseUrl()).withToken(revoked).get("/meshes").status())
          .isEqualTo(401);
    }
  }

  private static String actorOf(Http http, String name) {
    return http.get("/audit/events?name=" + name).json().get("items").get(0).get("actor").asText();
  }
}
