package dev.meridian.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meridian.e2e.support.ControlPlaneProcess;
import dev.meridian.e2e.support.CtlProcess;
import dev.meridian.testkit.KafkaFixture;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * meridianctl against a zone run as packaged: HTTPS with its generated CA and a token required for
 * every call. A context with the CA and the admin token works; without the token, with a read-only
 * token for a write, or without the CA, the user reads why in one {@code Error:} line, exit 1.
 */
class MeridianctlTlsIT {
  @TempDir static Path work;
  static ControlPlaneProcess zone;
  static CtlProcess ctl;
  static Path dataDir;

  @BeforeAll
  static void up() throws Exception {
    dataDir = work.resolve("zone");
    Map<String, String> settings = new LinkedHashMap<>();
    settings.put("meridian.zone", "cli-tls-zone");
    settings.put("meridian.mode", "standalone");
    settings.put("meridian.data-dir", dataDir.toString());
    settings.put("meridian.kafka.bootstrap-servers", KafkaFixture.shared().bootstrapServers());
    settings.put(
        "meridian.dataplane-server.port", Integer.toString(ControlPlaneProcess.freePort()));
    settings.put("meridian.tls.enabled", "true");
    settings.put("meridian.auth.anonymous-localhost", "false");
    zone =
        ControlPlaneProcess.start(
            "cli-tls-zone",
            ControlPlaneProcess.zoneJar(),
            settings,
            Files.createDirectories(Path.of("target", "meridianctl-it")),
            MeridianctlTlsIT::readyOverHttps);
    ctl = new CtlProcess(work).env("MERIDIANCTL_CONFIG", work.resolve("ctl-config").toString());
  }

  @AfterAll
  static void down() {
    if (zone != null) {
      zone.close();
    }
  }

  static String address() {
    return "https://127.0.0.1:" + zone.apiPort();
  }

  static Path ca() {
    return dataDir.resolve("tls").resolve("ca.crt");
  }

  static void context(String name, String... flags) {
    String[] args = new String[8 + flags.length];
    System.arraycopy(
        new String[] {
          "config", "control-planes", "add", "--name", name, "--address", address(), "--overwrite"
        },
        0,
        args,
        0,
        8);
    System.arraycopy(flags, 0, args, 8, flags.length);
    CtlProcess.Result added = ctl.run(args);
    assertThat(added.exitCode()).as(added.toString()).isZero();
  }

  @Test
  void withTheCaAndATokenCommandsWorkAndRefusalsReadAsErrors() throws Exception {
    context(
        "admin",
        "--ca-cert-file",
        ca().toString(),
        "--auth-token-file",
        dataDir.resolve("admin-token").toString());
    CtlProcess.Result meshes = ctl.run("get", "meshes");
    assertThat(meshes.exitCode()).as(meshes.toString()).isZero();
    assertThat(meshes.out()).startsWith("NAME ").contains("\ndefault ");
    CtlProcess.Result applied = ctl.runWithInput("type: Mesh\nname: vault\n", "apply", "-f", "-");
    assertThat(applied.out()).isEqualTo("Mesh \"vault\" created\n");
    assertThat(ctl.run("history", "--type", "Mesh", "--name", "vault").out())
        .containsPattern("admin\\s+CREATE\\s+Mesh\\s+vault\\n");

    // A read-only token, issued by the admin through the API.
    String readOnly =
        post(
            "/tokens/user",
            "{\"name\": \"rita\", \"groups\": [\"mesh-system:readonly\"], \"validFor\": \"1h\"}");
    Path ritaToken = Files.writeString(work.resolve("rita-token"), readOnly);
    context("rita", "--ca-cert-file", ca().toString(), "--auth-token-file", ritaToken.toString());
    assertThat(ctl.run("get", "mesh", "vault").exitCode()).isZero();
    CtlProcess.Result refused = ctl.run("delete", "mesh", "vault");
    assertThat(refused.exitCode()).isEqualTo(1);
    assertThat(refused.err())
        .startsWith("Error: Forbidden ('rita' lacks the permission")
        .doesNotContain("Exception");
    assertThat(refused.err().lines()).hasSizeLessThanOrEqualTo(3);

    context("nobody", "--ca-cert-file", ca().toString());
    CtlProcess.Result unauthenticated = ctl.run("get", "meshes");
    assertThat(unauthenticated.exitCode()).isEqualTo(1);
    assertThat(unauthenticated.err())
        .startsWith("Error: Unauthorized (")
        .doesNotContain("Exception");

    context("untrusted", "--auth-token-file", dataDir.resolve("admin-token").toString());
    CtlProcess.Result untrusted = ctl.run("get", "meshes");
    assertThat(untrusted.exitCode()).isEqualTo(1);
    assertThat(untrusted.err())
        .startsWith("Error: could not reach the control plane at " + address() + ": ")
        .doesNotContain("\tat ");
  }

  /** {@code POST path} as the admin, over HTTPS trusting the zone's CA. */
  static String post(String path, String body) throws Exception {
    HttpResponse<String> response =
        client()
            .send(
                HttpRequest.newBuilder(URI.create(address() + path))
                    .header(
                        "Authorization",
                        "Bearer " + Files.readString(dataDir.resolve("admin-token")).trim())
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isBetween(200, 201);
    return response.body().trim();
  }

  static boolean readyOverHttps(int port) throws Exception {
    if (!Files.exists(ca())) {
      return false;
    }
    HttpResponse<String> response =
        client()
            .send(
                HttpRequest.newBuilder(
                        URI.create("https://127.0.0.1:" + port + "/actuator/health/readiness"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    return response.statusCode() == 200;
  }

  static HttpClient client() throws Exception {
    KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
    trust.load(null, null);
    try (InputStream in = Files.newInputStream(ca())) {
      trust.setCertificateEntry(
          "ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
    }
    TrustManagerFactory factory =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    factory.init(trust);
    SSLContext tls = SSLContext.getInstance("TLS");
    tls.init(null, factory.getTrustManagers(), null);
    return HttpClient.newBuilder().sslContext(tls).build();
  }
}
