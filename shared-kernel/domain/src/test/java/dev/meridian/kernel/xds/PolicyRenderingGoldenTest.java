package dev.meridian.kernel.xds;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.meridian.kernel.json.DomainJson;
import dev.meridian.kernel.policy.PolicyValidator;
import dev.meridian.kernel.policy.ProxyRules;
import dev.meridian.kernel.policy.RulesBuilder;
import dev.meridian.kernel.resource.DataplaneSpec;
import dev.meridian.kernel.resource.PolicySpec;
import dev.meridian.kernel.resource.Resource;
import dev.meridian.kernel.resource.ResourceDocument;
import dev.meridian.kernel.resource.ResourceKey;
import dev.meridian.kernel.resource.ResourceKind;
import dev.meridian.kernel.validation.DataplaneValidator;
import dev.meridian.kernel.xds.envoy.EnvoySidecarRenderer;
import dev.meridian.kernel.xds.grpc.GrpcProxylessRenderer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Golden files for what targetRef policies do to a proxy's config. Each case is {@code
 * <case>.input.yaml} (zone, proxy, mesh, optional {@code proxyType: grpc}, the Kuma Dataplane and
 * policy documents, optionally the Mesh documents) and {@code <case>.golden.yaml} (the rendered
 * resources, as YAML). Every kind is pinned at each top-level targetRef level, plus a matrix of two
 * and three overlapping policies. Run with {@code -Dgolden.update=true} to rewrite the golden
 * files, then review the diff.
 */
class PolicyRenderingGoldenTest {

  static final String REGENERATE =
      "mvn -pl shared-kernel/domain test -Dtest=PolicyRenderingGoldenTest -Dgolden.update=true";

  private static final String INPUT_SUFFIX = ".input.yaml";
  private static final String GOLDEN_SUFFIX = ".golden.yaml";
  private static final List<String> LEVELS = List.of("mesh", "subset", "service", "service-subset");

  static Stream<String> cases() {
    return caseNames().stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void rendersEachCaseExactlyAsItsGoldenFile(String name) throws IOException {
    String actual = render(directory().resolve(name + INPUT_SUFFIX));
    GoldenCases.check(directory(), name, actual, REGENERATE);
  }

  @Test
  void everyKindIsPinnedAtEveryTargetRefLevel() {
    List<String> missing = new ArrayList<>();
    for (ResourceKind kind : ResourceKind.policies()) {
      for (String level : LEVELS) {
        String name = kind.typeName().toLowerCase() + "-" + level;
        if (!caseNames().contains(name)) {
          missing.add(name);
        }
      }
    }
    assertThat(missing).isEmpty();
    assertThat(caseNames().stream().filter(c -> c.startsWith("merge-"))).hasSizeGreaterThan(5);
  }

  @Test
  void aPolicyChangesTheRenderingAgainstNoPolicyAtAll() throws IOException {
    Path input = directory().resolve("meshtimeout-mesh" + INPUT_SUFFIX);
    Path notSelected = directory().resolve("meshtimeout-subset-not-selected" + INPUT_SUFFIX);
    assertThat(render(input)).isNotEqualTo(render(notSelected));
  }

  @Test
  void withoutMtlsTrafficPermissionsRenderNothing(@org.junit.jupiter.api.io.TempDir Path temp)
      throws IOException {
    for (String name :
        List.of("meshtrafficpermission-mtls-off", "grpc-meshtrafficpermission-mtls-off")) {
      Path input = directory().resolve(name + INPUT_SUFFIX);
      com.fasterxml.jackson.databind.node.ObjectNode withoutPolicies =
          (com.fasterxml.jackson.databind.node.ObjectNode)
              DomainJson.yaml().readTree(Files.readAllBytes(input));
      withoutPolicies.remove("policies");
      Path bare = temp.resolve(name + INPUT_SUFFIX);
      Files.writeString(bare, DomainJson.yaml().writeValueAsString(withoutPolicies));
      assertThat(render(input)).as(name).isEqualTo(render(bare));
    }
  }

  static String render(Path input) throws IOException {
    JsonNode root = DomainJson.yaml().readTree(Files.readAllBytes(input));
    String zone = root.get("zone").asText();
    String proxy = root.get("proxy").asText();
    String mesh = root.path("mesh").asText("default");
    List<Resource> dataplanes = new ArrayList<>();
    for (JsonNode document : root.get("dataplanes")) {
      ResourceDocument.Parsed parsed =
          ResourceDocument.read(
              ResourceKind.DATAPLANE, DomainJson.toBytes(document), ResourceDocument.Format.JSON);
      assertThat(DataplaneValidator.validate((DataplaneSpec) parsed.spec()))
          .as("%s: violations of %s", input, parsed.name())
          .isEmpty();
      dataplanes.add(
          new Resource(
              ResourceKey.dataplane(parsed.mesh(), parsed.name()), parsed.spec(), null, null));
    }
    List<Resource> policies = new ArrayList<>();
    for (JsonNode document : root.path("policies")) {
      ResourceKind kind = ResourceKind.byTypeName(document.get("type").asText()).orElseThrow();
      ResourceDocument.Parsed parsed =
          ResourceDocument.read(kind, DomainJson.toBytes(document), ResourceDocument.Format.JSON);
      assertThat(PolicyValidator.validate(kind, (PolicySpec) parsed.spec()))
          .as("%s: violations of %s", input, parsed.name())
          .isEmpty();
      policies.add(
          new Resource(
              new ResourceKey(kind, parsed.mesh(), parsed.name()), parsed.spec(), null, null));
    }
    // The mesh itself, when a case needs its settings (mTLS decides MeshTrafficPermission).
    for (JsonNode document : root.path("meshes")) {
      ResourceDocument.Parsed parsed =
          ResourceDocument.read(
              ResourceKind.MESH, DomainJson.toBytes(document), ResourceDocument.Format.JSON);
      policies.add(new Resource(ResourceKey.mesh(parsed.name()), parsed.spec(), null, null));
    }
    Resource dataplane =
        dataplanes.stream()
            .filter(d -> d.key().mesh().equals(mesh) && d.key().name().equals(proxy))
            .findFirst()
            .orElseThrow();
    ProxyRules rules = RulesBuilder.build(dataplane, policies);
    ProxyModel model =
        ProxyModelBuilder.build(
            dataplane,
            zone,
            ServiceEndpoints.index(
                dataplanes.stream().filter(d -> d.key().mesh().equals(mesh)).toList()),
            rules);
    XdsResources resources =
        "grpc".equals(root.path("proxyType").asText())
            ? GrpcProxylessRenderer.render(model)
            : EnvoySidecarRenderer.render(model);
    assertThat(XdsValidation.validate(resources)).as("%s: invalid config", input).isEmpty();
    return DomainJson.yaml().writeValueAsString(XdsJson.toTree(resources));
  }

  private static List<String> caseNames() {
    return GoldenCases.caseNames(directory());
  }

  private static Path directory() {
    return GoldenCases.directory("policies");
  }
}
