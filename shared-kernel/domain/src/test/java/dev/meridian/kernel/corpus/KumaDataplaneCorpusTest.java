package dev.meridian.kernel.corpus;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meridian.kernel.resource.DataplaneSpec;
import dev.meridian.kernel.resource.Resource;
import dev.meridian.kernel.resource.ResourceDocument;
import dev.meridian.kernel.resource.ResourceDocument.Format;
import dev.meridian.kernel.resource.ResourceDocument.Parsed;
import dev.meridian.kernel.resource.ResourceKey;
import dev.meridian.kernel.resource.ResourceKind;
import dev.meridian.kernel.validation.DataplaneValidator;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every Universal Dataplane example of Kuma 2.4's docs is read, valid, stored and shown as sent.
 */
class KumaDataplaneCorpusTest {

  static Stream<KumaCorpus.Example> examples() {
    return KumaCorpus.of("dataplane");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("examples")
  void isAcceptedUnchangedAndShownAsSent(KumaCorpus.Example example) {
    Parsed parsed = ResourceDocument.read(ResourceKind.DATAPLANE, example.yaml(), Format.YAML);
    DataplaneSpec stamped = ((DataplaneSpec) parsed.spec()).stampZone("zone-1");

    assertThat(DataplaneValidator.validate(stamped)).isEmpty();

    Resource stored =
        new Resource(
            ResourceKey.dataplane(parsed.mesh(), parsed.name()), stamped, Instant.EPOCH, null);
    var shown = ResourceDocument.render(stored);
    assertThat(KumaCorpus.lostOrChanged(example.tree(), shown)).isEmpty();
    // What is shown is a document Kuma users can apply again, and it reads back the same.
    byte[] again = dev.meridian.kernel.json.DomainJson.toBytes(shown);
    assertThat(ResourceDocument.read(ResourceKind.DATAPLANE, again, Format.JSON).spec())
        .isEqualTo(stamped);
  }
}
