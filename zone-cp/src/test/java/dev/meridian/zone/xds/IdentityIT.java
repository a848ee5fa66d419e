package dev.meridian.zone.xds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.meridian.proxyless.IdentityFiles;
import dev.meridian.testkit.Http;
import dev.meridian.testkit.grpc.XdsClients;
import dev.meridian.zone.support.RunningZone;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Proxy identities from a mesh's builtin CA, through the REST API, the log and the dataplane
 * server: a proxyless workload showing its dataplane token gets a short-lived certificate naming
 * its SPIFFE id, signed by the mesh CA, kept in the directory its certificate provider watches, and
 * replaced before it expires.
 */
class IdentityIT {
  @TempDir static Path dataDir;
  @TempDir static Path workload;
  static RunningZone zone;
  static Http http;
  static int adsPort;

  @BeforeAll
  static void start() {
    zone =
        RunningZone.start(
            "identity-" + UUID.randomUUID().toString().substring(0, 8),
            dataDir,
            Map.of(
                "meridian.dataplane-server.port", "0",
                "meridian.dataplane-server.authentication", "dataplane-token"));
    http = new Http(zone.baseUrl());
    adsPort = zone.bean(DataplaneServer.class).port();
    await().atMost(Duration.ofSeconds(30)).until(() -> http.get("/meshes/default").status() == 200);
    assertThat(
            http.put(
                    "/meshes/secure",
                    """
                    {"type": "Mesh", "name": "secure", "mtls": {"enabledBackend": "ca-1",
                      "backends": [{"name": "ca-1", "type": "builtin",
                                    "dpCert": {"rotation": {"expiration": "6s"}}}]}}
                    """)
                .status())
        .isEqualTo(201);
    for (String mesh : new String[] {"secure", "default"}) {
      assertThat(
              http.put(
                      "/meshes/" + mesh + "/dataplanes/web-1",
                      """
                      {"type": "Dataplane", "mesh": "%s", "name": "web-1",
                       "networking": {"address": "127.0.0.1", "inbound": [{"port": 18080,
                         "tags": {"kuma.io/service": "web", "version": "v1"}}]}}
                      """
                          .formatted(mesh))
                  .status())
          .isEqualTo(201);
    }
  }

  @AfterAll
  static void stop() {
    zone.close();
  }

  static String token(String mesh) {
    Http.Response issued =
        http.post(
            "/tokens/dataplane",
            "{\"mesh\": \"" + mesh + "\", \"name\": \"web-1\", \"validFor\": \"1h\"}");
    assertThat(issued.status()).as(issued.body()).isEqualTo(200);
    return issued.body().trim();
  }

  static X509Certificate read(Path file) throws Exception {
    return (X509Certificate)
        CertificateFactory.getInstance("X.509")
            .generateCertificate(new ByteArrayInputStream(Files.readAllBytes(file)));
  }

  @Test
  void aWorkloadKeepsAFreshIdentitySignedByTheMeshCa() throws Exception {
    // No token, no identity; a mesh without mTLS has none to give.
    assertThat(
            XdsClients.bootstrap(adsPort, "{\"mesh\": \"secure\", \"name\": \"web-1\"}")
                .statusCode())
        .isEqualTo(401);
    Path tokenFile = workload.resolve("token");
    Files.writeString(tokenFile, token("default"));
    {
      var plain = java.net.http.HttpClient.newHttpClient();
      var response =
          plain.send(
              java.net.http.HttpRequest.newBuilder(
                      URI.create("http://127.0.0.1:" + adsPort + "/identity"))
                  .header("Authorization", "Bearer " + Files.readString(tokenFile))
                  .POST(
                      java.net.http.HttpRequest.BodyPublishers.ofString(
                          "{\"mesh\": \"default\", \"name\": \"web-1\"}"))
                  .build(),
              java.net.http.HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).isEqualTo(409);
      assertThat(response.body()).contains("no mTLS backend enabled");
    }

    Files.writeString(tokenFile, token("secure"));
    Path directory = workload.resolve("identity");
    try (IdentityFiles files =
        IdentityFiles.start(
            URI.create("http://127.0.0.1:" + adsPort),
            "secure",
            "web-1",
            tokenFile,
            directory,
            null)) {
      X509Certificate certificate = read(files.certificateFile());
      X509Certificate ca = read(files.caFile());
      certificate.verify(ca.getPublicKey());
      assertThat(certificate.getSubjectAlternativeNames().stream().toList())
          .extracting(san -> (Object) san.get(1))
          .contains("spiffe://secure/web", "kuma://kuma.io/service/web", "kuma://version/v1");
      assertThat(certificate.getNotAfter().toInstant())
          .isBefore(java.time.Instant.now().plusSeconds(7));
      assertThat(Files.getPosixFilePermissions(files.privateKeyFile()))
          .isEqualTo(PosixFilePermissions.fromString("rw-------"));

      // Two thirds into its six seconds, a new certificate replaces it, from the same CA.
      await()
          .atMost(Duration.ofSeconds(15))
          .until(
              () ->
                  !read(files.certificateFile())
                      .getSerialNumber()
                      .equals(certificate.getSerialNumber()));
      X509Certificate renewed = read(files.certificateFile());
      renewed.verify(read(files.caFile()).getPublicKey());
      assertThat(read(files.caFile())).isEqualTo(ca);
    }
  }
}
