package dev.meridian.zone.xds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.meridian.testkit.Http;
import dev.meridian.testkit.grpc.EchoServers;
import dev.meridian.testkit.grpc.EchoServers.Echo;
import dev.meridian.testkit.grpc.EchoServers.Reply;
import dev.meridian.testkit.grpc.XdsClients;
import dev.meridian.zone.support.RunningZone;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * targetRef policies, end to end: written through the REST API of a standalone zone, carried by the
 * log (a real Kafka broker), rendered into xDS and obeyed by grpc-java's own xDS client talking to
 * real gRPC servers. Deleting each policy brings the old behaviour back.
 */
class PolicyTrafficIT {
  private static final Duration CONFIG = Duration.ofSeconds(30);

  @TempDir static Path dataDir;
  static RunningZone zone;
  static Http http;
  static int adsPort;
  private final List<AutoCloseable> opened = new ArrayList<>();

  @BeforeAll
  static void start() {
    zone =
        RunningZone.start(
            "policies-" + UUID.randomUUID().toString().substring(0, 8),
            dataDir,
            Map.of("meridian.dataplane-server.port", "0"));
    http = new Http(zone.baseUrl());
    adsPort = zone.bean(DataplaneServer.class).port();
    await().atMost(CONFIG).until(() -> http.get("/meshes/default").status() == 200);
  }

  @AfterAll
  static void stop() {
    zone.close();
  }

  @AfterEach
  void closeOpened() throws Exception {
    for (AutoCloseable closeable : opened) {
      closeable.close();
    }
  }

  // ---------------------------------------------------------------- scenarios

  @Test
  void anHttpRouteSplitsTrafficEightyTwentyBetweenTwoVersionsUntilDeleted() {
    Echo v1 = server("split-v1", EchoServers.Behaviour.ANSWER);
    Echo v2 = server("split-v2", EchoServers.Behaviour.ANSWER);
    register(backend("split-1", "split", v1, "v1"));
    register(backend("split-2", "split", v2, "v2"));
    ManagedChannel channel = client("web-split", "split");
    await().atMost(CONFIG).ignoreExceptions().until(() -> answers(channel, 20).size() == 2);

    assertThat(
            putYaml(
                    "/meshes/default/meshhttproutes/split",
                    """
                    type: MeshHTTPRoute
                    mesh: default
                    name: split
                    spec:
                      targetRef: {kind: MeshService, name: web-split}
                      to:
                        - targetRef: {kind: MeshService, name: split}
                          rules:
                            - matches: [{path: {type: PathPrefix, value: /}}]
                              default:
                                backendRefs:
                                  - {kind: MeshServiceSubset, name: split, tags: {version: v1}, weight: 80}
                                  - {kind: MeshServiceSubset, name: split, tags: {version: v2}, weight: 20}
                    """)
                .status())
        .isEqualTo(201);
    awaitServed("web-split", "/xds/routes/resources/split", "weightedClusters");

    Map<String, Integer> counts = counts(channel, 1000);
    assertThat(counts.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(1000);
    assertThat(counts.getOrDefault("split-v1", 0) / 1000.0).isBetween(0.75, 0.85);
    assertThat(counts.getOrDefault("split-v2", 0) / 1000.0).isBetween(0.15, 0.25);

    assertThat(http.delete("/meshes/default/meshhttproutes/split").status()).isEqualTo(200);
    awaitNotServed("web-split", "/xds/routes/resources/split", "weightedClusters");
    // Round robin again: an even share.
    assertThat(counts(channel, 200).getOrDefault("split-v1", 0) / 200.0).isBetween(0.4, 0.6);
  }

  @Test
  void aTimeoutTurnsASlowCallIntoDeadlineExceededUntilDeleted() {
    Echo slow = server("slow", call -> Reply.after(1500));
    register(backend("slow-1", "slow", slow, "v1"));
    ManagedChannel channel = client("web-slow", "slow");
    await()
        .atMost(CONFIG)
        .ignoreExceptions()
        .until(() -> EchoServers.who(channel, 5000).equals("slow"));

    assertThat(
            putYaml(
                    "/meshes/default/meshtimeouts/slow",
                    """
                    type: MeshTimeout
                    mesh: default
                    name: slow
                    spec:
                      targetRef: {kind: MeshService, name: web-slow}
                      to:
                        - targetRef: {kind: MeshService, name: slow}
                          default:
                            http: {requestTimeout: 300ms}
                    """)
                .status())
        .isEqualTo(201);
    await()
        .atMost(CONFIG)
        .until(
            () -> statusOf(() -> EchoServers.who(channel, 5000)) == Status.Code.DEADLINE_EXCEEDED);

    assertThat(http.delete("/meshes/default/meshtimeouts/slow").status()).isEqualTo(200);
    await()
        .atMost(CONFIG)
        .until(() -> statusOf(() -> EchoServers.who(channel, 5000)) == Status.Code.OK);
  }

  @Test
  void aFaultInjectionAbortAnswersTheConfiguredStatusUntilDeleted() {
    Echo healthy = server("faulty", EchoServers.Behaviour.ANSWER);
    register(backend("faulty-1", "faulty", healthy, "v1"));
    ManagedChannel channel = client("web-faulty", "faulty");
    await()
        .atMost(CONFIG)
        .ignoreExceptions()
        .until(() -> EchoServers.who(channel, 2000).equals("faulty"));

    assertThat(
            putYaml(
                    "/meshes/default/meshfaultinjections/faulty",
                    """
                    type: MeshFaultInjection
                    mesh: default
                    name: faulty
                    spec:
                      targetRef: {kind: MeshService, name: faulty}
                      from:
                        - targetRef: {kind: Mesh}
                          default:
                            http:
                              - abort: {httpStatus: 403, percentage: 100}
                    """)
                .status())
        .isEqualTo(201);
    // grpc-java maps HTTP 403 to PERMISSION_DENIED.
    await()
        .atMost(CONFIG)
        .until(
            () -> statusOf(() -> EchoServers.who(channel, 2000)) == Status.Code.PERMISSION_DENIED);
    int served = healthy.calls().get();
    for (int i = 0; i < 20; i++) {
      assertThat(statusOf(() -> EchoServers.who(channel, 2000)))
          .isEqualTo(Status.Code.PERMISSION_DENIED);
    }
    assertThat(healthy.calls().get()).as("aborted calls never reach the server").isEqualTo(served);

    assertThat(http.delete("/meshes/default/meshfaultinjections/faulty").status()).isEqualTo(200);
    await()
        .atMost(CONFIG)
        .until(() -> statusOf(() -> EchoServers.who(channel, 2000)) == Status.Code.OK);
  }

  @Test
  void aRetryMakesACallSucceedWhoseFirstAttemptIsUnavailableUntilDeleted() {
    // Every odd call fails: without retries one call in two fails, with one retry none does.
    Echo flaky =
        server(
            "flaky",
            call ->
                call % 2 == 1
                    ? Reply.fail(Status.UNAVAILABLE.withDescription("first"))
                    : Reply.now());
    register(backend("flaky-1", "flaky", flaky, "v1"));
    ManagedChannel channel = client("web-flaky", "flaky");
    await()
        .atMost(CONFIG)
        .until(() -> statusOf(() -> EchoServers.who(channel, 2000)) == Status.Code.OK);
    assertThat(
            List.of(
                statusOf(() -> EchoServers.who(channel, 2000)),
                statusOf(() -> EchoServers.who(channel, 2000))))
        .contains(Status.Code.UNAVAILABLE);

    assertThat(
            putYaml(
                    "/meshes/default/meshretries/flaky",
                    """
                    type: MeshRetry
                    mesh: default
                    name: flaky
                    spec:
                      targetRef: {kind: Mesh}
                      to:
                        - targetRef: {kind: MeshService, name: flaky}
                          default:
                            grpc:
                              numRetries: 2
                              backOff: {baseInterval: 10ms, maxInterval: 50ms}
                              retryOn: [Unavailable]
                    """)
                .status())
        .isEqualTo(201);
    awaitServed("web-flaky", "/xds/routes/resources/flaky", "retryPolicy");
    for (int i = 0; i < 20; i++) {
      assertThat(EchoServers.who(channel, 5000)).isEqualTo("flaky");
    }

    assertThat(http.delete("/meshes/default/meshretries/flaky").status()).isEqualTo(200);
    awaitNotServed("web-flaky", "/xds/routes/resources/flaky", "retryPolicy");
    assertThat(
            List.of(
                statusOf(() -> EchoServers.who(channel, 2000)),
                statusOf(() -> EchoServers.who(channel, 2000))))
        .contains(Status.Code.UNAVAILABLE);
  }

  @Test
  void ringHashKeepsOneHashKeyOnOneBackendUntilDeleted() {
    Echo a = server("sticky-a", EchoServers.Behaviour.ANSWER);
    Echo b = server("sticky-b", EchoServers.Behaviour.ANSWER);
    Echo c = server("sticky-c", EchoServers.Behaviour.ANSWER);
    register(backend("sticky-1", "sticky", a, "v1"));
    register(backend("sticky-2", "sticky", b, "v1"));
    register(backend("sticky-3", "sticky", c, "v1"));
    ManagedChannel channel = client("web-sticky", "sticky");
    Map<String, String> alice = Map.of("x-user", "alice");
    await().atMost(CONFIG).ignoreExceptions().until(() -> answers(channel, 30, alice).size() == 3);

    assertThat(
            putYaml(
                    "/meshes/default/meshloadbalancingstrategies/sticky",
                    """
                    type: MeshLoadBalancingStrategy
                    mesh: default
                    name: sticky
                    spec:
                      targetRef: {kind: Mesh}
                      to:
                        - targetRef: {kind: MeshService, name: sticky}
                          default:
                            loadBalancer:
                              type: RingHash
                              ringHash:
                                hashPolicies:
                                  - type: Header
                                    header: {name: x-user}
                    """)
                .status())
        .isEqualTo(201);
    // Ring hash connects lazily: once the key's backend is ready, the key stays on it.
    await().atMost(CONFIG).ignoreExceptions().until(() -> answers(channel, 20, alice).size() == 1);
    assertThat(answers(channel, 50, alice)).hasSize(1);

    assertThat(http.delete("/meshes/default/meshloadbalancingstrategies/sticky").status())
        .isEqualTo(200);
    await().atMost(CONFIG).ignoreExceptions().until(() -> answers(channel, 30, alice).size() == 3);
  }

  @Test
  void aCircuitBreakerRejectsCallsOverTheLimitUntilDeleted() throws Exception {
    Echo limited = server("limited", call -> Reply.after(2000));
    register(backend("limited-1", "limited", limited, "v1"));
    ManagedChannel channel = client("web-limited", "limited");
    await()
        .atMost(CONFIG)
        .ignoreExceptions()
        .until(() -> EchoServers.who(channel, 5000).equals("limited"));

    assertThat(
            putYaml(
                    "/meshes/default/meshcircuitbreakers/limited",
                    """
                    type: MeshCircuitBreaker
                    mesh: default
                    name: limited
                    spec:
                      targetRef: {kind: Mesh}
                      to:
                        - targetRef: {kind: MeshService, name: limited}
                          default:
                            connectionLimits: {maxRequests: 1}
                    """)
                .status())
        .isEqualTo(201);
    // Served is not yet applied: grpc-java takes the new cluster a moment later.
    await()
        .atMost(CONFIG)
        .until(() -> secondConcurrentCall(channel, limited) == Status.Code.UNAVAILABLE);
    assertThat(secondConcurrentCall(channel, limited)).isEqualTo(Status.Code.UNAVAILABLE);

    assertThat(http.delete("/meshes/default/meshcircuitbreakers/limited").status()).isEqualTo(200);
    await().atMost(CONFIG).until(() -> secondConcurrentCall(channel, limited) == Status.Code.OK);
  }

  /** The status of a call made while another one is held in flight by the slow server. */
  private static Status.Code secondConcurrentCall(ManagedChannel channel, Echo slow)
      throws Exception {
    var first = EchoServers.whoLater(channel, 10_000);
    await().atMost(CONFIG).until(() -> slow.inFlight().get() >= 1);
    Status.Code second = statusOf(() -> EchoServers.who(channel, 5000));
    assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo("limited");
    return second;
  }

  @Test
  void policyWritesAreValidatedAndNothingIsWrittenOnBadInput() {
    var response =
        putYaml(
            "/meshes/default/meshretries/bad",
            """
            type: MeshRetry
            mesh: default
            name: bad
            spec:
              targetRef: {kind: MeshServic}
              to:
                - targetRef: {kind: MeshService}
                  default:
                    grpc: {retryOn: [Sometimes]}
            """);
    assertThat(response.status()).isEqualTo(400);
    assertThat(response.json().at("/invalid_parameters").toString())
        .contains("spec.targetRef.kind")
        .contains("spec.to[0].targetRef.name")
        .contains("spec.to[0].default.grpc.retryOn[0]");
    assertThat(http.get("/meshes/default/meshretries/bad").status()).isEqualTo(404);
  }

  @Test
  void inspectionShowsRulesAndAffectedProxiesAndAMeshTakesItsPoliciesWithIt() {
    String mesh = "inspect-" + UUID.randomUUID().toString().substring(0, 6);
    assertThat(
            http.put("/meshes/" + mesh, "{\"type\": \"Mesh\", \"name\": \"" + mesh + "\"}")
                .status())
        .isEqualTo(201);
    String web =
        """
        {"type": "Dataplane", "mesh": "%s", "name": "web-1",
         "networking": {"address": "10.0.0.1",
           "inbound": [{"port": 8080, "tags": {"kuma.io/service": "web"}}],
           "outbound": [{"port": 10001, "tags": {"kuma.io/service": "backend"}}]}}
        """
            .formatted(mesh);
    String other =
        """
        {"type": "Dataplane", "mesh": "%s", "name": "other-1",
         "networking": {"address": "10.0.0.2",
           "inbound": [{"port": 8080, "tags": {"kuma.io/service": "other"}}]}}
        """
            .formatted(mesh);
    assertThat(http.put("/meshes/" + mesh + "/dataplanes/web-1", web).status()).isEqualTo(201);
    assertThat(http.put("/meshes/" + mesh + "/dataplanes/other-1", other).status()).isEqualTo(201);
    String timeouts = "/meshes/" + mesh + "/meshtimeouts/";
    assertThat(
            putYaml(
                    timeouts + "web-timeout",
                    """
                    type: MeshTimeout
                    mesh: %s
                    name: web-timeout
                    spec:
                      targetRef: {kind: MeshService, name: web}
                      to: [{targetRef: {kind: Mesh}, default: {http: {requestTimeout: 2s}}}]
                    """
                        .formatted(mesh))
                .status())
        .isEqualTo(201);
    assertThat(
            putYaml(
                    timeouts + "trial",
                    """
                    type: MeshTimeout
                    mesh: %s
                    name: trial
                    labels: {kuma.io/effect: shadow}
                    spec:
                      targetRef: {kind: Mesh}
                      to: [{targetRef: {kind: Mesh}, default: {connectionTimeout: 1s}}]
                    """
                        .formatted(mesh))
                .status())
        .isEqualTo(201);

    var rules = http.get("/meshes/" + mesh + "/dataplanes/web-1/_rules").json();
    assertThat(rules.at("/rules/0/service").asText()).isEqualTo("backend");
    assertThat(rules.at("/rules/0/conf").toString())
        .isEqualTo("{\"http\":{\"requestTimeout\":\"2s\"}}");
    assertThat(rules.at("/rules/0/shadowConf/connectionTimeout").asText()).isEqualTo("1s");
    assertThat(rules.at("/rules/0/policies").toString())
        .contains("{\"name\":\"trial\",\"shadow\":true}")
        .contains("{\"name\":\"web-timeout\",\"shadow\":false}");
    assertThat(
            http.get(timeouts + "web-timeout/_resources/dataplanes")
                .json()
                .findValuesAsText("name"))
        .containsExactly("web-1");
    assertThat(http.get("/meshes/" + mesh + "/meshtimeouts?size=1").json().get("total").asInt())
        .isEqualTo(2);
    assertThat(http.get("/meshes/" + mesh + "/meshtimeouts?size=1").json().get("next").asText())
        .contains("offset=1");

    assertThat(http.delete("/meshes/" + mesh + "/dataplanes/web-1").status()).isEqualTo(200);
    assertThat(http.delete("/meshes/" + mesh + "/dataplanes/other-1").status()).isEqualTo(200);
    assertThat(http.delete("/meshes/" + mesh).status()).isEqualTo(200);
    assertThat(http.get(timeouts + "web-timeout").status()).isEqualTo(404);
    assertThat(http.get("/meshtimeouts").json().findValuesAsText("mesh")).doesNotContain(mesh);
  }

  // ---------------------------------------------------------------- helpers

  private Echo server(String name, EchoServers.Behaviour behaviour) {
    Echo echo = EchoServers.start(name, behaviour);
    opened.add(echo);
    return echo;
  }

  private ManagedChannel client(String name, String service) {
    register(
        """
        {"type": "Dataplane", "mesh": "default", "name": "%s",
         "networking": {"address": "127.0.0.1",
           "inbound": [{"port": 19999, "tags": {"kuma.io/service": "%s"}}],
           "outbound": [{"port": 10001, "tags": {"kuma.io/service": "%s"}}]}}
        """
            .formatted(name, name, service));
    ManagedChannel channel = XdsClients.channel(adsPort, "default", name, service);
    opened.add(channel::shutdownNow);
    return channel;
  }

  private static String backend(String name, String service, Echo server, String version) {
    return """
        {"type": "Dataplane", "mesh": "default", "name": "%s",
         "networking": {"address": "127.0.0.1", "inbound": [{"port": %d,
           "tags": {"kuma.io/service": "%s", "kuma.io/protocol": "grpc", "version": "%s"}}]}}
        """
        .formatted(name, server.port(), service, version);
  }

  private static Http.Response putYaml(String path, String yaml) {
    return http.put(path, yaml, "application/yaml");
  }

  private static void register(String dataplane) {
    String name = dataplane.replaceAll("(?s).*\"name\": \"([^\"]+)\".*", "$1");
    int status = http.put("/meshes/default/dataplanes/" + name, dataplane).status();
    assertThat(status).isIn(200, 201);
  }

  /** Waits until the proxy is served config whose {@code pointer} contains {@code text}. */
  private static void awaitServed(String dataplane, String pointer, String text) {
    await().atMost(CONFIG).until(() -> served(dataplane, pointer).contains(text));
  }

  private static void awaitNotServed(String dataplane, String pointer, String text) {
    await().atMost(CONFIG).until(() -> !served(dataplane, pointer).contains(text));
  }

  private static String served(String dataplane, String pointer) {
    return http.get("/meshes/default/dataplanes/" + dataplane + "/xds?proxyType=grpc")
        .json()
        .at(pointer)
        .toString();
  }

  private static Status.Code statusOf(Runnable call) {
    try {
      call.run();
      return Status.Code.OK;
    } catch (StatusRuntimeException e) {
      return e.getStatus().getCode();
    }
  }

  private static Set<String> answers(ManagedChannel channel, int calls) {
    return counts(channel, calls).keySet();
  }

  private static Set<String> answers(
      ManagedChannel channel, int calls, Map<String, String> headers) {
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < calls; i++) {
      seen.add(EchoServers.who(channel, 5000, headers));
    }
    return seen;
  }

  private static Map<String, Integer> counts(ManagedChannel channel, int calls) {
    Map<String, Integer> counts = new HashMap<>();
    for (int i = 0; i < calls; i++) {
      counts.merge(EchoServers.who(channel, 5000), 1, Integer::sum);
    }
    return counts;
  }
}
