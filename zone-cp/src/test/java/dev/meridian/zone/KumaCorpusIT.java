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
 * Each Universal Dataplane and Mesh example of Kuma 2.4's docs, applied unchanged over real HTTP to
 * a standalone zone on a real broker: accepted, and read back (JSON and YAML) as sent (a dataplane
 * with the zone's stamp).
 */
class KumaCorpusIT {
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

  static List<Path> corpus(String kind) throws IOException, URISyntaxException {
    Path dir = Path.of(KumaCorpusIT.class.getResource("/kuma-corpus/" + kind).toURI());
    try (var files = Files.list(dir)) {
      return files.sorted().toList();
    }
  }

  static List<Path> dataplanes() throws IOException, URISyntaxException {
    return corpus("dataplane");
  }

  static List<Path> meshes() throws IOException, URISyntaxException {
    return corpus("mesh");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("meshes")
  void aMeshIsAppliedUnchangedAndReadBack(Path example) throws IOException {
    byte[] yaml = Files.readAllBytes(example);
    var sent = ResourceDocument.read(ResourceKind.MESH, yaml, Format.YAML);
    String path = "/meshes/" + sent.name();

    Http.Response put = http.put(path, yaml, "application/yaml");
    assertThat(put.status()).as(put.body()).isIn(200, 201);

    for (String accept : List.of("application/json", "application/yaml")) {
      Http.Response shown = http.get(path, accept);
      assertThat(shown.status()).isEqualTo(200);
      Format format = accept.endsWith("json") ? Format.JSON : Format.YAML;
      assertThat(
              ResourceDocument.read(
                      ResourceKind.MESH, shown.body().getBytes(StandardCharsets.UTF_8), format)
                  .spec())
          .isEqualTo(sent.spec());
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("dataplanes")
  void aDataplaneIsAppliedUnchangedAndReadBack(Path example) throws IOException {
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

  @org.junit.jupiter.api.Test
  void aMeshBreakingKumasRulesIsRefusedWithItsFieldPathsAndNotStored() {
    Http.Response put =
        http.put(
            "/meshes/broken-logging",
            """
            type: Mesh
            name: broken-logging
            logging:
              defaultBackend: nowhere
              backends: [{name: tcp, type: tcp, conf: {address: no-port}}]
            """,
            "application/yaml");
    assertThat(put.status()).isEqualTo(400);
    assertThat(put.json().get("invalid_parameters").toString())
        .contains("logging.backends[0].config.address")
        .contains("has to be in format of HOST:PORT")
        .contains("logging.defaultBackend");
    assertThat(http.get("/meshes/broken-logging").status()).isEqualTo(404);
  }
}
