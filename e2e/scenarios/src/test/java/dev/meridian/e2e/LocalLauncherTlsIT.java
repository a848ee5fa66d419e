package dev.meridian.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.meridian.e2e.support.LauncherLogs;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code MERIDIAN_TLS_ENABLED=true deploy/local/meridian up}: the zone generates its CA in its data
 * folder, and the launcher, a user's HTTPS client and a proxy's bootstrap request all trust it.
 */
class LocalLauncherTlsIT {
  // Ports of their own, below Linux's ephemeral range (see LocalLauncherIT).
  static final int KAFKA_PORT = 27492;
  static final int STRIDE = 4100;
  static final int API_PORT = STRIDE + 5681;
  static final int ADS_PORT = STRIDE + 5678;
  static final String ZONE = "tls-1";
  static final Path REPO = Path.of(System.getProperty("user.dir")).resolve("../..").normalize();
  static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path home;
  static HttpClient https;

  record Result(int exitCode, String output) {}

  @BeforeAll
  static void up() throws Exception {
    Result result = launcher("up", "--standalone", "--zones", ZONE, "--no-build");
    assertThat(result.exitCode()).as(result.output()).isZero();
    assertThat(result.output())
        .contains("API https://127.0.0.1:" + API_PORT)
        .contains("--cacert " + caFile());
    https = HttpClient.newBuilder().sslContext(trusting(caFile())).build();
  }

  @AfterAll
  static void down() throws Exception {
    Result result = launcher("down", "--purge");
    assertThat(result.exitCode()).as(result.output()).isZero();
  }

  static Path caFile() {
    return home.resolve(ZONE).resolve("tls").resolve("ca.crt");
  }

  @Test
  void theZoneServesHttpsTrustedByTheCaInItsDataFolder() throws Exception {
    HttpResponse<String> mesh =
        https.send(
            HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + API_PORT + "/meshes/default"))
                .timeout(Duration.ofSeconds(30))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(mesh.statusCode()).as(mesh.body()).isEqualTo(200);

    Result status = launcher("status");
    assertThat(status.output()).containsPattern(ZONE + "\\s+running\\s+UP");
    assertThat(status.output()).contains("https://127.0.0.1:" + API_PORT);
  }

  @Test
  void aProxyGetsItsBootstrapOverTlsWithTheSameCa() throws Exception {
    HttpResponse<String> put =
        https.send(
            HttpRequest.newBuilder(
                    URI.create("https://127.0.0.1:" + API_PORT + "/meshes/default/dataplanes/dp-1"))
                .header("Content-Type", "application/json")
                .PUT(
                    HttpRequest.BodyPublishers.ofString(
                        """
                        {"type": "Dataplane", "mesh": "default", "name": "dp-1",
                         "networking": {"address": "127.0.0.1",
                           "inbound": [{"port": 20001, "tags": {"kuma.io/service": "web"}}]}}
                        """))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(put.statusCode()).as(put.body()).isEqualTo(201);

    HttpResponse<String> bootstrap =
        https.send(
            HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + ADS_PORT + "/bootstrap"))
                .POST(
                    HttpRequest.BodyPublishers.ofString("{\"mesh\":\"default\",\"name\":\"dp-1\"}"))
                .timeout(Duration.ofSeconds(30))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(bootstrap.statusCode()).as(bootstrap.body()).isEqualTo(200);
    JsonNode tls =
        JSON.readTree(bootstrap.body())
            .at("/staticResources/clusters/0/transportSocket/typedConfig");
    assertThat(tls.at("/commonTlsContext/validationContext/trustedCa/inlineString").asText())
        .isEqualTo(Files.readString(caFile()));
  }

  static SSLContext trusting(Path caFile) throws Exception {
    KeyStore store = KeyStore.getInstance("PKCS12");
    store.load(null, null);
    try (InputStream in = Files.newInputStream(caFile)) {
      store.setCertificateEntry(
          "ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
    }
    TrustManagerFactory factory =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    factory.init(store);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, factory.getTrustManagers(), null);
    return context;
  }

  static Result launcher(String... args) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(REPO.resolve("deploy/local/meridian").toString());
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    Map<String, String> env = builder.environment();
    env.put("MERIDIAN_HOME", home.toString());
    env.put("MERIDIAN_KAFKA_PORT", Integer.toString(KAFKA_PORT));
    env.put("MERIDIAN_KAFKA_CONTROLLER_PORT", Integer.toString(KAFKA_PORT + 1));
    env.put("MERIDIAN_PORT_STRIDE", Integer.toString(STRIDE));
    // The suites run with TLS off (root pom); this test is about the launcher with it on.
    env.put("MERIDIAN_TLS_ENABLED", "true");
    Path output = Files.createTempFile("meridian-launcher-tls", ".log");
    Process process = builder.redirectOutput(output.toFile()).start();
    if (!process.waitFor(5, TimeUnit.MINUTES)) {
      process.destroyForcibly();
      throw new IllegalStateException("launcher did not finish: " + Files.readString(output));
    }
    String text = Files.readString(output, StandardCharsets.UTF_8);
    if (process.exitValue() != 0) {
      text += LauncherLogs.tails(home.resolve("logs"), 40);
    }
    return new Result(process.exitValue(), text);
  }
}
