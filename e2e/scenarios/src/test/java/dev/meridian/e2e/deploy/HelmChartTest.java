package dev.meridian.e2e.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

/** The Helm chart, rendered by Helm's own engine for both modes, lints and yields sound objects. */
class HelmChartTest {
  static final Path CHART =
      Path.of(System.getProperty("user.dir")).resolve("../../deploy/helm/meridian").normalize();
  static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  static final Pattern DNS_LABEL = Pattern.compile("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$");

  @Test
  void theChartLintsClean() {
    LintResult result = new Helm(CHART).lint().strict().call();
    assertThat(result.isFailed()).as(String.join("\n", result.getMessages())).isFalse();
  }

  @Test
  void globalModeRendersAGlobalControlPlane() throws IOException {
    List<JsonNode> objects = render(t -> t.set("mode", "global"));
    // One replica: no PodDisruptionBudget, which would only block node drains.
    assertThat(kinds(objects)).containsExactlyInAnyOrder("Deployment", "Service");
    JsonNode container = deployment(objects).at("/spec/template/spec/containers/0");
    assertThat(container.get("image").asText()).isEqualTo("meridian/global-cp:0.1.0");
    assertThat(args(container)).contains("--meridian.zones.offline-timeout=20s");
    assertThat(ports(container)).containsExactly("api");
    objects.forEach(HelmChartTest::assertSound);
  }

  @Test
  void zoneModeRendersAZoneWithSecretsByReferenceAndAServiceMonitor() throws IOException {
    List<JsonNode> objects =
        render(
            t ->
                t.set("mode", "zone")
                    .set("zone", "east")
                    .set("globalControlPlane", "https://global.example:5681")
                    .set("kafka.properties.security\\.protocol", "SASL_SSL")
                    .set("kafka.jaasConfigSecret.name", "kafka-user")
                    .set("postgres.url", "jdbc:postgresql://db:5432/meridian")
                    .set("postgres.existingSecret.name", "db-user")
                    .set("replicaCount", "2")
                    .set("serviceMonitor.enabled", "true")
                    .set("auth.keySecret.name", "meridian-key")
                    .set("tls.secretName", "meridian-tls"));
    assertThat(kinds(objects))
        .containsExactlyInAnyOrder(
            "Deployment", "Service", "PodDisruptionBudget", "ServiceMonitor");
    JsonNode container = deployment(objects).at("/spec/template/spec/containers/0");
    assertThat(container.get("image").asText()).isEqualTo("meridian/zone-cp:0.1.0");
    assertThat(args(container))
        .contains(
            "--meridian.zone=east",
            "--meridian.mode=multizone",
            "--meridian.global-control-plane=https://global.example:5681",
            "--meridian.kafka.topic-replication-factor=3",
            "--meridian.kafka.topic-min-insync-replicas=2",
            "--meridian.kafka.properties.security.protocol=SASL_SSL",
            "--meridian.kafka.properties.sasl.jaas.config=$(KAFKA_SASL_JAAS_CONFIG)",
            "--spring.datasource.url=jdbc:postgresql://db:5432/meridian");
    assertThat(container.get("env").findValues("secretKeyRef"))
        .extracting(ref -> ref.get("name").asText())
        .containsExactlyInAnyOrder("kafka-user", "db-user", "db-user");
    assertThat(ports(container)).containsExactly("api", "dp-server");
    // The control plane key comes from its Secret, as a read-only file outside the data volume.
    assertThat(container.get("env").findValuesAsText("value"))
        .contains("/etc/meridian/keys/control-plane.key");
    assertThat(container.get("volumeMounts").findValuesAsText("mountPath"))
        .contains("/etc/meridian/keys");
    assertThat(deployment(objects).at("/spec/template/spec/volumes").findValuesAsText("secretName"))
        .containsExactlyInAnyOrder("meridian-key", "meridian-tls");
    assertThat(deployment(objects).at("/spec/replicas").asInt()).isEqualTo(2);
    // Two replicas: a voluntary disruption (drain, upgrade) keeps one of them serving.
    JsonNode budget =
        objects.stream()
            .filter(o -> o.get("kind").asText().equals("PodDisruptionBudget"))
            .findFirst()
            .orElseThrow();
    assertThat(budget.at("/spec/minAvailable").asInt()).isEqualTo(1);
    assertThat(budget.at("/spec/selector/matchLabels"))
        .isEqualTo(deployment(objects).at("/spec/selector/matchLabels"));
    objects.forEach(HelmChartTest::assertSound);
  }

  @Test
  void tlsFromASecretIsMountedAndWiredToTheSettings() throws IOException {
    List<JsonNode> objects = render(t -> t.set("tls.secretName", "meridian-tls"));
    JsonNode pod = deployment(objects).at("/spec/template/spec");
    JsonNode container = pod.at("/containers/0");
    assertThat(env(container))
        .containsEntry("MERIDIAN_TLS_ENABLED", "true")
        .containsEntry("MERIDIAN_TLS_CERT_FILE", "/etc/meridian/tls/tls.crt")
        .containsEntry("MERIDIAN_TLS_KEY_FILE", "/etc/meridian/tls/tls.key")
        .containsEntry("MERIDIAN_TLS_CA_FILE", "/etc/meridian/tls/ca.crt");
    JsonNode mount = volumeMount(container, "/etc/meridian/tls");
    assertThat(mount.get("readOnly").asBoolean()).isTrue();
    JsonNode volume = volume(pod, mount.get("name").asText());
    assertThat(volume.at("/secret/secretName").asText()).isEqualTo("meridian-tls");
    assertThat(volume.at("/secret/defaultMode").asInt()).isEqualTo(0400);
    // Nothing is generated when the Secret is given.
    assertThat(args(container)).noneMatch(a -> a.startsWith("--meridian.tls.extra-sans"));
    assertThat(container.at("/readinessProbe/httpGet/scheme").asText()).isEqualTo("HTTPS");
    assertThat(container.at("/livenessProbe/httpGet/scheme").asText()).isEqualTo("HTTPS");

    // A Secret without ca.crt (kubectl create secret tls): the chain's last certificate is used.
    JsonNode withoutCa =
        deployment(render(t -> t.set("tls.secretName", "meridian-tls").set("tls.caKey", "")))
            .at("/spec/template/spec/containers/0");
    assertThat(env(withoutCa)).doesNotContainKey("MERIDIAN_TLS_CA_FILE");
    objects.forEach(HelmChartTest::assertSound);
  }

  @Test
  void tlsIsOnByDefaultWithAGeneratedCertificateForTheServicesNames() throws IOException {
    List<JsonNode> objects = render(t -> t.set("serviceMonitor.enabled", "true"));
    JsonNode container = deployment(objects).at("/spec/template/spec/containers/0");
    assertThat(env(container)).containsEntry("MERIDIAN_TLS_ENABLED", "true");
    assertThat(env(container)).doesNotContainKey("MERIDIAN_TLS_CERT_FILE");
    assertThat(args(container))
        .contains(
            "--meridian.tls.extra-sans=mesh-zone-1,mesh-zone-1.meridian,mesh-zone-1.meridian.svc,"
                + "mesh-zone-1.meridian.svc.cluster.local");
    assertThat(container.at("/readinessProbe/httpGet/scheme").asText()).isEqualTo("HTTPS");
    JsonNode monitor =
        objects.stream()
            .filter(o -> "ServiceMonitor".equals(o.get("kind").asText()))
            .findFirst()
            .orElseThrow();
    assertThat(monitor.at("/spec/endpoints/0/scheme").asText()).isEqualTo("HTTPS");
  }

  @Test
  void plaintextOnlyByExplicitSetting() throws IOException {
    List<JsonNode> objects =
        render(t -> t.set("tls.enabled", "false").set("tls.secretName", "meridian-tls"));
    JsonNode pod = deployment(objects).at("/spec/template/spec");
    JsonNode container = pod.at("/containers/0");
    assertThat(env(container))
        .containsEntry("MERIDIAN_TLS_ENABLED", "false")
        .doesNotContainKey("MERIDIAN_TLS_CERT_FILE");
    assertThat(container.at("/readinessProbe/httpGet/scheme").asText()).isEqualTo("HTTP");
    assertThat(pod.at("/volumes").findValuesAsText("secretName")).doesNotContain("meridian-tls");
  }

  @Test
  void impossibleSettingsAreRefusedAtRenderTime() {
    assertThatThrownBy(() -> render(t -> t.set("mode", "both")))
        .hasMessageContaining("mode must be");
    assertThatThrownBy(() -> render(t -> t.set("replicaCount", "3")))
        .hasMessageContaining("needs postgres.url");
    assertThatThrownBy(
            () ->
                render(
                    t ->
                        t.set("replicaCount", "3")
                            .set("postgres.url", "jdbc:postgresql://db:5432/meridian")))
        .hasMessageContaining("needs auth.keySecret");
    assertThatThrownBy(
            () ->
                render(
                    t ->
                        t.set("replicaCount", "2")
                            .set("postgres.url", "jdbc:postgresql://db:5432/meridian")
                            .set("auth.keySecret.name", "meridian-key")))
        .hasMessageContaining("needs tls.secretName");
  }

  static Map<String, String> env(JsonNode container) {
    Map<String, String> out = new java.util.LinkedHashMap<>();
    container.get("env").forEach(e -> out.put(e.get("name").asText(), e.path("value").asText()));
    return out;
  }

  static JsonNode volumeMount(JsonNode container, String path) {
    return StreamSupport.stream(container.get("volumeMounts").spliterator(), false)
        .filter(m -> path.equals(m.get("mountPath").asText()))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no volume mounted at " + path));
  }

  static JsonNode volume(JsonNode pod, String name) {
    return StreamSupport.stream(pod.get("volumes").spliterator(), false)
        .filter(v -> name.equals(v.get("name").asText()))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no volume " + name));
  }

  static List<JsonNode> render(UnaryOperator<TemplateCommand> values) throws IOException {
    String manifests =
        values.apply(new Helm(CHART).template().withName("mesh").withNamespace("meridian")).call();
    List<JsonNode> objects = new ArrayList<>();
    try (YAMLParser parser = new YAMLFactory().createParser(manifests)) {
      StreamSupport.stream(YAML.readValues(parser, JsonNode.class).readAll().spliterator(), false)
          .filter(node -> node != null && !node.isMissingNode() && !node.isNull())
          .forEach(objects::add);
    }
    return objects;
  }

  /** What the API server checks first: identity, a DNS name, and workload wiring that adds up. */
  static void assertSound(JsonNode object) {
    assertThat(object.path("apiVersion").asText()).isNotEmpty();
    assertThat(object.path("kind").asText()).isNotEmpty();
    assertThat(object.at("/metadata/name").asText())
        .matches(DNS_LABEL)
        .hasSizeLessThanOrEqualTo(63);
    if ("Deployment".equals(object.get("kind").asText())) {
      Map<String, Object> selector =
          YAML.convertValue(object.at("/spec/selector/matchLabels"), Map.class);
      Map<String, Object> labels =
          YAML.convertValue(object.at("/spec/template/metadata/labels"), Map.class);
      assertThat(labels).containsAllEntriesOf(selector);
      JsonNode container = object.at("/spec/template/spec/containers/0");
      List<String> ports = ports(container);
      ports.forEach(port -> assertThat(port).hasSizeLessThanOrEqualTo(15));
      assertThat(ports)
          .contains(
              container.at("/livenessProbe/httpGet/port").asText(),
              container.at("/readinessProbe/httpGet/port").asText());
    }
  }

  static List<String> kinds(List<JsonNode> objects) {
    return objects.stream().map(o -> o.get("kind").asText()).toList();
  }

  static JsonNode deployment(List<JsonNode> objects) {
    return objects.stream()
        .filter(o -> "Deployment".equals(o.get("kind").asText()))
        .findFirst()
        .orElseThrow();
  }

  static List<String> args(JsonNode container) {
    List<String> out = new ArrayList<>();
    container.get("args").forEach(a -> out.add(a.asText()));
    return out;
  }

  static List<String> ports(JsonNode container) {
    List<String> out = new ArrayList<>();
    container.get("ports").forEach(p -> out.add(p.get("name").asText()));
    return out;
  }
}
