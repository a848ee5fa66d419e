package dev.meridian.zone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.meridian.runtime.mtls.MeshCa;
import dev.meridian.testkit.Http;
import dev.meridian.testkit.TopicReader;
import dev.meridian.zone.support.RunningZone;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A mesh's builtin mTLS CA through the REST API and the real log: Kuma's mtls section is validated
 * with field paths; enabling a builtin backend creates the CA, whose key is on the topic only
 * sealed; a zone rebuilt from the log and the key file has the very same CA.
 */
class MeshCaIT {
  @TempDir Path dataDir;
  @TempDir Path rebuiltDataDir;

  static String mesh(String name, String mtls) {
    return "{\"type\": \"Mesh\", \"name\": \"" + name + "\", \"mtls\": " + mtls + "}";
  }

  @Test
  void aBuiltinBackendGetsACaSealedOnTheLogThatARebuildReadsBack() throws Exception {
    Path keyFile = Files.createTempDirectory("meridian-key").resolve("control-plane.key");
    String zoneName = "ca-" + UUID.randomUUID().toString().substring(0, 8);
    Map<String, String> settings =
        Map.of("meridian.dataplane-server.port", "0", "meridian.auth.key-file", keyFile.toString());
    String mesh = "secure";
    X509Certificate before;
    byte[] caKey;
    try (RunningZone zone = RunningZone.start(zoneName, dataDir, settings)) {
      Http http = new Http(zone.baseUrl());
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> http.get("/meshes/default").status() == 200);

      Http.Response invalid =
          http.put(
              "/meshes/" + mesh,
              mesh(
                  mesh,
                  "{\"enabledBackend\": \"ca-2\", \"backends\": [{\"name\": \"ca-1\", \"type\":"
                      + " \"vault\"}]}"));
      assertThat(invalid.status()).isEqualTo(400);
      assertThat(invalid.json().get("invalid_parameters").findValuesAsText("field"))
          .containsExactlyInAnyOrder("mtls.backends[0].type", "mtls.enabledBackend");
      assertThat(http.get("/meshes/" + mesh).status()).isEqualTo(404);

      String builtin =
          "{\"enabledBackend\": \"ca-1\", \"backends\": [{\"name\": \"ca-1\", \"type\":"
              + " \"builtin\"}]}";
      assertThat(http.put("/meshes/" + mesh, mesh(mesh, builtin)).status()).isEqualTo(201);
      MeshCa.Authority authority = zone.bean(MeshCa.class).authority(mesh, "ca-1").orElseThrow();
      before = authority.certificate();
      assertThat(before.getBasicConstraints()).isZero();
      assertThat(before.getSubjectAlternativeNames())
          .anySatisfy(san -> assertThat(san.get(1)).isEqualTo("spiffe://" + mesh));
      caKey = authority.key().getEncoded();

      // Updating the mesh keeps its CA: a CA is never replaced behind the users' back.
      assertThat(http.put("/meshes/" + mesh, mesh(mesh, builtin)).status()).isEqualTo(200);
      assertThat(zone.bean(MeshCa.class).authority(mesh, "ca-1").orElseThrow().certificate())
          .isEqualTo(before);
    }

    var records = TopicReader.readAll("meridian.zone." + zoneName);
    assertThat(records)
        .anySatisfy(r -> assertThat(r.key()).isEqualTo("secret/secure/secure.ca-builtin-key-ca-1"));
    String b64 = Base64.getEncoder().encodeToString(caKey);
    String hex = HexFormat.of().formatHex(caKey);
    for (ConsumerRecord<String, byte[]> record : records) {
      String text = new String(record.value(), StandardCharsets.ISO_8859_1);
      assertThat(text)
          .doesNotContain("PRIVATE KEY")
          .doesNotContain(b64.substring(0, 40))
          .doesNotContain(hex.substring(0, 40));
    }

    try (RunningZone rebuilt = RunningZone.start(zoneName, rebuiltDataDir, settings)) {
      await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> rebuilt.bean(MeshCa.class).authority(mesh, "ca-1").isPresent());
      MeshCa.Authority again = rebuilt.bean(MeshCa.class).authority(mesh, "ca-1").orElseThrow();
      assertThat(again.certificate()).isEqualTo(before);
      assertThat(again.key().getEncoded()).isEqualTo(caKey);
    }
  }

  @TempDir Path providedDataDir;

  /**
   * A provided backend: the user's CA, given as two Secrets of the mesh through Kuma's Secret API
   * (administrators only, sealed before they are written), is the CA the zone issues from; the
   * control plane's own secrets are never handed out or overwritten.
   */
  @Test
  void aProvidedBackendUsesTheUsersSecrets() throws Exception {
    String zoneName = "provided-" + UUID.randomUUID().toString().substring(0, 8);
    try (RunningZone zone =
        RunningZone.start(
            zoneName, providedDataDir, Map.of("meridian.dataplane-server.port", "0"))) {
      Http http = new Http(zone.baseUrl());
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> http.get("/meshes/default").status() == 200);
      var pair = dev.meridian.runtime.pki.Pki.newKeyPair();
      java.time.Instant now = java.time.Instant.now();
      X509Certificate ca =
          dev.meridian.runtime.pki.Pki.ca(
              "CN=Users CA", pair, now, now.plus(Duration.ofDays(30)), java.util.List.of());
      String certPem = dev.meridian.runtime.tls.Pem.certificates(java.util.List.of(ca));
      String keyPem = dev.meridian.runtime.tls.Pem.privateKey(pair.getPrivate());
      Base64.Encoder b64 = Base64.getEncoder();

      Http.Response bad =
          http.put(
              "/meshes/default/secrets/users-ca-cert",
              "{\"type\": \"Secret\", \"mesh\": \"default\", \"name\": \"users-ca-cert\","
                  + " \"data\": \"not base64!\"}");
      assertThat(bad.status()).isEqualTo(400);
      assertThat(bad.json().get("invalid_parameters").findValuesAsText("field"))
          .containsExactly("data");
      for (var secret : Map.of("users-ca-cert", certPem, "users-ca-key", keyPem).entrySet()) {
        assertThat(
                http.put(
                        "/meshes/default/secrets/" + secret.getKey(),
                        "{\"type\": \"Secret\", \"mesh\": \"default\", \"name\": \""
                            + secret.getKey()
                            + "\", \"data\": \""
                            + b64.encodeToString(
                                secret.getValue().getBytes(StandardCharsets.US_ASCII))
                            + "\"}")
                    .status())
            .isEqualTo(201);
      }
      assertThat(http.get("/meshes/default/secrets/users-ca-cert").json().get("data").asText())
          .isEqualTo(b64.encodeToString(certPem.getBytes(StandardCharsets.US_ASCII)));
      // The control plane's own: listed, never handed out, never overwritten.
      String signingKey = "dataplane-token-signing-key-default-1";
      assertThat(http.get("/meshes/default/secrets").json().get("items").findValuesAsText("name"))
          .contains(signingKey, "users-ca-cert", "users-ca-key");
      assertThat(http.get("/meshes/default/secrets/" + signingKey).status()).isEqualTo(403);
      assertThat(
              http.put(
                      "/meshes/default/secrets/" + signingKey,
                      "{\"type\": \"Secret\", \"data\": \"eA==\"}")
                  .status())
          .isEqualTo(400);
      // Read-only users read everything else, not secrets.
      String readOnly =
          http.post(
                  "/tokens/user",
                  "{\"name\": \"rita\", \"groups\": [\"mesh-system:readonly\"], \"validFor\":"
                      + " \"1h\"}")
              .body()
              .trim();
      assertThat(http.withToken(readOnly).get("/meshes/default").status()).isEqualTo(200);
      assertThat(http.withToken(readOnly).get("/meshes/default/secrets/users-ca-key").status())
          .isEqualTo(403);

      assertThat(
              http.put(
                      "/meshes/default",
                      mesh(
                          "default",
                          "{\"enabledBackend\": \"users\", \"backends\": [{\"name\": \"users\","
                              + " \"type\": \"provided\", \"conf\": {\"cert\": {\"secret\":"
                              + " \"users-ca-cert\"}, \"key\": {\"secret\": \"users-ca-key\"}}}]}"))
                  .status())
          .isEqualTo(200);
      MeshCa.Authority authority =
          zone.bean(MeshCa.class).authority("default", "users").orElseThrow();
      assertThat(authority.certificate()).isEqualTo(ca);
      assertThat(authority.key().getEncoded()).isEqualTo(pair.getPrivate().getEncoded());

      String keyB64 = b64.encodeToString(keyPem.getBytes(StandardCharsets.US_ASCII));
      for (ConsumerRecord<String, byte[]> record : TopicReader.readAll(zone.topic())) {
        String text = new String(record.value(), StandardCharsets.ISO_8859_1);
        assertThat(text).doesNotContain("PRIVATE KEY").doesNotContain(keyB64.substring(0, 40));
      }
    }
  }
}
