package dev.meridian.zone.xds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.meridian.testkit.grpc.EchoServers;
import dev.meridian.testkit.grpc.EchoServers.Echo;
import dev.meridian.testkit.grpc.XdsClients;
import dev.meridian.zone.support.RunningZone;
import io.grpc.ManagedChannel;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The zone as production runs it: TLS on and dataplane tokens required. A grpc-java workload with
 * {@code meridian-proxyless-credentials} on its class path shows its token and trusts the zone's CA
 * from the file its bootstrap names — the JVM's trust store is left alone.
 */
class TlsWithDataplaneTokensIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir static Path dataDir;
  @TempDir static Path workload;
  static RunningZone zone;
  static HttpClient trustingTheCa;
  static String api;
  static int adsPort;
  static Echo backend;

  @BeforeAll
  static void start() throws Exception {
    zone =
        RunningZone.start(
            "tls-tokens-" + UUID.randomUUID().toString().substring(0, 8),
            dataDir,
            Map.of(
                "meridian.tls.enabled", "true",
                "meridian.dataplane-server.port", "0",
                "meridian.dataplane-server.authentication", "dataplane-token"));
    adsPort = zone.bean(DataplaneServer.class).port();
    trustingTheCa =
        HttpClient.newBuilder()
            .sslContext(ZoneTlsIT.sslTrusting(dataDir.resolve("tls").resolve("ca.crt")))
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    api = "https://127.0.0.1:" + zone.apiPort();
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> send("GET", api + "/meshes/default", null).statusCode() == 200);
    backend = EchoServers.start("backend-tls-token");
  }

  @AfterAll
  static void stop() {
    if (zone != null) {
      zone.close();
    }
    if (backend != null) {
      backend.close();
    }
  }

  static HttpResponse<String> send(String method, String url, String body) throws Exception {
    return trustingTheCa.send(
        HttpRequest.newBuilder(URI.create(url))
            .header("Content-Type", "application/json")
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  static void register(String name, String service, int port, String outbound) throws Exception {
    String outbounds =
        outbound == null
            ? ""
            : ", \"outbound\": [{\"port\": 10001, \"tags\": {\"kuma.io/service\": \""
                + outbound
                + "\"}}]";
    String body =
        """
        {"type": "Dataplane", "mesh": "default", "name": "%s",
         "networking": {"address": "127.0.0.1",
           "inbound": [{"port": %d, "tags": {"kuma.io/service": "%s", "kuma.io/protocol": "grpc"}}]%s}}
        """
            .formatted(name, port, service, outbounds);
    assertThat(send("PUT", api + "/meshes/default/dataplanes/" + name, body).statusCode())
        .isEqualTo(201);
  }

  @Test
  void aWorkloadShowsItsTokenOverTlsTrustingTheCaFromItsBootstrap() throws Exception {
    register("backend-1", "backend", backend.port(), null);
    register("web-1", "web", 19999, "backend");
    Path ca = workload.resolve("ca.crt");
    Files.copy(dataDir.resolve("tls").resolve("ca.crt"), ca);
    HttpResponse<String> issued =
        send(
            "POST",
            api + "/tokens/dataplane",
            "{\"mesh\": \"default\", \"name\": \"web-1\", \"validFor\": \"1h\"}");
    assertThat(issued.statusCode()).as(issued.body()).isEqualTo(200);
    Path tokenFile = workload.resolve("token");
    Files.writeString(tokenFile, issued.body());

    String dataplaneServer = "https://127.0.0.1:" + adsPort + "/bootstrap";
    HttpResponse<String> refused =
        send("POST", dataplaneServer, "{\"mesh\": \"default\", \"name\": \"web-1\"}");
    assertThat(refused.statusCode()).isEqualTo(401);
    HttpResponse<String> response =
        send(
            "POST",
            dataplaneServer,
            """
            {"mesh": "default", "name": "web-1", "proxyType": "grpc",
             "dataplaneToken": "%s", "dataplaneTokenPath": "%s", "caCertificateFile": "%s"}
            """
                .formatted(issued.body().trim(), tokenFile, ca));
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    JsonNode creds = JSON.readTree(response.body()).at("/xds_servers/0/channel_creds/0");
    assertThat(creds.get("type").asText()).isEqualTo("meridian_dataplane_token");
    assertThat(creds.at("/config/token_file").asText()).isEqualTo(tokenFile.toString());
    assertThat(creds.at("/config/ca_certificate_file").asText()).isEqualTo(ca.toString());

    @SuppressWarnings("unchecked")
    Map<String, ?> bootstrap = JSON.readValue(response.body(), Map.class);
    ManagedChannel channel = XdsClients.channel("backend", bootstrap);
    try {
      await()
          .atMost(Duration.ofSeconds(30))
          .ignoreExceptions()
          .until(() -> EchoServers.who(channel, 2000).equals("backend-tls-token"));
    } finally {
      channel.shutdownNow();
    }
  }
}
