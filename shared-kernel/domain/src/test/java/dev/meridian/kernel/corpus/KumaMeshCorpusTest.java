package dev.meridian.kernel.corpus;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meridian.kernel.json.DomainJson;
import dev.meridian.kernel.resource.MeshSpec;
import dev.meridian.kernel.resource.Resource;
import dev.meridian.kernel.resource.ResourceDocument;
import dev.meridian.kernel.resource.ResourceDocument.Format;
import dev.meridian.kernel.resource.ResourceDocument.Parsed;
import dev.meridian.kernel.resource.ResourceKey;
import dev.meridian.kernel.resource.ResourceKind;
import dev.meridian.kernel.validation.MeshValidator;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every Mesh example of Kuma 2.4's docs is read, valid, stored and shown as sent. */
class KumaMeshCorpusTest {

  static Stream<KumaCorpus.Example> examples() {
    return KumaCorpus.of("mesh");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("examples")
  void isAcceptedUnchangedAndShownAsSent(KumaCorpus.Example example) {
    Parsed parsed = ResourceDocument.read(ResourceKind.MESH, example.yaml(), Format.YAML);
    MeshSpec spec = (MeshSpec) parsed.spec();

    assertThat(MeshValidator.validate(spec)).isEmpty();

    var shown =
        ResourceDocument.render(
            new Resource(ResourceKey.mesh(parsed.name()), spec, Instant.EPOCH, null));
    assertThat(KumaCorpus.lostOrChanged(example.tree(), shown)).isEmpty();
    byte[] again = DomainJson.toBytes(shown);
    assertThat(ResourceDocument.read(ResourceKind.MESH, again, Format.JSON).spec()).isEqualTo(spec);
  }
}
