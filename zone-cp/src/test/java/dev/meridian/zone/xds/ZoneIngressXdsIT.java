package dev.meridian.zone.xds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.meridian.kernel.auth.ZoneTokens;
import dev.meridian.runtime.security.ZoneTokenService;
import dev.meridian.testkit.Http;
import dev.meridian.testkit.grpc.EnvoyAds;
import dev.meridian.testkit.grpc.XdsClients;
import dev.meridian.zone.support.RunningZone;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import io.envoyproxy.envoy.config.listener.v3.FilterChain;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.grpc.Status;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A ZoneIngress Envoy gets its config over ADS, as Kuma's ingress agent asks for it (node {@code
 * .<name>}, a zone token): one SNI-matched chain per service of the zone, passing connections
 * through to the service's endpoints in this zone, following them as dataplanes come and go.
 * Without a zone token of this zone's ingress scope the stream is refused.
 */
class ZoneIngressXdsIT {
  @TempDir static Path dataDir;
  static RunningZone zone;
  static Http http;
  static int adsPort;

  @BeforeAll
  static void start() throws Exception {
    Path keyFile = Files.createTempDirectory("meridian-key").resolve("control-plane.key");
    zone =
        RunningZone.start(
            "ingress-" + UUID.randomUUID().toString().substring(0, 8),
            dataDir,
            Map.of(
                "meridian.dataplane-server.port", "0",
                "meridian.dataplane-server.authentication", "dataplane-token",
                "meridian.auth.key-file", keyFile.toString()));
    http = new Http(zone.baseUrl());
    adsPort = zone.bean(DataplaneServer.class).port();
    await().atMost(Duration.ofSeconds(30)).until(() -> http.get("/meshes/default").status() == 200);
    assertThat(
            http.put(
                    "/zoneingresses/ingress-1",
                    """
                    {"type": "ZoneIngress", "name": "ingress-1",
                     "networking": {"address": "127.0.0.1", "port": 10001,
                                    "advertisedAddress": "192.0.2.1", "advertisedPort": 30001}}
                    """)
                .status())
        .isEqualTo(201);
    register("backend-1", "127.0.0.2");
  }

  @AfterAll
  static void stop() {
    zone.close();
  }

  @Test
  void theIngressPassesEachServiceThroughBySniToItsEndpointsInThisZone() {
    Http.Response issued =
        http.post(
            "/tokens/zone",
            """
            {"zone": "%s", "scope": ["ingress"], "validFor": "1h"}
            """
                .formatted(zone.zone()));
    assertThat(issued.status()).isEqualTo(200);
    try (EnvoyAds ingress = EnvoyAds.ingress(adsPort, "ingress-1", issued.body().trim())) {
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> serverNames(ingress).contains("backend{mesh=default}"));
      assertThat(ingress.resources(EnvoyAds.CLUSTERS, Cluster.class))
          .containsKey("default:backend");
      ingress.subscribe(EnvoyAds.ENDPOINTS, List.of("default:backend"));
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> endpointAddresses(ingress).equals(List.of("127.0.0.2:8080")));

      // Inspecting the ingress shows what it is served.
      Http.Response inspect = http.get("/zoneingresses/ingress-1/xds");
      assertThat(inspect.status()).isEqualTo(200);
      assertThat(inspect.json().path("connected").asBoolean()).isTrue();
      assertThat(inspect.json().at("/xds/clusters/resources").has("default:backend")).isTrue();

      // A second instance registers: the ingress follows it.
      register("backend-2", "127.0.0.3");
      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () -> endpointAddresses(ingress).equals(List.of("127.0.0.2:8080", "127.0.0.3:8080")));
    }
  }

  @Test
  void anIngressWithoutAZoneTokenOfThisZoneIsRefused() throws Exception {
    String otherZone =
        zone.bean(ZoneTokenService.class)
            .issue("another-zone", List.of(ZoneTokens.INGRESS), Duration.ofHours(1));
    String egressOnly =
        zone.bean(ZoneTokenService.class)
            .issue(zone.zone(), List.of(ZoneTokens.EGRESS), Duration.ofHours(1));
    for (String token : new String[] {null, "not-a-token", otherZone, egressOnly}) {
      try (EnvoyAds ingress = EnvoyAds.ingress(adsPort, "ingress-1", token)) {
        await().atMost(Duration.ofSeconds(15)).until(() -> ingress.failure().isPresent());
        assertThat(Status.fromThrowable(ingress.failure().get()).getCode())
            .as("token %s", token)
            .isEqualTo(Status.Code.UNAUTHENTICATED);
        assertThat(ingress.latest(EnvoyAds.LISTENERS)).isEmpty();
      }
    }
  }

  @Test
  void theIngressBootstrapNamesItsNodeAsKumasAgentDoesAndNeedsAZoneToken() throws Exception {
    String body = "{\"proxyType\": \"ingress\", \"name\": \"ingress-1\"%s}";
    assertThat(XdsClients.bootstrap(adsPort, body.formatted("")).statusCode()).isEqualTo(401);
    String token =
        zone.bean(ZoneTokenService.class)
            .issue(zone.zone(), List.of(ZoneTokens.INGRESS), Duration.ofHours(1));
    String withToken = body.formatted(", \"dataplaneToken\": \"" + token + "\"");
    java.net.http.HttpResponse<String> bootstrap = XdsClients.bootstrap(adsPort, withToken);
    assertThat(bootstrap.statusCode()).isEqualTo(200);
    com.fasterxml.jackson.databind.JsonNode json =
        new com.fasterxml.jackson.databind.ObjectMapper().readTree(bootstrap.body());
    assertThat(json.at("/node/id").asText()).isEqualTo(".ingress-1");
    assertThat(json.toString()).contains("Bearer " + token);
    assertThat(
            XdsClients.bootstrap(adsPort, withToken.replace("\"ingress-1\"", "\"no-such-ingress\""))
                .statusCode())
        .isEqualTo(404);
  }

  static void register(String name, String address) {
    assertThat(
            http.put(
                    "/meshes/default/dataplanes/" + name,
                    """
                    {"type": "Dataplane", "mesh": "default", "name": "%s",
                     "networking": {"address": "%s", "inbound": [{"port": 8080,
                       "tags": {"kuma.io/service": "backend", "kuma.io/protocol": "http"}}]}}
                    """
                        .formatted(name, address))
                .status())
        .isEqualTo(201);
  }

  static List<String> serverNames(EnvoyAds ingress) {
    List<String> names = new ArrayList<>();
    for (Listener listener : ingress.resources(EnvoyAds.LISTENERS, Listener.class).values()) {
      for (FilterChain chain : listener.getFilterChainsList()) {
        names.addAll(chain.getFilterChainMatch().getServerNamesList());
      }
    }
    return names;
  }

  static List<String> endpointAddresses(EnvoyAds ingress) {
    ClusterLoadAssignment assignment =
        ingress.resources(EnvoyAds.ENDPOINTS, ClusterLoadAssignment.class).get("default:backend");
    List<String> out = new ArrayList<>();
    if (assignment != null) {
      assignment
          .getEndpointsList()
          .forEach(
              locality ->
                  locality
                      .getLbEndpointsList()
                      .forEach(
                          e ->
                              out.add(
                                  e.getEndpoint().getAddress().getSocketAddress().getAddress()
                                      + ":"
                                      + e.getEndpoint()
                                          .getAddress()
                                          .getSocketAddress()
                                          .getPortValue())));
    }
    return out;
  }
}
