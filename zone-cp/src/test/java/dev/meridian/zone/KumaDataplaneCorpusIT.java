package dev.meridian.zone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.meridian.kernel.resource.DataplaneSpec;
import dev.meridian.kernel.resource.ResourceDocument;
import dev.meridian.kernel.resource.ResourceDocument.Format;
import dev.meridian.kernel.resource.ResourceKind;
import dev.meridian.testkit.Http;
import dev.meridian.zone.support.RunningZone;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each Universal Dataplane example of Kuma 2.4's docs, applied unchanged over real HTTP to a zone
 * on a real broker: accepted, and read back (JSON and YAML) as the same dataplane plus the zone's
 * stamp.
 */
class KumaDataplaneCorpusIT {
  @TempDir static Path dataDir;
  static RunningZone zone;
  static Http http;

  @BeforeAll
  static void start() {
    zone = RunningZone.start("corpus-" + UUID.randomUUID().toString().substring(0, 8), dataDir);
    http = new Http(zone.baseUrl());
    await().atMost(Duration.ofSeconds(30)).until(() -> http.get("/meshes/default").status() == 200);
  }

  @AfterAll
  static void stop() {
    zone.close();
  }

  static List<Path> examples() throws IOException, URISyntaxException {
    Path dir = Path.of(KumaDataplaneCorpusIT.class.getResource("/kuma-corpus/dataplane").toURI());
    try (var files = Files.list(dir)) {
      return files.sorted().toList();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("examples")
  void isAppliedUnchangedAndReadBack(Path example) throws IOException {
    byte[] yaml = Files.readAllBytes(example);
    var sent = ResourceDocument.read(ResourceKind.DATAPLANE, yaml, Format.YAML);
    String path = "/meshes/" + sent.mesh() + "/dataplanes/" + sent.name();

    Http.Response put = http.put(path, yaml, "application/yaml");
    assertThat(put.status()).as(put.body()).isIn(200, 201);

    DataplaneSpec expected = ((DataplaneSpec) sent.spec()).stampZone(zone.zone());
    Http.Response json = http.get(path);
    assertThat(json.status()).isEqualTo(200);
    assertThat(
            ResourceDocument.read(
                    ResourceKind.DATAPLANE,
                    json.body().getBytes(StandardCharsets.UTF_8),
                    Format.JSON)
                .spec())
        .isEqualTo(expected);
    Http.Response asYaml = http.get(path, "application/yaml");
    assertThat(
            ResourceDocument.read(
                    ResourceKind.DATAPLANE,
                    asYaml.body().getBytes(StandardCharsets.UTF_8),
                    Format.YAML)
                .spec())
        .isEqualTo(expected);
  }
}
