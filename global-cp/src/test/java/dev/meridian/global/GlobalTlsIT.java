package dev.meridian.global;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

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
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Global's API over HTTPS: a CA generated on first start and kept across restarts, or the
 * certificate files it is given.
 */
class GlobalTlsIT {
  @TempDir Path dataDir;
  @TempDir Path otherDataDir;

  ConfigurableApplicationContext start(Path data, String... extra) {
    List<String> args = new ArrayList<>();
    args.add("--meridian.data-dir=" + data);
    args.add("--meridian.kafka.bootstrap-servers=" + KafkaFixture.shared().bootstrapServers());
    args.add("--server.port=0");
    args.add("--server.address=127.0.0.1");
    args.add("--meridian.tls.enabled=true");
    args.addAll(List.of(extra));
    return new SpringApplicationBuilder(GlobalCpApplication.class).run(args.toArray(String[]::new));
  }

  @Test
  void theGeneratedCaIsKeptAcrossRestartsAndGivenFilesAreServedAsTheyAre() throws Exception {
    Path ca = dataDir.resolve("tls").resolve("ca.crt");
    String firstCa;
    try (ConfigurableApplicationContext global = start(dataDir)) {
      firstCa = Files.readString(ca);
      assertReadyOverHttpsTrusting(global, ca);
    }

    try (ConfigurableApplicationContext again = start(dataDir)) {
      assertThat(Files.readString(ca)).as("the same CA after a restart").isEqualTo(firstCa);
      assertReadyOverHttpsTrusting(again, ca);
    }

    Path tls = dataDir.resolve("tls");
    try (ConfigurableApplicationContext given =
        start(
            otherDataDir,
            "--meridian.tls.cert-file=" + tls.resolve("server.crt"),
            "--meridian.tls.key-file=" + tls.resolve("server.key"))) {
      assertReadyOverHttpsTrusting(given, ca);
      assertThat(otherDataDir.resolve("tls")).as("nothing generated").doesNotExist();
    }
  }

  static void assertReadyOverHttpsTrusting(ConfigurableApplicationContext global, Path caFile)
      throws Exception {
    int port = ((WebServerApplicationContext) global).getWebServer().getPort();
    HttpClient client = HttpClient.newBuilder().sslContext(trusting(caFile)).build();
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                client
                        .send(
                            HttpRequest.newBuilder(
                                    URI.create(
                                        "https://127.0.0.1:" + port + "/actuator/health/readiness"))
                                .build(),
                            HttpResponse.BodyHandlers.ofString())
                        .statusCode()
                    == 200);
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
}
