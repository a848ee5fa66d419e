package dev.meridian.zone.xds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.meridian.runtime.tls.Pem;
import dev.meridian.testkit.Http;
import dev.meridian.testkit.grpc.EnvoyAds;
import dev.meridian.zone.support.RunningZone;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.Secret;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A zone rebuilt from the log alone (and its key file) serves an Envoy proxy of an mTLS mesh the
 * same listeners and clusters, version for version. Its identity certificate is a new one — proxy
 * keys are never written anywhere — issued by the same mesh CA, which the log kept sealed.
 */
class EnvoyMtlsRebuildIT {
  @TempDir Path firstDataDir;
  @TempDir Path rebuiltDataDir;
  RunningZone zone;

  @AfterEach
  void stop() {
    if (zone != null) {
      zone.close();
    }
  }

  @Test
  void aRebuiltZoneServesTheSameConfigAndCertificatesFromTheSameCa() throws Exception {
    Path keyFile = Files.createTempDirectory("meridian-key").resolve("control-plane.key");
    String name = "mtls-rebuild-" + UUID.randomUUID().toString().substring(0, 8);
    Map<String, String> settings =
        Map.of("meridian.dataplane-server.port", "0", "meridian.auth.key-file", keyFile.toString());
    zone = RunningZone.start(name, firstDataDir, settings);
    Http http = new Http(zone.baseUrl());
    await().atMost(Duration.ofSeconds(30)).until(() -> http.get("/meshes/default").status() == 200);
    assertThat(http.put("/meshes/secure", EnvoyMtlsIT.mesh("STRICT")).status()).isEqualTo(201);
    EnvoyMtlsIT.register(http, "backend-1", "backend", 8080, null);
    EnvoyMtlsIT.register(http, "web-1", "web", 8081, "backend");
    Served before = served(zone, "web-1");
    zone.close();

    zone = RunningZone.start(name, rebuiltDataDir, settings);
    Http rebuilt = new Http(zone.baseUrl());
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> rebuilt.get("/actuator/health/readiness").status() == 200);
    Served after = served(zone, "web-1");

    assertThat(after.listeners()).isEqualTo(before.listeners());
    assertThat(after.clusters()).isEqualTo(before.clusters());
    assertThat(after.identity().getSerialNumber())
        .isNotEqualTo(before.identity().getSerialNumber());
    assertThat(after.ca()).isEqualTo(before.ca());
    after.identity().verify(after.ca().getPublicKey());
  }

  record Served(String listeners, String clusters, X509Certificate identity, X509Certificate ca) {}

  /** What an Envoy proxy of {@code dataplane} is served, once its config is complete. */
  static Served served(RunningZone zone, String dataplane) {
    int adsPort = zone.bean(DataplaneServer.class).port();
    try (EnvoyAds proxy = new EnvoyAds(adsPort, "secure", dataplane)) {
      EnvoyMtlsIT.awaitInbound(proxy, 8081);
      EnvoyMtlsIT.awaitCluster(proxy, "backend");
      Map<String, Secret> secrets = EnvoyMtlsIT.awaitSecrets(proxy);
      List<X509Certificate> ca =
          Pem.parseCertificates(
              secrets
                  .get("mesh_ca:secret:secure")
                  .getValidationContext()
                  .getTrustedCa()
                  .getInlineBytes()
                  .toStringUtf8());
      return new Served(
          proxy.latest(EnvoyAds.LISTENERS).orElseThrow().getVersionInfo(),
          proxy.latest(EnvoyAds.CLUSTERS).orElseThrow().getVersionInfo(),
          EnvoyMtlsIT.identity(secrets),
          ca.get(0));
    }
  }
}
