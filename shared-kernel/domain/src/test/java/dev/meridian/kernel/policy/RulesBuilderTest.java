package dev.meridian.kernel.policy;

import static dev.meridian.kernel.policy.Policies.dataplane;
import static dev.meridian.kernel.policy.Policies.policy;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.meridian.kernel.resource.Resource;
import dev.meridian.kernel.resource.ResourceKey;
import dev.meridian.kernel.resource.ResourceKind;
import java.util.List;
import org.junit.jupiter.api.Test;

class RulesBuilderTest {
  static final Resource WEB =
      dataplane(
          "web-1",
          """
          networking:
            address: 10.0.0.1
            inbound:
              - port: 8080
                tags: {kuma.io/service: web, version: v1}
            outbound:
              - port: 10001
                tags: {kuma.io/service: backend}
              - port: 10002
                tags: {kuma.io/service: db}
          """);

  static Resource timeout(String name, String top, String to, String conf) {
    return policy(
        ResourceKind.MESH_TIMEOUT,
        name,
        "spec: {targetRef: " + top + ", to: [{targetRef: " + to + ", default: " + conf + "}]}");
  }

  static JsonNode to(ProxyRules rules, String service) {
    return rules.to(ResourceKind.MESH_TIMEOUT, service).orElse(null);
  }

  @Test
  void aMoreSpecificTopLevelTargetRefWinsWhateverTheNames() {
    ProxyRules rules =
        RulesBuilder.build(
            WEB,
            List.of(
                timeout(
                    "a-service",
                    "{kind: MeshService, name: web}",
                    "{kind: Mesh}",
                    "{idleTimeout: 1s}"),
                timeout(
                    "z-mesh",
                    "{kind: Mesh}",
                    "{kind: Mesh}",
                    "{idleTimeout: 9s, connectionTimeout: 9s}"),
                timeout(
                    "m-subset",
                    "{kind: MeshSubset, tags: {version: v1}}",
                    "{kind: Mesh}",
                    "{idleTimeout: 5s}")));

    assertThat(to(rules, "backend").toString())
        .isEqualTo("{\"connectionTimeout\":\"9s\",\"idleTimeout\":\"1s\"}");
    assertThat(rules.outbound().get(ResourceKind.MESH_TIMEOUT).get("backend").policies())
        .extracting(ResourceKey::name)
        .containsExactly("z-mesh", "m-subset", "a-service");
  }

  @Test
  void atTheSameLevelTheLaterNameWins() {
    ProxyRules rules =
        RulesBuilder.build(
            WEB,
            List.of(
                timeout("b", "{kind: Mesh}", "{kind: Mesh}", "{idleTimeout: 2s}"),
                timeout("a", "{kind: Mesh}", "{kind: Mesh}", "{idleTimeout: 1s}")));

    assertThat(to(rules, "db").path("idleTimeout").asText()).isEqualTo("2s");
  }

  @Test
  void toItemsSelectTheirDestinationsOnly() {
    ProxyRules rules =
        RulesBuilder.build(
            WEB,
            List.of(
                timeout(
                    "backend-only",
                    "{kind: Mesh}",
                    "{kind: MeshService, name: backend}",
                    "{idleTimeout: 1s}")));

    assertThat(to(rules, "backend")).isNotNull();
    assertThat(to(rules, "db")).isNull();
  }

  @Test
  void aPolicyWhoseTopLevelDoesNotSelectTheProxyDoesNothing() {
    ProxyRules rules =
        RulesBuilder.build(
            WEB,
            List.of(
                timeout(
                    "v2",
                    "{kind: MeshSubset, tags: {version: v2}}",
                    "{kind: Mesh}",
                    "{idleTimeout: 1s}"),
                timeout(
                    "other",
                    "{kind: MeshService, name: other}",
                    "{kind: Mesh}",
                    "{idleTimeout: 1s}")));

    assertThat(rules).isEqualTo(ProxyRules.NONE);
  }

  @Test
  void aPolicyThatIsNotUnderstoodSelectsNothingRatherThanTheWholeMesh() {
    ProxyRules rules =
        RulesBuilder.build(
            WEB,
            List.of(
                timeout(
                    "future",
                    "{kind: MeshWorkload, name: web}",
                    "{kind: Mesh}",
                    "{idleTimeout: 1s}"),
                timeout("odd-item", "{kind: Mesh}", "{kind: Dataplane}", "{idleTimeout: 1s}")));

    assertThat(rules).isEqualTo(ProxyRules.NONE);
  }

  @Test
  void shadowPoliciesAreLeftOutUnlessAsked() {
    Resource shadow =
        policy(
            ResourceKind.MESH_TIMEOUT,
            "trial",
            """
            labels: {kuma.io/effect: shadow}
            spec: {targetRef: {kind: Mesh}, to: [{targetRef: {kind: Mesh}, default: {idleTimeout: 1s}}]}
            """);

    assertThat(RulesBuilder.build(WEB, List.of(shadow))).isEqualTo(ProxyRules.NONE);
    assertThat(to(RulesBuilder.build(WEB, List.of(shadow), true), "db")).isNotNull();
  }

  @Test
  void fromItemsApplyPerInboundAndOnlyMeshWideOnesToEveryCaller() {
    Resource fault =
        policy(
            ResourceKind.MESH_FAULT_INJECTION,
            "faults",
            """
            spec:
              targetRef: {kind: MeshService, name: web}
              from:
                - targetRef: {kind: Mesh}
                  default: {http: [{abort: {httpStatus: 500, percentage: 1}}]}
                - targetRef: {kind: MeshService, name: backend}
                  default: {http: [{abort: {httpStatus: 503, percentage: 2}}]}
            """);
    ProxyRules rules = RulesBuilder.build(WEB, List.of(fault));

    assertThat(rules.inbound().get(ResourceKind.MESH_FAULT_INJECTION).get("10.0.0.1:8080").items())
        .hasSize(2);
    assertThat(
            rules.from(ResourceKind.MESH_FAULT_INJECTION, "10.0.0.1:8080").orElseThrow().toString())
        .contains("500")
        .doesNotContain("503");
  }

  @Test
  void aCallerGetsTheFromConfOfTheServiceItCalls() {
    Resource fault =
        policy(
            ResourceKind.MESH_FAULT_INJECTION,
            "backend-faults",
            """
            spec:
              targetRef: {kind: MeshService, name: backend}
              from:
                - targetRef: {kind: MeshService, name: web}
                  default: {http: [{abort: {httpStatus: 403, percentage: 100}}]}
                - targetRef: {kind: MeshService, name: other}
                  default: {http: [{delay: {value: 1s, percentage: 100}}]}
            """);
    ProxyRules rules = RulesBuilder.build(WEB, List.of(fault));

    assertThat(
            rules
                .destination(ResourceKind.MESH_FAULT_INJECTION, "backend")
                .orElseThrow()
                .toString())
        .isEqualTo("{\"http\":[{\"abort\":{\"httpStatus\":403,\"percentage\":100}}]}");
    assertThat(rules.destination(ResourceKind.MESH_FAULT_INJECTION, "db")).isEmpty();
  }

  @Test
  void httpRouteRulesWithTheSameMatchesMergeAndOthersAreOrderedBySpecificity() {
    Resource wide =
        policy(
            ResourceKind.MESH_HTTP_ROUTE,
            "wide",
            """
            spec:
              targetRef: {kind: Mesh}
              to:
                - targetRef: {kind: MeshService, name: backend}
                  rules:
                    - matches: [{path: {type: PathPrefix, value: /}}]
                      default: {backendRefs: [{kind: MeshService, name: db}]}
                    - matches: [{path: {type: PathPrefix, value: /api}}]
                      default: {backendRefs: [{kind: MeshServiceSubset, name: backend, tags: {version: v1}}]}
            """);
    Resource specific =
        policy(
            ResourceKind.MESH_HTTP_ROUTE,
            "specific",
            """
            spec:
              targetRef: {kind: MeshService, name: web}
              to:
                - targetRef: {kind: MeshService, name: backend}
                  rules:
                    - matches: [{path: {type: PathPrefix, value: /api}}]
                      default: {backendRefs: [{kind: MeshServiceSubset, name: backend, tags: {version: v2}}]}
                    - matches: [{path: {type: Exact, value: /api/health}}]
                      default: {}
            """);
    ProxyRules rules = RulesBuilder.build(WEB, List.of(specific, wide));
    List<ProxyRules.RouteRule> routes = rules.httpRoutes().get("backend");

    assertThat(routes)
        .extracting(r -> r.match().path("path").path("value").asText())
        .containsExactly("/api/health", "/api", "/");
    assertThat(routes.get(1).backendRefs())
        .containsExactly(new BackendRef("backend", java.util.Map.of("version", "v2"), 1));
    assertThat(rules.backends().keySet())
        .contains(
            "db", new BackendRef("backend", java.util.Map.of("version", "v2"), 1).clusterName());
    // Route backends get the other kinds' rules as outbounds do.
    assertThat(routes.get(0).backendRefs()).isEmpty();
  }

  @Test
  void mergePatchReplacesListsAndMergesObjects() {
    JsonNode merged =
        MergePatch.merge(
            List.of(
                Policies.spec("spec: {http: {retryOn: [a, b], numRetries: 1}, x: 1}").spec(),
                Policies.spec("spec: {http: {retryOn: [c]}, x: null}").spec()));

    assertThat(merged.toString()).isEqualTo("{\"http\":{\"numRetries\":1,\"retryOn\":[\"c\"]}}");
  }

  @Test
  void goDurationsParseAsKumaWritesThem() {
    assertThat(GoDuration.parseNanos("1m30s")).contains(90_000_000_000L);
    assertThat(GoDuration.parseNanos("500ms")).contains(500_000_000L);
    assertThat(GoDuration.parseNanos("1.5h")).contains(5_400_000_000_000L);
    assertThat(GoDuration.parseNanos("10")).isEmpty();
    assertThat(GoDuration.parseNanos("1 s")).isEmpty();
  }

  @Test
  void inspectionMarksShadowPoliciesAndListsAffectedDataplanes() {
    Resource applied = timeout("applied", "{kind: Mesh}", "{kind: Mesh}", "{idleTimeout: 2s}");
    Resource shadow =
        policy(
            ResourceKind.MESH_TIMEOUT,
            "trial",
            """
            labels: {kuma.io/effect: shadow}
            spec: {targetRef: {kind: MeshService, name: web}, to: [{targetRef: {kind: Mesh}, default: {idleTimeout: 1s}}]}
            """);
    Resource other =
        dataplane(
            "other-1",
            "networking: {address: 10.0.0.9, inbound: [{port: 80, tags: {kuma.io/service: other}}]}");

    JsonNode rules = PolicyInspection.rules(WEB, List.of(applied, shadow));
    JsonNode backend = rules.at("/rules/0");
    assertThat(backend.get("service").asText()).isEqualTo("backend");
    assertThat(backend.at("/conf/idleTimeout").asText()).isEqualTo("2s");
    assertThat(backend.at("/shadowConf/idleTimeout").asText()).isEqualTo("1s");
    assertThat(backend.at("/policies/1/name").asText()).isEqualTo("trial");
    assertThat(backend.at("/policies/1/shadow").asBoolean()).isTrue();

    assertThat(PolicyInspection.affected(shadow, List.of(WEB, other), List.of(applied, shadow)))
        .containsExactly(WEB);
  }
}
