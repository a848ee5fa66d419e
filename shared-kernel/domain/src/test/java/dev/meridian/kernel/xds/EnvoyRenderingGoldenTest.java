package dev.meridian.kernel.xds;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.meridian.kernel.json.DomainJson;
import dev.meridian.kernel.resource.DataplaneSpec;
import dev.meridian.kernel.resource.Resource;
import dev.meridian.kernel.resource.ResourceDocument;
import dev.meridian.kernel.resource.ResourceKey;
import dev.meridian.kernel.resource.ResourceKind;
import dev.meridian.kernel.validation.DataplaneValidator;
import dev.meridian.kernel.xds.envoy.EnvoySidecarRenderer;
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
 * Golden files for the Envoy sidecar rendering. Each case is {@code <case>.input.yaml} (the zone,
 * the proxy to render, the mesh and Kuma Dataplane documents) and {@code <case>.golden.yaml} (the
 * rendered resources with their versions, as YAML). Run with {@code -Dgolden.update=true} to
 * rewrite the golden files, then review the diff: that review is what makes them worth having.
 */
class EnvoyRenderingGoldenTest {

  static final String UPDATE_PROPERTY = "golden.update";
  static final String REGENERATE =
      "mvn -pl shared-kernel/domain test -Dtest=EnvoyRenderingGoldenTest -Dgolden.update=true";

  private static final String INPUT_SUFFIX = ".input.yaml";
  private static final String GOLDEN_SUFFIX = ".golden.yaml";
  private static final int MAX_DIFF_LINES = 25;

  private static final List<String> REQUIRED_CASES =
      List.of(
          "http-inbound-and-outbound",
          "tcp",
          "grpc",
          "two-inbounds",
          "gateway",
          "service-with-endpoints-in-zone",
          "outbound-without-endpoints",
          "admin-on-loopback",
          "service-address");

  static Stream<String> cases() {
    List<String> cases = caseNames();
    if (cases.isEmpty()) {
      throw new IllegalStateException("no golden cases (*" + INPUT_SUFFIX + ") in " + directory());
    }
    return cases.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void rendersEachCaseExactlyAsItsGoldenFile(String name) throws IOException {
    String actual = render(directory().resolve(name + INPUT_SUFFIX));
    GoldenCases.check(directory(), name, actual, REGENERATE);
  }

  @Test
  void hasEveryRequiredCase() {
    assertThat(caseNames()).containsAll(REQUIRED_CASES);
  }

  @Test
  void everyGoldenFileHasItsInput() throws IOException {
    List<String> orphans;
    try (Stream<Path> files = Files.list(directory())) {
      orphans =
          files
              .map(p -> p.getFileName().toString())
              .filter(f -> f.endsWith(GOLDEN_SUFFIX))
              .map(f -> f.substring(0, f.length() - GOLDEN_SUFFIX.length()))
              .filter(c -> !Files.exists(directory().resolve(c + INPUT_SUFFIX)))
              .toList();
    }
    assertThat(orphans).as("golden files without an input").isEmpty();
  }

  @Test
  void diffShowsTheFirstDifferingLinesWithContext() {
    String diff = diff("a\nb\nc\nd\n", "a\nb\nX\nd\n");

    assertThat(diff).contains("line 3").contains("-c").contains("+X").contains(" b");
  }

  /** Reads one case and renders its proxy, as YAML. */
  static String render(Path input) throws IOException {
    return DomainJson.yaml().writeValueAsString(XdsJson.toTree(renderResources(input)));
  }

  /** Reads one case and renders its proxy the way a zone control plane would. */
  static XdsResources renderResources(Path input) throws IOException {
    JsonNode root = DomainJson.yaml().readTree(Files.readAllBytes(input));
    String zone = required(root, "zone", input);
    String proxy = required(root, "proxy", input);
    String mesh = root.hasNonNull("mesh") ? root.get("mesh").asText() : "default";
    JsonNode documents = root.get("dataplanes");
    if (documents == null || !documents.isArray()) {
      throw new IllegalArgumentException(input + ": dataplanes must be a list");
    }

    List<Resource> dataplanes = new ArrayList<>();
    for (JsonNode document : documents) {
      ResourceDocument.Parsed parsed =
          ResourceDocument.read(
              ResourceKind.DATAPLANE, DomainJson.toBytes(document), ResourceDocument.Format.JSON);
      assertThat(parsed.type()).as("%s: type of %s", input, parsed.name()).isEqualTo("Dataplane");
      assertThat(DataplaneValidator.validate((DataplaneSpec) parsed.spec()))
          .as("%s: violations of %s", input, parsed.name())
          .isEmpty();
      dataplanes.add(
          new Resource(
              ResourceKey.dataplane(parsed.mesh(), parsed.name()), parsed.spec(), null, null));
    }
    List<Resource> ofMesh = dataplanes.stream().filter(d -> d.key().mesh().equals(mesh)).toList();
    Resource dataplane =
        ofMesh.stream()
            .filter(d -> d.key().name().equals(proxy))
            .findFirst()
            .orElseThrow(
                () -> new IllegalArgumentException(input + ": no dataplane " + mesh + "/" + proxy));

    ProxyModel model = ProxyModelBuilder.build(dataplane, zone, ServiceEndpoints.index(ofMesh));
    return EnvoySidecarRenderer.render(model);
  }

  private static String required(JsonNode root, String field, Path input) {
    JsonNode node = root.get(field);
    if (node == null || !node.isTextual()) {
      throw new IllegalArgumentException(input + ": " + field + " must be a string");
    }
    return node.asText();
  }

  /** The differing region (common prefix and suffix trimmed), with a few lines of context. */
  static String diff(String expected, String actual) {
    List<String> want = expected.lines().toList();
    List<String> got = actual.lines().toList();
    if (want.equals(got)) {
      return "(the files differ only in line endings or the final newline)";
    }
    int first = 0;
    while (first < want.size() && first < got.size() && want.get(first).equals(got.get(first))) {
      first++;
    }
    int wantEnd = want.size();
    int gotEnd = got.size();
    while (wantEnd > first && gotEnd > first && want.get(wantEnd - 1).equals(got.get(gotEnd - 1))) {
      wantEnd--;
      gotEnd--;
    }
    StringBuilder out = new StringBuilder();
    out.append("first difference at line ").append(first + 1).append(" (- golden, + actual):\n");
    for (int i = Math.max(0, first - 3); i < first; i++) {
      out.append(" ").append(want.get(i)).append('\n');
    }
    appendLines(out, '-', want.subList(first, wantEnd));
    appendLines(out, '+', got.subList(first, gotEnd));
    for (int i = wantEnd; i < Math.min(want.size(), wantEnd + 3); i++) {
      out.append(" ").append(want.get(i)).append('\n');
    }
    return out.toString();
  }

  private static void appendLines(StringBuilder out, char sign, List<String> lines) {
    lines.stream()
        .limit(MAX_DIFF_LINES)
        .forEach(line -> out.append(sign).append(line).append('\n'));
    if (lines.size() > MAX_DIFF_LINES) {
      out.append(sign)
          .append(" ... ")
          .append(lines.size() - MAX_DIFF_LINES)
          .append(" more lines\n");
    }
  }

  private static List<String> caseNames() {
    return GoldenCases.caseNames(directory());
  }

  /**
   * The source folder of the cases, so that updates land in the sources: the module directory is
   * the working directory under Maven; otherwise it is found from the compiled test resources.
   */
  private static Path directory() {
    return GoldenCases.directory("envoy");
  }
}
