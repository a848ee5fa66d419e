package dev.meridian.kernel.xds;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.meridian.kernel.json.DomainJson;
import dev.meridian.kernel.resource.DataplaneSpec;
import dev.meridian.kernel.resource.Resource;
import dev.meridian.kernel.resource.ResourceDocument;
import dev.meridian.kernel.resource.ResourceKey;
import dev.meridian.kernel.resource.ResourceKind;
import dev.meridian.kernel.resource.ZoneIngressSpec;
import dev.meridian.kernel.validation.DataplaneValidator;
import dev.meridian.kernel.xds.envoy.ZoneIngressRenderer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Golden files for a zone ingress's Envoy config. Each case is {@code <case>.input.yaml} (the zone,
 * its {@code ZoneIngress} and the dataplanes of every mesh, this zone's and others') and {@code
 * <case>.golden.yaml}; the ingress offers what the zone would compute from its dataplanes. Run with
 * {@code -Dgolden.update=true} to rewrite the golden files, then review the diff.
 */
class ZoneIngressRenderingGoldenTest {
  static final String REGENERATE =
      "mvn -pl shared-kernel/domain test -Dtest=ZoneIngressRenderingGoldenTest"
          + " -Dgolden.update=true";

  static Stream<String> cases() {
    return GoldenCases.caseNames(GoldenCases.directory("ingress")).stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void rendersEachCaseExactlyAsItsGoldenFile(String name) throws IOException {
    Path directory = GoldenCases.directory("ingress");
    String actual = render(directory.resolve(name + GoldenCases.INPUT_SUFFIX));
    GoldenCases.check(directory, name, actual, REGENERATE);
  }

  static String render(Path input) throws IOException {
    JsonNode root = DomainJson.yaml().readTree(Files.readAllBytes(input));
    String zone = root.get("zone").asText();
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
    ResourceDocument.Parsed ingress =
        ResourceDocument.read(
            ResourceKind.ZONE_INGRESS,
            DomainJson.toBytes(root.get("ingress")),
            ResourceDocument.Format.JSON);
    // What the zone keeps on its ingress: the services of its own dataplanes.
    List<Resource> local =
        dataplanes.stream()
            .filter(
                d ->
                    ((DataplaneSpec) d.spec())
                        .networking().inbounds().stream()
                            .anyMatch(i -> zone.equals(i.tags().get(DataplaneSpec.ZONE_TAG))))
            .toList();
    ZoneIngressSpec spec =
        ((ZoneIngressSpec) ingress.spec()).withZone(zone).withServices(AvailableServices.of(local));
    XdsResources resources =
        ZoneIngressRenderer.render(
            spec,
            zone,
            mesh ->
                ServiceEndpoints.index(
                    dataplanes.stream().filter(d -> d.key().mesh().equals(mesh)).toList()));
    assertThat(XdsValidation.validate(resources)).as("%s: invalid config", input).isEmpty();
    return DomainJson.yaml().writeValueAsString(XdsJson.toTree(resources));
  }
}
