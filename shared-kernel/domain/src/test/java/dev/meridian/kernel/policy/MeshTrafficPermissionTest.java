package dev.meridian.kernel.policy;

import static dev.meridian.kernel.policy.Policies.dataplane;
import static dev.meridian.kernel.policy.Policies.policy;
import static dev.meridian.kernel.policy.PolicyValidatorTest.v;
import static dev.meridian.kernel.policy.PolicyValidatorTest.validate;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.meridian.kernel.json.DomainJson;
import dev.meridian.kernel.resource.MeshSpec;
import dev.meridian.kernel.resource.PolicySpec;
import dev.meridian.kernel.resource.Resource;
import dev.meridian.kernel.resource.ResourceKey;
import dev.meridian.kernel.resource.ResourceKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class MeshTrafficPermissionTest {
  static final ResourceKind MTP = ResourceKind.MESH_TRAFFIC_PERMISSION;
  static final String INBOUND = "10.0.0.2:8080";

  static final Resource BACKEND =
      dataplane(
          "backend-1",
          """
          networking:
            address: 10.0.0.2
            inbound:
              - port: 8080
                tags: {kuma.io/service: backend, version: v1}
          """);

  static Resource mesh(boolean mtls) {
    ObjectNode tls = DomainJson.canonical().createObjectNode();
    if (mtls) {
      tls.put("enabledBackend", "ca-1");
    }
    return new Resource(
        ResourceKey.mesh("default"),
        new MeshSpec(tls, null, null, null, null, null, null, null),
        null,
        null);
  }

  static Resource permission(String name, String top, String... froms) {
    StringBuilder yaml = new StringBuilder("spec: {targetRef: " + top + ", from: [");
    for (int i = 0; i < froms.length; i += 2) {
      yaml.append(i == 0 ? "" : ", ")
          .append("{targetRef: ")
          .append(froms[i])
          .append(", default: {action: ")
          .append(froms[i + 1])
          .append("}}");
    }
    return policy(MTP, name, yaml.append("]}").toString());
  }

  /** The merged rules of BACKEND's inbound as {@code subset → action} strings. */
  static List<String> rules(Resource... inputs) {
    List<Resource> all = new ArrayList<>(List.of(inputs));
    all.add(mesh(true));
    return RulesBuilder.build(BACKEND, all).permissions(INBOUND).orElseThrow().stream()
        .map(
            r ->
                r.subset().tags().stream().map(MeshTrafficPermissionTest::tag).toList()
                    + " "
                    + r.action())
        .toList();
  }

  static String tag(TrafficPermissions.Tag t) {
    return t.key() + (t.not() ? "!=" : "=") + t.value();
  }

  @Nested
  class Validation {
    @Test
    void aWellFormedPermissionAtEveryLevelIsAccepted() {
      for (String ref :
          List.of(
              "{kind: Mesh}",
              "{kind: MeshSubset, tags: {version: v1}}",
              "{kind: MeshService, name: web}",
              "{kind: MeshServiceSubset, name: web, tags: {version: v1}}")) {
        assertThat(
                validate(
                    MTP,
                    "spec: {targetRef: "
                        + ref
                        + ", from: [{targetRef: "
                        + ref
                        + ", default: {action: AllowWithShadowDeny}}]}"))
            .as(ref)
            .isEmpty();
      }
    }

    @Test
    void fromIsRequired() {
      assertThat(validate(MTP, "spec: {targetRef: {kind: Mesh}}"))
          .containsExactly(v("spec.from", "needs at least one item"));
      assertThat(validate(MTP, "spec: {targetRef: {kind: Mesh}, from: []}"))
          .containsExactly(v("spec.from", "needs at least one item"));
    }

    @Test
    void toIsNotAllowed() {
      assertThat(
              validate(
                  MTP,
                  """
                  spec:
                    targetRef: {kind: Mesh}
                    to: [{targetRef: {kind: Mesh}, default: {action: Allow}}]
                    from: [{targetRef: {kind: Mesh}, default: {action: Allow}}]
                  """))
          .containsExactly(v("spec.to", "must not be defined"));
    }

    @Test
    void theActionMustBeOneOfKumas() {
      assertThat(
              validate(
                  MTP,
                  """
                  spec:
                    targetRef: {kind: Mesh}
                    from:
                      - targetRef: {kind: Mesh}
                        default: {action: allow}
                      - targetRef: {kind: Mesh}
                        default: {}
                      - targetRef: {kind: Mesh}
                        default: {action: Allow, reason: typo}
                      - targetRef: {kind: Mesh}
                  """))
          .containsExactly(
              v("spec.from[0].default.action", "must be one of Allow, Deny, AllowWithShadowDeny"),
              v("spec.from[1].default.action", "must be defined"),
              v("spec.from[2].default.reason", "unknown field"),
              v("spec.from[3].default", "must be defined"));
    }

    @Test
    void onlyTheTargetRefKindsKumaAllowsAreAccepted() {
      assertThat(
              validate(
                  MTP,
                  """
                  spec:
                    targetRef: {kind: MeshGateway, name: edge}
                    from:
                      - targetRef: {kind: MeshGateway, name: edge}
                        default: {action: Deny}
                      - targetRef: {kind: MeshService}
                        default: {action: Deny}
                  """))
          .containsExactly(
              v("spec.targetRef.kind", "value is not supported"),
              v("spec.from[0].targetRef.kind", "value is not supported"),
              v("spec.from[1].targetRef.name", "must be set with kind MeshService"));
    }
  }

  @Nested
  class Merge {
    @Test
    void aMeshAllowCoversEveryCaller() {
      assertThat(rules(permission("all", "{kind: Mesh}", "{kind: Mesh}", "Allow")))
          .containsExactly("[] Allow");
    }

    @Test
    void denyingOneServiceLeavesTheRestAllowed() {
      assertThat(
              rules(
                  permission(
                      "no-web",
                      "{kind: MeshService, name: backend}",
                      "{kind: Mesh}",
                      "Allow",
                      "{kind: MeshService, name: web}",
                      "Deny")))
          .containsExactly("[kuma.io/service=web] Deny", "[kuma.io/service!=web] Allow");
    }

    @Test
    void theMoreSpecificTopLevelPolicyHasTheLastWordWhateverTheNames() {
      assertThat(
              rules(
                  permission("z-all", "{kind: Mesh}", "{kind: Mesh}", "Allow"),
                  permission(
                      "m-no-web",
                      "{kind: MeshService, name: backend}",
                      "{kind: MeshService, name: web}",
                      "Deny"),
                  permission(
                      "a-web-v2",
                      "{kind: MeshServiceSubset, name: backend, tags: {version: v1}}",
                      "{kind: MeshServiceSubset, name: web, tags: {version: v2}}",
                      "Allow")))
          .containsExactly(
              "[kuma.io/service=web, version=v2] Allow",
              "[kuma.io/service=web, version!=v2] Deny",
              "[kuma.io/service!=web, version=v2] Allow",
              "[kuma.io/service!=web, version!=v2] Allow");
    }

    @Test
    void callersNoItemCoversGetNoRuleAndSoAreDenied() {
      assertThat(
              rules(
                  permission(
                      "v1-only",
                      "{kind: Mesh}",
                      "{kind: MeshSubset, tags: {version: v1}}",
                      "Allow")))
          .containsExactly("[version=v1] Allow");
    }

    @Test
    void disjointSourcesAreDecidedApart() {
      assertThat(
              rules(
                  permission(
                      "two",
                      "{kind: Mesh}",
                      "{kind: MeshService, name: web}",
                      "Allow",
                      "{kind: MeshService, name: api}",
                      "AllowWithShadowDeny")))
          .containsExactly(
              "[kuma.io/service=web] Allow", "[kuma.io/service=api] AllowWithShadowDeny");
    }

    @Test
    void permissionsOfAnInboundTheTopLevelDoesNotSelectDoNotApply() {
      assertThat(
              rules(
                  permission("for-web", "{kind: MeshService, name: web}", "{kind: Mesh}", "Allow")))
          .isEmpty();
    }

    @Test
    void withoutMtlsNothingIsEnforced() {
      ProxyRules off =
          RulesBuilder.build(
              BACKEND,
              List.of(mesh(false), permission("all", "{kind: Mesh}", "{kind: Mesh}", "Allow")));
      assertThat(off.mtls()).isFalse();
      assertThat(off.permissions(INBOUND)).isEmpty();
      assertThat(RulesBuilder.build(BACKEND, List.of()).permissions(INBOUND)).isEmpty();
    }

    @Test
    void withMtlsAndNoPermissionAnInboundHasNoAllowedCaller() {
      ProxyRules on = RulesBuilder.build(BACKEND, List.of(mesh(true)));
      assertThat(on.permissions(INBOUND)).contains(List.of());
    }

    @Test
    void anotherMeshsMtlsDoesNotCount() {
      Resource other = new Resource(ResourceKey.mesh("other"), mesh(true).spec(), null, null);
      assertThat(RulesBuilder.build(BACKEND, List.of(other)).mtls()).isFalse();
    }
  }

  @Nested
  class InitialPolicy {
    static MeshSpec skipping(List<String> kinds) {
      return new MeshSpec(null, null, null, null, null, null, null, kinds);
    }

    @Test
    void aNewMeshGetsAnAllowAllPermissionThatValidates() {
      Map<ResourceKey, PolicySpec> initial = InitialPolicies.of("demo", MeshSpec.empty());
      ResourceKey key = new ResourceKey(MTP, "demo", "allow-all-demo");
      assertThat(initial).containsOnlyKeys(key);
      assertThat(PolicyValidator.validate(MTP, initial.get(key))).isEmpty();
      JsonNode from = initial.get(key).spec().path("from").get(0);
      assertThat(from.path("targetRef").path("kind").asText()).isEqualTo("Mesh");
      assertThat(from.path("default").path("action").asText()).isEqualTo("Allow");
    }

    @Test
    void skipCreatingInitialPoliciesIsHonoured() {
      assertThat(InitialPolicies.of("demo", skipping(List.of("*")))).isEmpty();
      assertThat(InitialPolicies.of("demo", skipping(List.of("MeshTrafficPermission")))).isEmpty();
      assertThat(InitialPolicies.of("demo", skipping(List.of("MeshTimeout")))).hasSize(1);
    }
  }

  @Nested
  class Inspection {
    @Test
    void rulesShowTheMergedPermissionAndWhetherItIsEnforced() {
      ObjectNode out =
          PolicyInspection.rules(
              BACKEND,
              List.of(
                  mesh(true),
                  permission(
                      "no-web",
                      "{kind: Mesh}",
                      "{kind: Mesh}",
                      "Allow",
                      "{kind: MeshService, name: web}",
                      "Deny")));
      JsonNode item = out.path("rules").get(0);
      assertThat(item.path("type").asText()).isEqualTo("MeshTrafficPermission");
      assertThat(item.path("inbound").asText()).isEqualTo(INBOUND);
      assertThat(item.path("enforced").asBoolean()).isTrue();
      assertThat(item.path("permissions").get(0).toString())
          .isEqualTo(
              "{\"subset\":[\"kuma.io/service=web\"],\"action\":\"Deny\",\"policies\":[\"no-web\"]}");
      assertThat(item.path("permissions").get(1).path("action").asText()).isEqualTo("Allow");
    }
  }
}
