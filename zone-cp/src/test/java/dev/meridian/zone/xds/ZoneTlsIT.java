package dev.meridian.zone.xds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.util.JsonFormat;
import dev.meridian.testkit.grpc.EchoServers;
import dev.meridian.testkit.grpc.EchoServers.Echo;
import dev.meridian.testkit.grpc.XdsClients;
import dev.meridian.zone.support.RunningZone;
import io.envoyproxy.envoy.config.bootstrap.v3.Bootstrap;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.UpstreamTlsContext;
import io.envoyproxy.envoy.extensions.upstreams.http.v3.HttpProtocolOptions;
import io.grpc.ManagedChannel;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A zone with TLS on, as it starts when nothing else is said: it makes a CA on first start, the API
 * answers HTTPS trusted by that CA alone, and the dataplane server speaks TLS to both its
 * protocols, telling Envoy and gRPC proxies in their bootstraps to trust the same CA.
 */
class ZoneTlsIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String TRUST_STORE = "javax.net.ssl.trustStore";
  private static final String TRUST_STORE_PASSWORD = "javax.net.ssl.trustStorePassword";
  private static final String TRUST_STORE_TYPE = "javax.net.ssl.trustStoreType";

  @TempDir static Path dataDir;
  @TempDir static Path workload;
  static RunningZone zone;
  static HttpClient trustingTheCa;
  static String api;
  static String dataplaneServer;
  static int adsPort;
  static Echo backend;
  static final Map<String, String> savedTrustStore = new HashMap<>();

  @BeforeAll
  static void start() throws Exception {
    zone =
        RunningZone.start(
            "tls-" + UUID.randomUUID().toString().substring(0, 8),
            dataDir,
            Map.of("meridian.tls.enabled", "true", "meridian.dataplane-server.port", "0"));
    adsPort = zone.bean(DataplaneServer.class).port();
    trustingTheCa =
        HttpClient.newBuilder()
            .sslContext(sslTrusting(caFile()))
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    api = "https://127.0.0.1:" + zone.apiPort();
    dataplaneServer = "https://127.0.0.1:" + adsPort;
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> get(api + "/meshes/default").statusCode() == 200);
    backend = EchoServers.start("backend-over-tls");
  }

  @AfterAll
  static void stop() {
    savedTrustStore.forEach(
        (key, value) -> {
          if (value == null) {
            System.clearProperty(key);
          } else {
            System.setProperty(key, value);
          }
        });
    if (zone != null) {
      zone.close();
    }
    if (backend != null) {
      backend.close();
    }
  }

  static Path caFile() {
    return dataDir.resolve("tls").resolve("ca.crt");
  }

  @Test
  void theFirstStartWritesItsCaBesideTheAdminToken() throws Exception {
    assertThat(dataDir.resolve("admin-token")).exists();
    assertThat(caFile()).exists();
    assertThat(
            PosixFilePermissions.toString(
                Files.getPosixFilePermissions(dataDir.resolve("tls").resolve("ca.key"))))
        .isEqualTo("rw-------");
  }

  @Test
  void theApiAndItsActuatorAnswerHttpsTrustedByTheGeneratedCaAlone() throws Exception {
    assertThat(get(api + "/actuator/health/readiness").statusCode()).isEqualTo(200);
    assertThat(get(api + "/actuator/prometheus").body()).contains("cp_info");
    // By name as well as by address: the certificate is valid for localhost.
    assertThat(get("https://localhost:" + zone.apiPort() + "/meshes/default").statusCode())
        .isEqualTo(200);

    // A client that trusts only the JDK's own CAs refuses the certificate.
    KeyStore jdkCas = KeyStore.getInstance(KeyStore.getDefaultType());
    try (InputStream in =
        Files.newInputStream(
            Path.of(System.getProperty("java.home"), "lib", "security", "cacerts"))) {
      jdkCas.load(in, null);
    }
    TrustManagerFactory jdkTrust =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    jdkTrust.init(jdkCas);
    SSLContext usual = SSLContext.getInstance("TLS");
    usual.init(null, jdkTrust.getTrustManagers(), null);
    Throwable untrusted =
        catchThrowable(
            () ->
                HttpClient.newBuilder()
                    .sslContext(usual)
                    .build()
                    .send(
                        HttpRequest.newBuilder(URI.create(api + "/actuator/health")).build(),
                        HttpResponse.BodyHandlers.ofString()));
    assertThat(untrusted).isInstanceOf(SSLHandshakeException.class);
  }

  @Test
  void plainHttpToTheApiIsNotServed() {
    HttpResponse<String> plain = null;
    Throwable failure = null;
    try {
      plain =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(
                          URI.create("http://127.0.0.1:" + zone.apiPort() + "/meshes/default"))
                      .timeout(Duration.ofSeconds(10))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
    } catch (Exception e) {
      failure = e;
    }
    // Tomcat answers a plaintext request on its TLS port with 400 ("requires TLS"), or hangs up.
    if (failure == null) {
      assertThat(plain.statusCode()).isEqualTo(400);
      assertThat(plain.body()).doesNotContain("\"mesh\"");
    } else {
      assertThat(failure).isInstanceOf(IOException.class);
    }
  }

  @Test
  void plaintextToTheDataplaneServerGetsNoBootstrap() throws Exception {
    Throwable failure =
        catchThrowable(
            () ->
                HttpClient.newBuilder()
                    .version(HttpClient.Version.HTTP_1_1)
                    .build()
                    .send(
                        HttpRequest.newBuilder(
                                URI.create("http://127.0.0.1:" + adsPort + "/bootstrap"))
                            .timeout(Duration.ofSeconds(10))
                            .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"x\"}"))
                            .build(),
                        HttpResponse.BodyHandlers.ofString()));
    assertThat(failure).isInstanceOf(IOException.class);
  }

  @Test
  void envoysBootstrapOverTlsTellsItToDialAdsOverTlsTrustingTheCa() throws Exception {
    register("envoy-1", "web", 20001);
    String ca = Files.readString(caFile());

    // As curl would ask: ALPN offers h2 and http/1.1; the bootstrap is HTTP/1.1 all the same.
    HttpResponse<String> response =
        trustingTheCa.send(
            HttpRequest.newBuilder(URI.create(dataplaneServer + "/bootstrap"))
                .header("Content-Type", "application/json")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "{\"mesh\":\"default\",\"name\":\"envoy-1\"}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    JsonNode cluster = JSON.readTree(response.body()).at("/staticResources/clusters/0");
    assertThat(cluster.get("name").asText()).isEqualTo("ads_cluster");
    JsonNode tls = cluster.at("/transportSocket/typedConfig");
    assertThat(tls.at("/commonTlsContext/validationContext/trustedCa/inlineString").asText())
        .isEqualTo(ca);
    assertThat(
            tls.at("/commonTlsContext/validationContext/matchTypedSubjectAltNames/0/matcher/exact")
                .asText())
        .isEqualTo("127.0.0.1");
    // It is an Envoy bootstrap Envoy's own schema accepts, TLS context included.
    Bootstrap.Builder parsed = Bootstrap.newBuilder();
    JsonFormat.parser()
        .usingTypeRegistry(
            JsonFormat.TypeRegistry.newBuilder()
                .add(UpstreamTlsContext.getDescriptor())
                .add(HttpProtocolOptions.getDescriptor())
                .build())
        .merge(response.body(), parsed);
    UpstreamTlsContext context =
        parsed
            .getStaticResources()
            .getClusters(0)
            .getTransportSocket()
            .getTypedConfig()
            .unpack(UpstreamTlsContext.class);
    assertThat(
            context.getCommonTlsContext().getValidationContext().getTrustedCa().getInlineString())
        .isEqualTo(ca);
    assertThat(context.getCommonTlsContext().getAlpnProtocolsList()).containsExactly("h2");
  }

  @Test
  void aGrpcJavaXdsClientGetsItsConfigurationOverTls() throws Exception {
    register("backend-1", "backend", backend.port());
    register("web-1", "web", 19999, "backend");
    Path workloadCa = workload.resolve("ca.crt");
    Files.copy(caFile(), workloadCa);

    HttpResponse<String> response =
        trustingTheCa.send(
            HttpRequest.newBuilder(URI.create(dataplaneServer + "/bootstrap"))
                .header("Content-Type", "application/json")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        """
                        {"mesh": "default", "name": "web-1", "proxyType": "grpc",
                         "caCertificateFile": "%s"}
                        """
                            .formatted(workloadCa)))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    JsonNode creds = JSON.readTree(response.body()).at("/xds_servers/0/channel_creds/0");
    assertThat(creds.get("type").asText()).isEqualTo("tls");
    assertThat(creds.at("/config/ca_certificate_file").asText()).isEqualTo(workloadCa.toString());

    // grpc-java's "tls" channel credentials ignore their config and trust the JVM's trust store:
    // the workload puts the CA there, as ADR 018 says.
    trustOnly(workloadCa);
    @SuppressWarnings("unchecked")
    Map<String, ?> bootstrap = JSON.readValue(response.body(), Map.class);
    ManagedChannel channel = XdsClients.channel("backend", bootstrap);
    try {
      await()
          .atMost(Duration.ofSeconds(30))
          .ignoreExceptions()
          .until(() -> EchoServers.who(channel, 2000).equals("backend-over-tls"));
      JsonNode overview =
          JSON.readTree(get(api + "/meshes/default/dataplanes+insights/web-1").body());
      assertThat(overview.at("/dataplaneInsight/online").asBoolean()).isTrue();
    } finally {
      channel.shutdownNow();
    }
  }

  static void register(String name, String service, int port, String... outbound) throws Exception {
    String outbounds =
        outbound.length == 0
            ? ""
            : ", \"outbound\": [{\"port\": 10001, \"tags\": {\"kuma.io/service\": \""
                + outbound[0]
                + "\"}}]";
    String body =
        """
        {"type": "Dataplane", "mesh": "default", "name": "%s",
         "networking": {"address": "127.0.0.1",
           "inbound": [{"port": %d, "tags": {"kuma.io/service": "%s", "kuma.io/protocol": "grpc"}}]%s}}
        """
            .formatted(name, port, service, outbounds);
    HttpResponse<String> put =
        trustingTheCa.send(
            HttpRequest.newBuilder(URI.create(api + "/meshes/default/dataplanes/" + name))
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(put.statusCode()).as(put.body()).isIn(200, 201);
  }

  static HttpResponse<String> get(String url) throws Exception {
    return trustingTheCa.send(
        HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  static KeyStore trusting(Path caFile) throws Exception {
    KeyStore store = KeyStore.getInstance("PKCS12");
    store.load(null, null);
    try (InputStream in = Files.newInputStream(caFile)) {
      X509Certificate ca =
          (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
      store.setCertificateEntry("meridian-ca", ca);
    }
    return store;
  }

  static SSLContext sslTrusting(Path caFile) throws Exception {
    TrustManagerFactory factory =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    factory.init(trusting(caFile));
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, factory.getTrustManagers(), null);
    return context;
  }

  /** This JVM's default trust store becomes {@code caFile} alone (restored after the tests). */
  static void trustOnly(Path caFile) throws Exception {
    Path store = workload.resolve("truststore.p12");
    try (OutputStream out = Files.newOutputStream(store)) {
      trusting(caFile).store(out, "changeit".toCharArray());
    }
    for (String key : new String[] {TRUST_STORE, TRUST_STORE_PASSWORD, TRUST_STORE_TYPE}) {
      savedTrustStore.putIfAbsent(key, System.getProperty(key));
    }
    System.setProperty(TRUST_STORE, store.toString());
    System.setProperty(TRUST_STORE_PASSWORD, "changeit");
    System.setProperty(TRUST_STORE_TYPE, "PKCS12");
  }
}
