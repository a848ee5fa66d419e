package dev.meridian.kernel.resource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.meridian.kernel.json.DomainJson;
import dev.meridian.kernel.resource.DataplaneSpec.Admin;
import dev.meridian.kernel.resource.DataplaneSpec.Health;
import dev.meridian.kernel.resource.DataplaneSpec.Inbound;
import dev.meridian.kernel.resource.DataplaneSpec.Networking;
import dev.meridian.kernel.resource.DataplaneSpec.Outbound;
import dev.meridian.kernel.resource.DataplaneSpec.ServiceProbe;
import dev.meridian.kernel.resource.DataplaneSpec.TcpProbe;
import dev.meridian.kernel.resource.ResourceDocument.Format;
import dev.meridian.kernel.resource.ResourceDocument.Parsed;
import dev.meridian.kernel.validation.DataplaneValidator;
import dev.meridian.kernel.validation.InvalidResourceException;
import dev.meridian.kernel.validation.MalformedInputException;
import dev.meridian.kernel.validation.Violation;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ResourceDocumentTest {

  private static final String KUMA_DATAPLANE_JSON =
      """
      {"type":"Dataplane","mesh":"default","name":"dp-1",
       "creationTime":"2024-01-02T10:00:00.123456Z","modificationTime":"2024-01-02T10:00:00Z",
       "networking":{"address":"192.168.0.1",
         "inbound":[{"port":8080,"servicePort":80,"serviceAddress":"127.0.0.1",
                     "tags":{"kuma.io/service":"backend","kuma.io/protocol":"http"},
                     "health":{"ready":true},
                     "serviceProbe":{"interval":"10s","timeout":"2s","unhealthyThreshold":3,"healthyThreshold":1,"tcp":{}}}],
         "outbound":[{"port":33033,"tags":{"kuma.io/service":"redis"}}],
         "admin":{"port":9901}}}
      """;

  private static final String KUMA_DATAPLANE_YAML =
      """
      type: Dataplane
      mesh: default
      name: dp-1
      creationTime: "2024-01-02T10:00:00.123456Z"
      modificationTime: 2024-01-02T10:00:00Z
      networking:
        address: 192.168.0.1
        inbound:
          - port: 8080
            servicePort: 80
            serviceAddress: 127.0.0.1
            tags:
              kuma.io/service: backend
              kuma.io/protocol: http
            health:
              ready: true
            serviceProbe:
              interval: 10s
              timeout: 2s
              unhealthyThreshold: 3
              healthyThreshold: 1
              tcp: {}
        outbound:
          - port: 33033
            tags:
              kuma.io/service: redis
        admin:
          port: 9901
      """;

  private static final DataplaneSpec EXPECTED_DATAPLANE =
      new DataplaneSpec(
          new Networking(
              "192.168.0.1",
              null,
              List.of(
                  new Inbound(
                      8080,
                      80,
                      "127.0.0.1",
                      null,
                      Map.of("kuma.io/service", "backend", "kuma.io/protocol", "http"),
                      new ServiceProbe("10s", "2s", 3, 1, new TcpProbe()),
                      null,
                      new Health(true))),
              List.of(new Outbound(33033, null, Map.of("kuma.io/service", "redis"))),
              null,
              new Admin(9901)));

  private static Parsed readDataplane(String body) {
    return ResourceDocument.read(ResourceKind.DATAPLANE, utf8(body), Format.JSON);
  }

  private static List<Violation> violationsOf(String body) {
    return catchThrowableOfType(InvalidResourceException.class, () -> readDataplane(body))
        .violations();
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static String inboundDocument(String inboundJson) {
    return "{\"type\":\"Dataplane\",\"mesh\":\"default\",\"name\":\"dp-1\","
        + "\"networking\":{\"address\":\"10.0.0.1\",\"inbound\":["
        + inboundJson
        + "]}}";
  }

  @Test
  void readsAKumaJsonDataplaneWithMetaAndSpecAtTopLevel() {
    Parsed parsed = readDataplane(KUMA_DATAPLANE_JSON);

    assertThat(parsed.type()).isEqualTo("Dataplane");
    assertThat(parsed.mesh()).isEqualTo("default");
    assertThat(parsed.name()).isEqualTo("dp-1");
    assertThat(parsed.spec()).isEqualTo(EXPECTED_DATAPLANE);
    assertThat(DataplaneValidator.validate((DataplaneSpec) parsed.spec())).isEmpty();
  }

  @Test
  void readsTheSameDataplaneFromKumaYaml() {
    Parsed parsed =
        ResourceDocument.read(ResourceKind.DATAPLANE, utf8(KUMA_DATAPLANE_YAML), Format.YAML);

    assertThat(parsed).isEqualTo(new Parsed("Dataplane", "default", "dp-1", EXPECTED_DATAPLANE));
  }

  @Test
  void acceptsAndIgnoresTimestamps() {
    String withGarbageTimes =
        "{\"type\":\"Dataplane\",\"mesh\":\"default\",\"name\":\"dp-1\","
            + "\"creationTime\":\"yesterday\",\"modificationTime\":42,"
            + "\"networking\":{\"address\":\"10.0.0.1\"}}";
    String withoutTimes =
        "{\"type\":\"Dataplane\",\"mesh\":\"default\",\"name\":\"dp-1\","
            + "\"networking\":{\"address\":\"10.0.0.1\"}}";

    assertThat(readDataplane(withGarbageTimes)).isEqualTo(readDataplane(withoutTimes));
  }

  @Test
  void missingMetaFieldsAreNullNotErrors() {
    Parsed parsed = readDataplane("{\"networking\":{\"address\":\"10.0.0.1\"}}");

    assertThat(parsed.type()).isNull();
    assertThat(parsed.mesh()).isNull();
    assertThat(parsed.name()).isNull();
    assertThat(((DataplaneSpec) parsed.spec()).networking().address()).isEqualTo("10.0.0.1");
  }

  @Test
  void readsAKumaMeshDocument() {
    String mesh =
        """
        {"type":"Mesh","name":"mesh-1","creationTime":"0001-01-01T00:00:00Z",
         "modificationTime":"0001-01-01T00:00:00Z",
         "mtls":{"enabledBackend":"builtin-1","backends":[{"name":"builtin-1","type":"builtin"}]},
         "routing":{"localityAwareLoadBalancing":true,"zoneEgress":true},
         "skipCreatingInitialPolicies":["*"]}
        """;

    Parsed parsed = ResourceDocument.read(ResourceKind.MESH, utf8(mesh), Format.JSON);

    assertThat(parsed.type()).isEqualTo("Mesh");
    assertThat(parsed.name()).isEqualTo("mesh-1");
    assertThat(parsed.mesh()).isNull();
    MeshSpec spec = (MeshSpec) parsed.spec();
    assertThat(spec.mtls().path("enabledBackend").asText()).isEqualTo("builtin-1");
    assertThat(spec.routing().path("zoneEgress").asBoolean()).isTrue();
    assertThat(spec.skipCreatingInitialPolicies()).containsExactly("*");
    assertThat(spec.tracing()).isNull();
  }

  @Test
  void readsAMinimalMeshAsAnEmptySpec() {
    Parsed parsed =
        ResourceDocument.read(ResourceKind.MESH, utf8("type: Mesh\nname: default\n"), Format.YAML);

    assertThat(parsed.spec()).isEqualTo(MeshSpec.empty());
  }

  @Test
  void unknownTopLevelMeshFieldIsRejected() {
    assertThatThrownBy(
            () ->
                ResourceDocument.read(
                    ResourceKind.MESH, utf8("{\"name\":\"m\",\"mtsl\":{}}"), Format.JSON))
        .isInstanceOfSatisfying(
            InvalidResourceException.class,
            e ->
                assertThat(e.violations()).containsExactly(new Violation("mtsl", "unknown field")));
  }

  @Test
  void unknownNestedFieldIsAViolationAtItsPath() {
    assertThat(violationsOf(inboundDocument("{\"port\":8080,\"bogus\":1}")))
        .containsExactly(new Violation("networking.inbound[0].bogus", "unknown field"));
  }

  @Test
  void unknownTopLevelFieldIsAViolationAtItsName() {
    assertThat(violationsOf("{\"type\":\"Dataplane\",\"networkin\":{}}"))
        .containsExactly(new Violation("networkin", "unknown field"));
  }

  @Test
  void wrongTypeIsAViolationAtItsPathSayingWhatItMustBe() {
    List<Violation> violations = violationsOf(inboundDocument("{\"port\":\"abc\"}"));

    assertThat(violations).hasSize(1);
    assertThat(violations.get(0).field()).isEqualTo("networking.inbound[0].port");
    assertThat(violations.get(0).reason()).startsWith("must be an integer");
  }

  @Test
  void wrongTypeInASecondListElementHasItsIndex() {
    List<Violation> violations =
        violationsOf(
            inboundDocument(
                "{\"port\":8080,\"tags\":{\"kuma.io/service\":\"a\"}},"
                    + "{\"port\":8081,\"health\":{\"ready\":\"yes\"}}"));

    assertThat(violations).hasSize(1);
    assertThat(violations.get(0).field()).isEqualTo("networking.inbound[1].health.ready");
    assertThat(violations.get(0).reason()).startsWith("must be a boolean");
  }

  @Test
  void nonStringTagValueIsAViolationAtTheQuotedKey() {
    List<Violation> violations =
        violationsOf(inboundDocument("{\"port\":8080,\"tags\":{\"kuma.io/service\":{\"a\":1}}}"));

    assertThat(violations)
        .containsExactly(
            new Violation("networking.inbound[0].tags[\"kuma.io/service\"]", "must be a string"));
  }

  @Test
  void listWhereAnObjectIsExpectedSaysSo() {
    List<Violation> violations =
        violationsOf("{\"networking\":{\"address\":\"10.0.0.1\",\"inbound\":{\"port\":1}}}");

    assertThat(violations).containsExactly(new Violation("networking.inbound", "must be a list"));
  }

  @Test
  void nonStringMetaFieldIsAViolation() {
    assertThat(violationsOf("{\"type\":\"Dataplane\",\"name\":7,\"networking\":{}}"))
        .containsExactly(new Violation("name", "must be a string"));
  }

  @Test
  void metaAndSpecViolationsAreReportedTogether() {
    assertThat(violationsOf("{\"type\":[],\"mesh\":{},\"name\":\"x\",\"bogus\":true}"))
        .containsExactly(
            new Violation("type", "must be a string"),
            new Violation("mesh", "must be a string"),
            new Violation("bogus", "unknown field"));
  }

  @Test
  void malformedJsonIsMalformedInputWithLineAndColumn() {
    String body = "{\n  \"type\": \"Dataplane\",\n  \"name\": \n}";

    assertThatThrownBy(() -> readDataplane(body))
        .isInstanceOf(MalformedInputException.class)
        .hasMessageContaining("JSON")
        .hasMessageContaining("line 4")
        .hasMessageContaining("column");
  }

  @Test
  void trailingGarbageIsMalformedInput() {
    assertThatThrownBy(() -> readDataplane("{\"type\":\"Dataplane\"} {"))
        .isInstanceOf(MalformedInputException.class)
        .hasMessageContaining("line 1");
  }

  @Test
  void malformedYamlIsMalformedInputWithLine() {
    String body = "type: Dataplane\nnetworking:\n  address: [unclosed\n";

    assertThatThrownBy(() -> ResourceDocument.read(ResourceKind.DATAPLANE, utf8(body), Format.YAML))
        .isInstanceOf(MalformedInputException.class)
        .hasMessageContaining("YAML")
        .hasMessageContaining("line");
  }

  @ParameterizedTest
  @ValueSource(strings = {"[1,2]", "\"dataplane\"", "42", "true"})
  void nonObjectBodyIsMalformedInput(String body) {
    assertThatThrownBy(() -> readDataplane(body))
        .isInstanceOf(MalformedInputException.class)
        .hasMessageStartingWith("request body must be an object, got ");
  }

  @Test
  void nonObjectBodyNamesWhatItGot() {
    assertThatThrownBy(() -> readDataplane("[1,2]"))
        .hasMessage("request body must be an object, got array");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "   ", "null"})
  void emptyBodyIsMalformedInput(String body) {
    assertThatThrownBy(() -> readDataplane(body))
        .isInstanceOf(MalformedInputException.class)
        .hasMessage("request body is empty");
  }

  @Test
  void renderPutsMetaFirstThenTheSpec() {
    Resource resource =
        new Resource(
            ResourceKey.dataplane("default", "dp-1"),
            EXPECTED_DATAPLANE,
            Instant.parse("2024-01-02T10:00:00Z"),
            Instant.parse("2024-01-02T11:30:00.123456Z"));

    ObjectNode doc = ResourceDocument.render(resource);

    assertThat(fieldNames(doc))
        .containsExactly("type", "mesh", "name", "creationTime", "modificationTime", "networking");
    assertThat(doc.get("type").asText()).isEqualTo("Dataplane");
    assertThat(doc.get("mesh").asText()).isEqualTo("default");
    assertThat(doc.get("name").asText()).isEqualTo("dp-1");
    assertThat(doc.get("creationTime").asText()).isEqualTo("2024-01-02T10:00:00Z");
    assertThat(doc.get("modificationTime").asText()).isEqualTo("2024-01-02T11:30:00.123456Z");
    assertThat(doc.at("/networking/inbound/0/tags/kuma.io~1service").asText()).isEqualTo("backend");
    assertThat(DomainJson.toJson(doc))
        .startsWith(
            "{\"type\":\"Dataplane\",\"mesh\":\"default\",\"name\":\"dp-1\","
                + "\"creationTime\":\"2024-01-02T10:00:00Z\","
                + "\"modificationTime\":\"2024-01-02T11:30:00.123456Z\",\"networking\":{");
  }

  @Test
  void renderOmitsMeshForAGlobalKindAndKeepsSpecFieldsAfterTheMeta() {
    Parsed parsed =
        ResourceDocument.read(
            ResourceKind.MESH,
            utf8(
                "{\"type\":\"Mesh\",\"name\":\"m1\",\"routing\":{\"zoneEgress\":true},"
                    + "\"mtls\":{\"enabledBackend\":\"ca\"}}"),
            Format.JSON);
    Instant t = Instant.parse("2024-05-06T07:08:09Z");

    ObjectNode doc =
        ResourceDocument.render(new Resource(ResourceKey.mesh("m1"), parsed.spec(), t, t));

    assertThat(fieldNames(doc))
        .containsExactly("type", "name", "creationTime", "modificationTime", "mtls", "routing");
  }

  @Test
  void renderedDocumentReadsBackToTheSameSpec() {
    Instant t = Instant.parse("2024-01-02T10:00:00Z");
    Resource resource =
        new Resource(ResourceKey.dataplane("default", "dp-1"), EXPECTED_DATAPLANE, t, t);

    byte[] json = DomainJson.toBytes(ResourceDocument.render(resource));
    byte[] yaml =
        DomainJson.toYaml(ResourceDocument.render(resource)).getBytes(StandardCharsets.UTF_8);

    assertThat(ResourceDocument.read(ResourceKind.DATAPLANE, json, Format.JSON))
        .isEqualTo(new Parsed("Dataplane", "default", "dp-1", EXPECTED_DATAPLANE));
    assertThat(ResourceDocument.read(ResourceKind.DATAPLANE, yaml, Format.YAML))
        .isEqualTo(new Parsed("Dataplane", "default", "dp-1", EXPECTED_DATAPLANE));
  }

  private static List<String> fieldNames(JsonNode node) {
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }
}
