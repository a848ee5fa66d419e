package dev.meridian.global;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.meridian.kernel.event.LogRecordCodec;
import dev.meridian.kernel.projection.LogSource;
import dev.meridian.kernel.resource.ResourceKey;
import dev.meridian.testkit.Http;
import dev.meridian.testkit.KafkaFixture;
import dev.meridian.testkit.TopicReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Access roles kept on the log, on the control plane that writes them: a binding written here
 * grants a user token a write it was refused, deleting it refuses the write again, and both are
 * events on {@code meridian.global} with their actor.
 */
class AccessRolesIT {
  private static final String RUN = UUID.randomUUID().toString().substring(0, 6);

  @TempDir Path dataDir;

  private static String timeout(String name) {
    return """
        {"type": "MeshTimeout", "mesh": "default", "name": "%s", "spec": {
          "targetRef": {"kind": "Mesh"},
          "to": [{"targetRef": {"kind": "Mesh"}, "default": {"idleTimeout": "1s"}}]}}
        """
        .formatted(name);
  }

  @Test
  void aBindingOnTheLogGrantsAWriteAndItsDeletionTakesItBack() throws Exception {
    try (ConfigurableApplicationContext global =
        new SpringApplicationBuilder(GlobalCpApplication.class)
            .run(
                "--meridian.data-dir=" + dataDir,
                "--meridian.kafka.bootstrap-servers=" + KafkaFixture.shared().bootstrapServers(),
                "--meridian.auth.anonymous-localhost=false",
                "--meridian.auth.key-file=" + dataDir.resolve("control-plane.key"),
                "--server.port=0",
                "--server.address=127.0.0.1")) {
      int port = ((WebServerApplicationContext) global).getWebServer().getPort();
      Http anonymous = new Http("http://127.0.0.1:" + port);
      Http admin = anonymous.withToken(Files.readString(dataDir.resolve("admin-token")).trim());
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> admin.get("/meshes/default").status() == 200);
      Http alice =
          anonymous.withToken(
              admin
                  .post(
                      "/tokens/user",
                      "{\"name\": \"alice\", \"groups\": [\"team-"
                          + RUN
                          + "\"], \"validFor\": \"1h\"}")
                  .body()
                  .trim());

      // Before any binding: refused, naming the permission in a role's terms; nothing written.
      Http.Response refused = alice.put("/meshes/default/meshtimeouts/t1", timeout("t1"));
      assertThat(refused.status()).isEqualTo(403);
      assertThat(refused.json().get("detail").asText())
          .contains("'alice' lacks the permission: CREATE on MeshTimeout in mesh default");
      assertThat(admin.get("/meshes/default/meshtimeouts/t1").status()).isEqualTo(404);
      // Disabling a zone is the administrators' (or a role's granting it on Zone).
      Http.Response zoneRefused =
          alice.put(
              "/zones/zone-x", "{\"type\": \"Zone\", \"name\": \"zone-x\", \"enabled\": false}");
      assertThat(zoneRefused.status()).isEqualTo(403);
      assertThat(zoneRefused.json().get("detail").asText()).contains("CREATE on Zone");
      assertThat(anonymous.get("/global-insights").status()).isEqualTo(401);

      // Bad roles and bindings are answered with field paths and change nothing.
      Http.Response invalid =
          admin.put(
              "/access-roles/bad",
              "{\"type\": \"AccessRole\", \"name\": \"bad\", \"rules\": [{\"types\":"
                  + " [\"NoSuchType\"], \"access\": [\"READ\"]}]}");
      assertThat(invalid.status()).isEqualTo(400);
      assertThat(invalid.json().get("invalid_parameters").findValuesAsText("field"))
          .containsExactly("rules[0].access[0]", "rules[0].types[0]");
      Http.Response badBinding =
          admin.put(
              "/access-role-bindings/bad",
              "{\"type\": \"AccessRoleBinding\", \"name\": \"bad\", \"subjects\": [{\"type\":"
                  + " \"Team\", \"name\": \"x\"}], \"roles\": []}");
      assertThat(badBinding.status()).isEqualTo(400);
      assertThat(badBinding.json().get("invalid_parameters").findValuesAsText("field"))
          .containsExactly("subjects[0].type", "roles");
      assertThat(admin.get("/access-roles/bad").status()).isEqualTo(404);

      // An administrator writes a role for MeshTimeouts in mesh default and binds it to the group.
      assertThat(
              admin
                  .put(
                      "/access-roles/timeouts-" + RUN,
                      "{\"type\": \"AccessRole\", \"name\": \"timeouts-"
                          + RUN
                          + "\", \"rules\": [{\"types\": [\"MeshTimeout\"], \"mesh\":"
                          + " \"default\", \"access\": [\"CREATE\", \"UPDATE\", \"VIEW\"]}]}")
                  .status())
          .isEqualTo(201);
      String binding = "team-timeouts-" + RUN;
      assertThat(
              admin
                  .put(
                      "/access-role-bindings/" + binding,
                      "{\"type\": \"AccessRoleBinding\", \"name\": \""
                          + binding
                          + "\", \"subjects\": [{\"type\": \"Group\", \"name\": \"team-"
                          + RUN
                          + "\"}], \"roles\": [\"timeouts-"
                          + RUN
                          + "\"]}")
                  .status())
          .isEqualTo(201);
      assertThat(admin.get("/access-role-bindings").json().get("items").findValuesAsText("name"))
          .contains(binding);

      // Now the write is allowed, and the audit names alice with her groups.
      assertThat(alice.put("/meshes/default/meshtimeouts/t1", timeout("t1")).status())
          .isEqualTo(201);
      var change = admin.get("/audit/events?name=t1").json().get("items").get(0);
      assertThat(change.get("actor").asText()).isEqualTo("alice");
      assertThat(change.get("actorGroups").get(0).asText()).isEqualTo("team-" + RUN);
      var byGroup = admin.get("/audit/events?actorGroup=team-" + RUN).json().get("items");
      assertThat(byGroup).hasSize(1);
      assertThat(byGroup.get(0).get("name").asText()).isEqualTo("t1");
      // What the role does not grant stays refused: other kinds, and roles themselves.
      assertThat(alice.put("/access-role-bindings/mine", "{}").status()).isEqualTo(403);
      assertThat(alice.delete("/meshes/default/meshtimeouts/t1").status()).isEqualTo(403);

      // The binding is an event on the global topic, which every zone follows.
      var records =
          TopicReader.readKey(
              LogSource.GLOBAL_TOPIC, ResourceKey.accessRoleBinding(binding).logKey());
      assertThat(records).hasSize(1);
      assertThat(
              new String(
                  records.get(0).headers().lastHeader(LogRecordCodec.ACTOR).value(),
                  StandardCharsets.UTF_8))
          .isEqualTo("admin");

      // Deleted: refused again.
      assertThat(admin.delete("/access-role-bindings/" + binding).status()).isEqualTo(200);
      Http.Response again = alice.put("/meshes/default/meshtimeouts/t2", timeout("t2"));
      assertThat(again.status()).isEqualTo(403);
      assertThat(admin.get("/meshes/default/meshtimeouts/t2").status()).isEqualTo(404);
      assertThat(admin.get("/audit/access").json().get("items").findValuesAsText("subject"))
          .contains("alice");
    }
  }

  @TempDir Path rebuiltDataDir;

  private ConfigurableApplicationContext startGlobal(Path data, Path keyFile) {
    return new SpringApplicationBuilder(GlobalCpApplication.class)
        .run(
            "--meridian.data-dir=" + data,
            "--meridian.kafka.bootstrap-servers=" + KafkaFixture.shared().bootstrapServers(),
            "--meridian.auth.anonymous-localhost=false",
            "--meridian.auth.key-file=" + keyFile,
            "--server.port=0",
            "--server.address=127.0.0.1");
  }

  /**
   * A global whose data folder is lost, started again from the log and the key file alone, accepts
   * the same user tokens, honours the same roles and refuses the same revoked token.
   */
  @Test
  void aGlobalRebuiltFromTheLogAndItsKeyHonoursTheSameTokensAndRoles() throws Exception {
    Path keyFile = dataDir.resolve("rebuild.key");
    String group = "rebuilt-" + RUN;
    String bob;
    String revoked;
    try (ConfigurableApplicationContext global = startGlobal(dataDir, keyFile)) {
      Http anonymous =
          new Http(
              "http://127.0.0.1"
                  + ":"
                  + ((WebServerApplicationContext) global).getWebServer().getPort());
      Http admin = anonymous.withToken(Files.readString(dataDir.resolve("admin-token")).trim());
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> admin.get("/meshes/default").status() == 200);
      String role = "rebuilt-timeouts-" + RUN;
      assertThat(
              admin
                  .put(
                      "/access-roles/" + role,
                      "{\"type\": \"AccessRole\", \"name\": \""
                          + role
                          + "\", \"rules\": [{\"types\": [\"MeshTimeout\"], \"access\":"
                          + " [\"CREATE\", \"UPDATE\", \"VIEW\"]}]}")
                  .status())
          .isEqualTo(201);
      assertThat(
              admin
                  .put(
                      "/access-role-bindings/" + role,
                      "{\"type\": \"AccessRoleBinding\", \"name\": \""
                          + role
                          + "\", \"subjects\": [{\"type\": \"Group\", \"name\": \""
                          + group
                          + "\"}], \"roles\": [\""
                          + role
                          + "\"]}")
                  .status())
          .isEqualTo(201);
      String issue = "{\"name\": \"bob\", \"groups\": [\"" + group + "\"], \"validFor\": \"1h\"}";
      bob = admin.post("/tokens/user", issue).body().trim();
      revoked = admin.post("/tokens/user", issue).body().trim();
      assertThat(
              admin.post("/tokens/user/revocations", "{\"token\": \"" + revoked + "\"}").status())
          .isEqualTo(201);
      assertThat(
              anonymous
                  .withToken(bob)
                  .put("/meshes/default/meshtimeouts/r1-" + RUN, timeout("r1-" + RUN))
                  .status())
          .isEqualTo(201);
    }

    try (ConfigurableApplicationContext rebuilt = startGlobal(rebuiltDataDir, keyFile)) {
      Http anonymous =
          new Http(
              "http://127.0.0.1"
                  + ":"
                  + ((WebServerApplicationContext) rebuilt).getWebServer().getPort());
      Http asBob = anonymous.withToken(bob);
      await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> asBob.get("/meshes/default/meshtimeouts/r1-" + RUN).status() == 200);
      assertThat(asBob.put("/meshes/default/meshtimeouts/r2-" + RUN, timeout("r2-" + RUN)).status())
          .isEqualTo(201);
      assertThat(asBob.put("/meshes/default/meshretries/r3", "{}").status()).isEqualTo(403);
      assertThat(anonymous.withToken(revoked).get("/meshes").status()).isEqualTo(401);
    }
  }
}
