package dev.meridian.zone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.meridian.kernel.event.AccessRoleBindingEvent;
import dev.meridian.kernel.event.AccessRoleEvent;
import dev.meridian.kernel.event.DomainEvent;
import dev.meridian.kernel.event.EventEnvelope;
import dev.meridian.kernel.event.LogRecord;
import dev.meridian.kernel.event.LogRecordCodec;
import dev.meridian.kernel.event.MeshEvent;
import dev.meridian.kernel.projection.LogSource;
import dev.meridian.kernel.resource.AccessRoleBindingSpec;
import dev.meridian.kernel.resource.AccessRoleSpec;
import dev.meridian.kernel.resource.MeshSpec;
import dev.meridian.testkit.Http;
import dev.meridian.testkit.TopicReader;
import dev.meridian.zone.support.RunningZone;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A zone in multizone mode honours the access roles written on global: they reach it through the
 * global topic, grant its own users what they say, stop granting once deleted, and cannot be
 * written on the zone itself.
 */
class AccessRolesFromGlobalIT {
  private static final String RUN = UUID.randomUUID().toString().substring(0, 6);
  private static final String MESH = "roles-" + RUN;
  private static final String DATAPLANE =
      """
      {"type": "Dataplane", "mesh": "%s", "name": "%s",
       "networking": {"address": "10.0.0.7",
         "inbound": [{"port": 7000, "tags": {"kuma.io/service": "web"}}]}}
      """;

  @TempDir Path dataDir;
  @TempDir Path keys;

  /** As global writes it: on the global topic, with global's origin. */
  private static void fromGlobal(DomainEvent event, long sequence) {
    LogRecord record =
        new LogRecordCodec()
            .encode(
                new EventEnvelope(
                    UUID.randomUUID().toString(),
                    LogSource.GLOBAL_ORIGIN,
                    event.key().logKey(),
                    sequence,
                    Instant.now(),
                    "admin",
                    List.of("mesh-system:admin"),
                    event));
    ProducerRecord<String, byte[]> out =
        new ProducerRecord<>(LogSource.GLOBAL_TOPIC, record.key(), record.value());
    record.headers().forEach((name, value) -> out.headers().add(name, value));
    TopicReader.write(out);
  }

  @Test
  void aRoleWrittenOnGlobalGrantsAZoneUserItsWrites() throws Exception {
    try (RunningZone zone =
        RunningZone.start(
            "rz-" + RUN,
            dataDir,
            Map.of(
                "meridian.mode", "multizone",
                "meridian.global-control-plane", "http://global.example:5681",
                "meridian.auth.anonymous-localhost", "false",
                "meridian.auth.key-file", keys.resolve("control-plane.key").toString()))) {
      Http anonymous = new Http(zone.baseUrl());
      Http admin = anonymous.withToken(Files.readString(dataDir.resolve("admin-token")).trim());
      // The zone has created the global topic it follows by now.
      fromGlobal(new MeshEvent.MeshCreated(MESH, MeshSpec.empty()), 0);
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> admin.get("/meshes/" + MESH).status() == 200);
      Http bob =
          anonymous.withToken(
              admin
                  .post("/tokens/user", "{\"name\": \"bob-" + RUN + "\", \"validFor\": \"1h\"}")
                  .body()
                  .trim());
      String path = "/meshes/" + MESH + "/dataplanes/";

      Http.Response refused = bob.put(path + "web-1", DATAPLANE.formatted(MESH, "web-1"));
      assertThat(refused.status()).isEqualTo(403);
      assertThat(refused.json().get("detail").asText())
          .contains("CREATE on Dataplane in mesh " + MESH);

      // Global grants bob dataplane writes in the mesh; the zone reads it from the log.
      String role = "dataplanes-" + RUN;
      fromGlobal(
          new AccessRoleEvent.AccessRoleCreated(
              role,
              new AccessRoleSpec(
                  List.of(
                      new AccessRoleSpec.Rule(
                          List.of("Dataplane"), null, MESH, List.of("CREATE", "VIEW"))))),
          0);
      fromGlobal(
          new AccessRoleBindingEvent.AccessRoleBindingCreated(
              role,
              new AccessRoleBindingSpec(
                  List.of(new AccessRoleBindingSpec.Subject("User", "bob-" + RUN)), List.of(role))),
          0);
      await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> admin.get("/access-role-bindings/" + role).status() == 200);
      assertThat(bob.put(path + "web-1", DATAPLANE.formatted(MESH, "web-1")).status())
          .isEqualTo(201);
      assertThat(bob.get(path + "web-1").status()).isEqualTo(200);
      // CREATE only: changing it is an UPDATE the role does not grant.
      assertThat(bob.put(path + "web-1", DATAPLANE.formatted(MESH, "web-1")).status())
          .isEqualTo(403);
      var change = admin.get("/audit/events?name=web-1").json().get("items").get(0);
      assertThat(change.get("actor").asText()).isEqualTo("bob-" + RUN);

      // Roles are global's to write: the zone refuses, even an administrator.
      Http.Response onZone =
          admin.put(
              "/access-roles/local",
              "{\"type\": \"AccessRole\", \"name\": \"local\", \"rules\": [{\"access\":"
                  + " [\"VIEW\"]}]}");
      assertThat(onZone.status()).isEqualTo(405);
      assertThat(onZone.json().get("detail").asText()).contains("global control plane");

      // Global deletes the binding: the zone refuses bob again.
      fromGlobal(new AccessRoleBindingEvent.AccessRoleBindingDeleted(role), 1);
      await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> admin.get("/access-role-bindings/" + role).status() == 404);
      assertThat(bob.put(path + "web-2", DATAPLANE.formatted(MESH, "web-2")).status())
          .isEqualTo(403);
    }
  }
}
