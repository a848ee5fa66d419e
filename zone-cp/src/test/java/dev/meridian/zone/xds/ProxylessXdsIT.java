package dev.meridian.zone.xds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.meridian.testkit.Http;
import dev.meridian.testkit.grpc.EchoServers;
import dev.meridian.testkit.grpc.EchoServers.Echo;
import dev.meridian.testkit.grpc.XdsClients;
import dev.meridian.zone.support.RunningZone;
import io.envoyproxy.envoy.config.core.v3.Node;
import io.envoyproxy.envoy.service.discovery.v3.AggregatedDiscoveryServiceGrpc;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryRequest;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryResponse;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.StreamObserver;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The zone as it runs for users, a real Kafka broker, real gRPC servers and grpc-java's own xDS
 * client: traffic follows the Dataplanes registered through the REST API, with no restart.
 */
class ProxylessXdsIT {
  @TempDir static Path dataDir;
  static RunningZone zone;
  static Http http;
  static int adsPort;
  static Echo alpha;
  static Echo beta;
  static Echo gamma;

  @BeforeAll
  static void start() {
    zone =
        RunningZone.start(
            "xds-" + UUID.randomUUID().toString().substring(0, 8),
            dataDir,
            Map.of("meridian.dataplane-server.port", "0"));
    http = new Http(zone.baseUrl());
    adsPort = zone.bean(DataplaneServer.class).port();
    await().atMost(Duration.ofSeconds(30)).until(() -> http.get("/meshes/default").status() == 200);
    alpha = EchoServers.start("alpha");
    beta = EchoServers.start("beta");
    gamma = EchoServers.start("gamma");
  }

  @AfterAll
  static void stop() {
    zone.close();
    alpha.close();
    beta.close();
    gamma.close();
  }

  static String backend(String name, String service, Echo... servers) {
    StringBuilder inbounds = new StringBuilder();
    for (Echo server : servers) {
      if (inbounds.length() > 0) {
        inbounds.append(',');
      }
      inbounds.append(
          """
          {"port": %d, "tags": {"kuma.io/service": "%s", "kuma.io/protocol": "grpc"}}
          """
              .formatted(server.port(), service));
    }
    return """
        {"type": "Dataplane", "mesh": "default", "name": "%s",
         "networking": {"address": "127.0.0.1", "inbound": [%s]}}
        """
        .formatted(name, inbounds);
  }

  static String frontend(String name, String service) {
    return """
        {"type": "Dataplane", "mesh": "default", "name": "%s",
         "networking": {"address": "127.0.0.1",
           "inbound": [{"port": 19999, "tags": {"kuma.io/service": "%s"}}],
           "outbound": [{"port": 10001, "tags": {"kuma.io/service": "%s"}}]}}
        """
        .formatted(name, name, service);
  }

  @Test
  void trafficFollowsInboundsAddedAndRemovedThroughTheApi() {
    assertThat(
            http.put("/meshes/default/dataplanes/backend-1", backend("backend-1", "backend", alpha))
                .status())
        .isEqualTo(201);
    assertThat(http.put("/meshes/default/dataplanes/web-1", frontend("web-1", "backend")).status())
        .isEqualTo(201);
    ManagedChannel channel = XdsClients.channel(adsPort, "default", "web-1", "backend");
    try {
      await()
          .atMost(Duration.ofSeconds(30))
          .ignoreExceptions()
          .until(() -> EchoServers.who(channel, 2000).equals("alpha"));

      // A second dataplane of the service: traffic spreads to it.
      assertThat(
              http.put(
                      "/meshes/default/dataplanes/backend-2", backend("backend-2", "backend", beta))
                  .status())
          .isEqualTo(201);
      assertThat(answers(channel, 40)).containsExactlyInAnyOrder("alpha", "beta");

      // Another inbound on an existing dataplane: it takes traffic too.
      assertThat(
              http.put(
                      "/meshes/default/dataplanes/backend-1",
                      backend("backend-1", "backend", alpha, gamma))
                  .status())
          .isEqualTo(200);
      assertThat(answers(channel, 60)).containsExactlyInAnyOrder("alpha", "beta", "gamma");

      // Remove an inbound and a whole dataplane: only gamma is left.
      assertThat(
              http.put(
                      "/meshes/default/dataplanes/backend-1",
                      backend("backend-1", "backend", gamma))
                  .status())
          .isEqualTo(200);
      assertThat(http.delete("/meshes/default/dataplanes/backend-2").status()).isEqualTo(200);
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> answers(channel, 20).equals(Set.of("gamma")));

      // Insights: the proxy is online, its responses were acknowledged.
      JsonNode overview = http.get("/meshes/default/dataplanes+insights/web-1").json();
      assertThat(overview.at("/dataplaneInsight/online").asBoolean()).isTrue();
      assertThat(
              overview
                  .at("/dataplaneInsight/subscriptions/0/status/total/responsesAcknowledged")
                  .asLong())
          .isPositive();
      assertThat(overview.at("/dataplaneInsight/subscriptions/0/proxyKind").asText())
          .isEqualTo("GRPC");

      // Inspect: the served config routes the api_listener to the backend cluster.
      JsonNode xds = http.get("/meshes/default/dataplanes/web-1/xds").json();
      assertThat(xds.get("connected").asBoolean()).isTrue();
      assertThat(xds.at("/xds/listeners/resources/backend/name").asText()).isEqualTo("backend");
      assertThat(
              xds.at(
                      "/xds/endpoints/resources/backend/endpoints/0/lbEndpoints/0/endpoint/address/socketAddress/portValue")
                  .asInt())
          .isEqualTo(gamma.port());
    } finally {
      channel.shutdownNow();
    }
  }

  @Test
  void anUnknownDataplaneGetsNothingAndDoesNotHoldUpOthers() {
    assertThat(
            http.put("/meshes/default/dataplanes/backend-9", backend("backend-9", "search", beta))
                .status())
        .isEqualTo(201);
    assertThat(http.put("/meshes/default/dataplanes/web-9", frontend("web-9", "search")).status())
        .isEqualTo(201);
    // The ghost's bootstrap is refused with a clear error...
    HttpResponse<String> refused =
        XdsClients.bootstrap(
            adsPort, "{\"mesh\":\"default\",\"name\":\"ghost\",\"proxyType\":\"grpc\"}");
    assertThat(refused.statusCode()).isEqualTo(404);
    assertThat(refused.body()).contains("is not registered");
    // ...and a client that connects anyway with its node id is told nothing.
    ManagedChannel ghost =
        XdsClients.channel(
            "search",
            Map.of(
                "xds_servers",
                java.util.List.of(
                    Map.of(
                        "server_uri", "127.0.0.1:" + adsPort,
                        "channel_creds", java.util.List.of(Map.of("type", "insecure")),
                        "server_features", java.util.List.of("xds_v3"))),
                "node",
                Map.of("id", "default.ghost")));
    ManagedChannel web = XdsClients.channel(adsPort, "default", "web-9", "search");
    try {
      assertThatThrownBy(() -> EchoServers.who(ghost, 1500))
          .isInstanceOf(StatusRuntimeException.class);
      await()
          .atMost(Duration.ofSeconds(30))
          .ignoreExceptions()
          .until(() -> EchoServers.who(web, 2000).equals("beta"));
    } finally {
      ghost.shutdownNow();
      web.shutdownNow();
    }
  }

  @Test
  void aProxyThatRejectsItsConfigIsNotFloodedAndOthersKeepGettingUpdates() throws Exception {
    assertThat(
            http.put("/meshes/default/dataplanes/backend-7", backend("backend-7", "billing", alpha))
                .status())
        .isEqualTo(201);
    assertThat(http.put("/meshes/default/dataplanes/web-7", frontend("web-7", "billing")).status())
        .isEqualTo(201);
    assertThat(
            http.put("/meshes/default/dataplanes/nacker", frontend("nacker", "billing")).status())
        .isEqualTo(201);

    // A raw ADS client for "nacker" that rejects every response it gets.
    ManagedChannel raw =
        NettyChannelBuilder.forAddress("127.0.0.1", adsPort).usePlaintext().build();
    AtomicInteger responses = new AtomicInteger();
    AtomicReference<StreamObserver<DiscoveryRequest>> requests = new AtomicReference<>();
    requests.set(
        AggregatedDiscoveryServiceGrpc.newStub(raw)
            .streamAggregatedResources(
                new StreamObserver<>() {
                  @Override
                  public void onNext(DiscoveryResponse response) {
                    responses.incrementAndGet();
                    requests
                        .get()
                        .onNext(
                            DiscoveryRequest.newBuilder()
                                .setTypeUrl(response.getTypeUrl())
                                .setResponseNonce(response.getNonce())
                                .setErrorDetail(
                                    com.google.rpc.Status.newBuilder()
                                        .setCode(3)
                                        .setMessage("refused by test"))
                                .build());
                  }

                  @Override
                  public void onError(Throwable t) {}

                  @Override
                  public void onCompleted() {}
                }));
    requests
        .get()
        .onNext(
            DiscoveryRequest.newBuilder()
                .setNode(Node.newBuilder().setId("default.nacker").setUserAgentName("envoy"))
                .setTypeUrl("type.googleapis.com/envoy.config.listener.v3.Listener")
                .build());
    ManagedChannel web = XdsClients.channel(adsPort, "default", "web-7", "billing");
    try {
      await().atMost(Duration.ofSeconds(30)).until(() -> responses.get() >= 1);
      await()
          .atMost(Duration.ofSeconds(30))
          .ignoreExceptions()
          .until(() -> EchoServers.who(web, 2000).equals("alpha"));
      // The rejection is recorded, and the server does not re-send in a loop.
      await()
          .atMost(Duration.ofSeconds(10))
          .until(
              () ->
                  http.get("/meshes/default/dataplanes+insights/nacker")
                          .json()
                          .at("/dataplaneInsight/subscriptions/0/status/total/responsesRejected")
                          .asLong()
                      >= 1);
      int settled = responses.get();
      await().pollDelay(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3)).until(() -> true);
      assertThat(responses.get()).isLessThanOrEqualTo(settled + 2);

      // Other proxies still get updates.
      assertThat(
              http.put(
                      "/meshes/default/dataplanes/backend-7", backend("backend-7", "billing", beta))
                  .status())
          .isEqualTo(200);
      await()
          .atMost(Duration.ofSeconds(30))
          .ignoreExceptions()
          .until(() -> answers(web, 10).equals(Set.of("beta")));
    } finally {
      requests.get().onCompleted();
      raw.shutdownNow();
      web.shutdownNow();
    }
  }

  @Test
  void theEnvoyBootstrapPointsAtThisZonesAds() throws Exception {
    assertThat(http.put("/meshes/default/dataplanes/web-5", frontend("web-5", "docs")).status())
        .isEqualTo(201);
    HttpResponse<String> response =
        XdsClients.bootstrap(adsPort, "{\"mesh\":\"default\",\"name\":\"web-5\",\"version\":{}}");
    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode bootstrap =
        new com.fasterxml.jackson.databind.ObjectMapper().readTree(response.body());
    assertThat(bootstrap.at("/node/id").asText()).isEqualTo("default.web-5");
    assertThat(bootstrap.at("/node/cluster").asText()).isEqualTo("web-5");
    assertThat(
            bootstrap
                .at(
                    "/staticResources/clusters/0/loadAssignment/endpoints/0/lbEndpoints/0/endpoint/address/socketAddress/portValue")
                .asInt())
        .isEqualTo(adsPort);
    assertThat(XdsClients.bootstrap(adsPort, "{\"mesh\":\"default\"}").statusCode()).isEqualTo(400);
    assertThat(XdsClients.bootstrap(adsPort, "not json").statusCode()).isEqualTo(400);
  }

  /** The set of servers that answered {@code calls} calls. */
  static Set<String> answers(ManagedChannel channel, int calls) {
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < calls; i++) {
      seen.add(EchoServers.who(channel, 5000));
    }
    return seen;
  }
}
