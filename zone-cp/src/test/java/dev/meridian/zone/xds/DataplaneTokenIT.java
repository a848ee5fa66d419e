package dev.meridian.zone.xds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.meridian.kernel.auth.DataplaneTokens;
import dev.meridian.kernel.projection.Projection;
import dev.meridian.kernel.resource.ResourceKind;
import dev.meridian.runtime.secret.Secrets;
import dev.meridian.runtime.security.AccessDenials;
import dev.meridian.testkit.Http;
import dev.meridian.testkit.TopicReader;
import dev.meridian.testkit.grpc.EchoServers;
import dev.meridian.testkit.grpc.EchoServers.Echo;
import dev.meridian.testkit.grpc.XdsClients;
import dev.meridian.zone.support.RunningZone;
import io.envoyproxy.envoy.config.core.v3.Node;
import io.envoyproxy.envoy.service.discovery.v3.AggregatedDiscoveryServiceGrpc;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryRequest;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryResponse;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Dataplane tokens end to end, with grpc-java's own xDS client and a real broker: without a token a
 * proxy gets no config, a token of another dataplane is refused, the right token brings traffic,
 * and a revoked, expired or rotated-out token is refused on the next stream. A zone rebuilt from
 * the log with the same key file accepts and refuses the same tokens.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DataplaneTokenIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir static Path dataDir;
  @TempDir static Path rebuiltDataDir;
  @TempDir static Path workload;
  static Path keyFile;
  static String zoneName;
  static RunningZone zone;
  static Http http;
  static int adsPort;
  static Echo backend;

  static Map<String, String> settings(Path data) {
    return Map.of(
        "meridian.dataplane-server.port", "0",
        "meridian.dataplane-server.authentication", "dataplane-token",
        "meridian.auth.key-file", keyFile.toString(),
        "meridian.auth.dataplane-token-rotation-grace", "3s");
  }

  @BeforeAll
  static void start() throws IOException {
    keyFile = Files.createTempDirectory("meridian-key").resolve("control-plane.key");
    zoneName = "tokens-" + UUID.randomUUID().toString().substring(0, 8);
    zone = RunningZone.start(zoneName, dataDir, settings(dataDir));
    http = new Http(zone.baseUrl());
    adsPort = zone.bean(DataplaneServer.class).port();
    await().atMost(Duration.ofSeconds(30)).until(() -> http.get("/meshes/default").status() == 200);
    backend = EchoServers.start("backend");
    assertThat(
            http.put(
                    "/meshes/default/dataplanes/backend-1",
                    """
                    {"type": "Dataplane", "mesh": "default", "name": "backend-1",
                     "networking": {"address": "127.0.0.1", "inbound": [{"port": %d,
                       "tags": {"kuma.io/service": "backend", "kuma.io/protocol": "grpc"}}]}}
                    """
                        .formatted(backend.port()))
                .status())
        .isEqualTo(201);
    for (String web : List.of("web-1", "web-2")) {
      assertThat(
              http.put(
                      "/meshes/default/dataplanes/" + web,
                      """
                      {"type": "Dataplane", "mesh": "default", "name": "%s",
                       "networking": {"address": "127.0.0.1",
                         "inbound": [{"port": 19999, "tags": {"kuma.io/service": "web"}}],
                         "outbound": [{"port": 10001, "tags": {"kuma.io/service": "backend"}}]}}
                      """
                          .formatted(web))
                  .status())
          .isEqualTo(201);
    }
  }

  @AfterAll
  static void stop() {
    if (zone != null) {
      zone.close();
    }
    backend.close();
  }

  static String token(String body) {
    Http.Response response = http.post("/tokens/dataplane", body);
    assertThat(response.status()).as(response.body()).isEqualTo(200);
    return response.body();
  }

  static HttpResponse<String> bootstrap(String name, String token) {
    String credentials = token == null ? "" : ",\"dataplaneToken\":\"" + token + "\"";
    return XdsClients.bootstrap(
        adsPort,
        "{\"mesh\":\"default\",\"name\":\""
            + name
            + "\",\"proxyType\":\"grpc\""
            + credentials
            + "}");
  }

  /** A proxyless client of {@code name} whose bootstrap says to show {@code token}. */
  @SuppressWarnings("unchecked")
  static ManagedChannel client(String name, String token) throws IOException {
    return XdsClients.channel("backend", clientBootstrap(name, token));
  }

  /** The bootstrap such a client starts from (fetched now, used later: a restart's view). */
  @SuppressWarnings("unchecked")
  static Map<String, Object> clientBootstrap(String name, String token) throws IOException {
    Path tokenFile = workload.resolve(name + "-" + UUID.randomUUID() + ".token");
    Files.writeString(tokenFile, token);
    Map<String, Object> bootstrap = JSON.readValue(bootstrap(name, token).body(), Map.class);
    List<Map<String, Object>> servers = (List<Map<String, Object>>) bootstrap.get("xds_servers");
    Map<String, Object> creds =
        ((List<Map<String, Object>>) servers.get(0).get("channel_creds")).get(0);
    assertThat(creds.get("type")).isEqualTo("meridian_dataplane_token");
    ((Map<String, Object>) creds.get("config")).put("token_file", tokenFile.toString());
    ((Map<String, Object>) creds.get("config")).remove("token");
    return bootstrap;
  }

  static boolean reachesBackend(ManagedChannel channel) {
    try {
      return EchoServers.who(channel, 2000).equals("backend");
    } catch (RuntimeException e) {
      return false;
    }
  }

  /** How a raw ADS stream with {@code authorization} for node {@code name} ends. */
  static Status adsStream(String name, String authorization) throws Exception {
    ManagedChannel channel =
        NettyChannelBuilder.forAddress("127.0.0.1", adsPort).usePlaintext().build();
    try {
      Metadata headers = new Metadata();
      if (authorization != null) {
        headers.put(DataplaneTokenInterceptor.AUTHORIZATION, authorization);
      }
      CompletableFuture<Status> ended = new CompletableFuture<>();
      StreamObserver<DiscoveryRequest> requests =
          AggregatedDiscoveryServiceGrpc.newStub(channel)
              .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers))
              .streamAggregatedResources(
                  new StreamObserver<>() {
                    @Override
                    public void onNext(DiscoveryResponse response) {
                      ended.complete(Status.OK); // config arrived
                    }

                    @Override
                    public void onError(Throwable t) {
                      ended.complete(Status.fromThrowable(t));
                    }

                    @Override
                    public void onCompleted() {
                      ended.complete(Status.OK);
                    }
                  });
      requests.onNext(
          DiscoveryRequest.newBuilder()
              .setNode(Node.newBuilder().setId("default." + name).setUserAgentName("envoy"))
              .setTypeUrl("type.googleapis.com/envoy.config.cluster.v3.Cluster")
              .build());
      return ended.get(20, TimeUnit.SECONDS);
    } finally {
      channel.shutdownNow();
    }
  }

  static long deniedOnAds(String reason) {
    return zone.bean(AccessDenials.class).recent().stream()
        .filter(d -> d.method().equals("ADS") && d.reason().equals(reason))
        .count();
  }

  @Test
  @Order(1)
  void withoutATokenThereIsNoConfig() throws Exception {
    HttpResponse<String> refused = bootstrap("web-1", null);
    assertThat(refused.statusCode()).isEqualTo(401);
    assertThat(refused.body()).contains("A valid dataplane token is required");
    assertThat(bootstrap("web-1", "not-a-token").statusCode()).isEqualTo(401);

    Status status = adsStream("web-1", null);
    assertThat(status.getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
    assertThat(deniedOnAds("unauthenticated")).isPositive();
  }

  @Test
  @Order(2)
  void aTokenOfAnotherDataplaneIsRefused() throws Exception {
    String forWeb2 = token("{\"mesh\":\"default\",\"name\":\"web-2\",\"validFor\":\"1h\"}");
    HttpResponse<String> refused = bootstrap("web-1", forWeb2);
    assertThat(refused.statusCode()).isEqualTo(403);
    assertThat(refused.body()).contains("the token is for dataplane 'web-2', not 'web-1'");

    long before = deniedOnAds("forbidden");
    Status status = adsStream("web-1", "Bearer " + forWeb2);
    assertThat(status.getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
    assertThat(status.getDescription()).contains("web-2");
    assertThat(deniedOnAds("forbidden")).isGreaterThan(before);

    // A token for the service's tags lets in any dataplane of that service, and no other.
    String anyWeb =
        token("{\"mesh\":\"default\",\"tags\":{\"kuma.io/service\":\"web\"},\"validFor\":\"1h\"}");
    assertThat(bootstrap("web-1", anyWeb).statusCode()).isEqualTo(200);
    assertThat(bootstrap("backend-1", anyWeb).statusCode()).isEqualTo(403);
  }

  @Test
  @Order(3)
  void theRightTokenBringsTrafficAndARevokedOneIsRefusedOnReconnect() throws Exception {
    String forWeb1 = token("{\"mesh\":\"default\",\"name\":\"web-1\",\"validFor\":\"1h\"}");
    ManagedChannel channel = client("web-1", forWeb1);
    try {
      await().atMost(Duration.ofSeconds(30)).until(() -> reachesBackend(channel));
    } finally {
      channel.shutdownNow();
    }
    assertThat(adsStream("web-1", "Bearer " + forWeb1).getCode()).isEqualTo(Status.Code.OK);
    Map<String, Object> kept = clientBootstrap("web-1", forWeb1);

    Http.Response revoked =
        http.post(
            "/tokens/dataplane/revocations",
            "{\"token\":\"" + forWeb1 + "\",\"reason\":\"host decommissioned\"}");
    assertThat(revoked.status()).as(revoked.body()).isEqualTo(201);
    Status after = adsStream("web-1", "Bearer " + forWeb1);
    assertThat(after.getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
    assertThat(bootstrap("web-1", forWeb1).statusCode()).isEqualTo(401);
    // A workload restarting with the bootstrap it had: its xDS stream is refused, no traffic.
    ManagedChannel again = XdsClients.channel("backend", kept);
    try {
      assertThat(reachesBackend(again)).isFalse();
    } finally {
      again.shutdownNow();
    }
    assertThat(
            zone.bean(AccessDenials.class).recent().stream()
                .anyMatch(d -> d.reason().equals("invalid_token") && d.detail().equals("revoked")))
        .isTrue();
  }

  @Test
  @Order(4)
  void anExpiredTokenIsRefused() throws Exception {
    String shortLived = token("{\"mesh\":\"default\",\"name\":\"web-2\",\"validFor\":\"4s\"}");
    assertThat(adsStream("web-2", "Bearer " + shortLived).getCode()).isEqualTo(Status.Code.OK);
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> adsStream("web-2", "Bearer " + shortLived).getCode() != Status.Code.OK);
    assertThat(adsStream("web-2", "Bearer " + shortLived).getCode())
        .isEqualTo(Status.Code.UNAUTHENTICATED);
  }

  @Test
  @Order(5)
  void aRotatedKeysTokensAreAcceptedForTheGracePeriodOnly() throws Exception {
    String old = token("{\"mesh\":\"default\",\"name\":\"web-2\",\"validFor\":\"1h\"}");
    Http.Response rotated = http.post("/tokens/dataplane/signing-keys", "{\"mesh\":\"default\"}");
    assertThat(rotated.status()).as(rotated.body()).isEqualTo(201);
    assertThat(rotated.json().get("serial").asInt()).isEqualTo(2);
    String fresh = token("{\"mesh\":\"default\",\"name\":\"web-2\",\"validFor\":\"1h\"}");
    assertThat(adsStream("web-2", "Bearer " + old).getCode()).isEqualTo(Status.Code.OK);
    await()
        .atMost(Duration.ofSeconds(15))
        .until(() -> adsStream("web-2", "Bearer " + old).getCode() == Status.Code.UNAUTHENTICATED);
    assertThat(adsStream("web-2", "Bearer " + fresh).getCode()).isEqualTo(Status.Code.OK);
  }

  @Test
  @Order(6)
  void signingKeysAreOnTheLogOnlySealed() {
    Projection projection = zone.bean(Projection.class);
    Secrets secrets = zone.bean(Secrets.class);
    List<byte[]> clearKeys =
        projection.list(ResourceKind.SECRET, "default").stream()
            .filter(r -> DataplaneTokens.serialOf("default", r.key().name()).isPresent())
            .map(secrets::open)
            .toList();
    assertThat(clearKeys).hasSize(2);
    List<ConsumerRecord<String, byte[]>> records = TopicReader.readAll(zone.topic());
    assertThat(records)
        .anySatisfy(r -> assertThat(r.key()).startsWith("secret/default/dataplane-token-signing"));
    for (byte[] key : clearKeys) {
      String b64 = Base64.getEncoder().encodeToString(key);
      String b64url = Base64.getUrlEncoder().withoutPadding().encodeToString(key);
      String hex = HexFormat.of().formatHex(key);
      for (ConsumerRecord<String, byte[]> record : records) {
        assertThat(indexOf(record.value(), key)).isNegative();
        String text = new String(record.value(), java.nio.charset.StandardCharsets.ISO_8859_1);
        assertThat(text).doesNotContain(b64).doesNotContain(b64url).doesNotContain(hex);
      }
    }
  }

  @Test
  @Order(7)
  void aZoneRebuiltFromTheLogWithTheKeyFileAcceptsAndRefusesTheSameTokens() throws Exception {
    String valid = token("{\"mesh\":\"default\",\"name\":\"web-1\",\"validFor\":\"1h\"}");
    String revoked = token("{\"mesh\":\"default\",\"name\":\"web-1\",\"validFor\":\"1h\"}");
    assertThat(
            http.post("/tokens/dataplane/revocations", "{\"token\":\"" + revoked + "\"}").status())
        .isEqualTo(201);
    zone.close();
    zone = null;

    zone = RunningZone.start(zoneName, rebuiltDataDir, settings(rebuiltDataDir));
    http = new Http(zone.baseUrl());
    adsPort = zone.bean(DataplaneServer.class).port();
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> http.get("/actuator/health/readiness").status() == 200);
    assertThat(bootstrap("web-1", valid).statusCode()).isEqualTo(200);
    assertThat(bootstrap("web-1", revoked).statusCode()).isEqualTo(401);
    assertThat(adsStream("web-1", "Bearer " + valid).getCode()).isEqualTo(Status.Code.OK);
    assertThat(adsStream("web-1", "Bearer " + revoked).getCode())
        .isEqualTo(Status.Code.UNAUTHENTICATED);
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
