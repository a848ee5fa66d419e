package dev.meridian.kernel.event;

import static dev.meridian.kernel.event.LogRecordCodec.ACTOR;
import static dev.meridian.kernel.event.LogRecordCodec.EVENT_ID;
import static dev.meridian.kernel.event.LogRecordCodec.EVENT_TYPE;
import static dev.meridian.kernel.event.LogRecordCodec.ORIGIN;
import static dev.meridian.kernel.event.LogRecordCodec.REVISION;
import static dev.meridian.kernel.event.LogRecordCodec.SEQUENCE;
import static dev.meridian.kernel.event.LogRecordCodec.TIMESTAMP;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.meridian.kernel.event.DataplaneEvent.DataplaneDeregistered;
import dev.meridian.kernel.event.DataplaneEvent.DataplaneRegistered;
import dev.meridian.kernel.event.DataplaneEvent.DataplaneUpdated;
import dev.meridian.kernel.event.MeshEvent.MeshCreated;
import dev.meridian.kernel.event.MeshEvent.MeshDeleted;
import dev.meridian.kernel.event.MeshEvent.MeshUpdated;
import dev.meridian.kernel.json.DomainJson;
import dev.meridian.kernel.resource.AccessRoleBindingSpec;
import dev.meridian.kernel.resource.AccessRoleSpec;
import dev.meridian.kernel.resource.DataplaneBuilder;
import dev.meridian.kernel.resource.DataplaneSpec;
import dev.meridian.kernel.resource.MeshSpec;
import dev.meridian.kernel.resource.PolicySpec;
import dev.meridian.kernel.resource.UserTokenRevocationSpec;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class LogRecordCodecTest {

  private static final Instant AT = Instant.parse("2024-01-02T10:00:00.123456789Z");
  private final LogRecordCodec codec = new LogRecordCodec();

  // ---- the known events behind the fixtures (src/test/resources/events/<Type>.v<rev>.json) ----

  static DataplaneSpec registeredSpec() {
    return DataplaneBuilder.dataplane()
        .editInbound(
            0,
            in ->
                in.servicePort(80)
                    .serviceAddress("127.0.0.1")
                    .tag("kuma.io/protocol", "http")
                    .probe("10s", "2s", 3, 1)
                    .state("Ready")
                    .health(true))
        .outbound(33033, null, DataplaneBuilder.service("redis"))
        .admin(9901)
        .build()
        .stampZone("zone-1");
  }

  static DataplaneSpec updatedSpec() {
    return DataplaneBuilder.bare()
        .advertisedAddress("203.0.113.7")
        .gateway("DELEGATED", DataplaneBuilder.service("edge"))
        .outbound(
            33034, "10.0.0.9", DataplaneBuilder.tags("version", "v2", "kuma.io/service", "db"))
        .build()
        .stampZone("zone-1");
  }

  static MeshSpec meshSpec(String json) {
    try {
      return DomainJson.canonical().readValue(json, MeshSpec.class);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  static final MeshSpec CREATED_MESH =
      meshSpec(
          "{\"mtls\":{\"backends\":[{\"name\":\"ca-1\",\"type\":\"builtin\"}],"
              + "\"enabledBackend\":\"ca-1\"},\"routing\":{\"zoneEgress\":true},"
              + "\"skipCreatingInitialPolicies\":[\"*\"]}");

  static final MeshSpec UPDATED_MESH =
      meshSpec(
          "{\"metrics\":{\"backends\":[{\"conf\":{\"path\":\"/metrics\",\"port\":5670},"
              + "\"name\":\"prometheus-1\",\"type\":\"prometheus\"}],"
              + "\"enabledBackend\":\"prometheus-1\"},"
              + "\"mtls\":{\"backends\":[{\"name\":\"ca-1\",\"type\":\"builtin\"}],"
              + "\"enabledBackend\":\"ca-1\"}}");

  static Stream<Arguments> knownEvents() {
    return Stream.of(
        Arguments.of("MeshCreated", new MeshCreated("default", CREATED_MESH)),
        Arguments.of("MeshUpdated", new MeshUpdated("default", UPDATED_MESH)),
        Arguments.of("MeshDeleted", new MeshDeleted("default")),
        Arguments.of(
            "DataplaneRegistered", new DataplaneRegistered("default", "dp-1", registeredSpec())),
        Arguments.of("DataplaneUpdated", new DataplaneUpdated("default", "dp-1", updatedSpec())),
        Arguments.of("DataplaneDeregistered", new DataplaneDeregistered("default", "dp-1")),
        Arguments.of(
            "ZoneIngressRegistered",
            new ZoneIngressEvent.ZoneIngressRegistered("ingress-1", ingressSpec(2))),
        Arguments.of(
            "ZoneIngressUpdated",
            new ZoneIngressEvent.ZoneIngressUpdated("ingress-1", ingressSpec(3))),
        Arguments.of(
            "ZoneIngressDeregistered", new ZoneIngressEvent.ZoneIngressDeregistered("ingress-1")),
        Arguments.of(
            "PolicyCreated",
            new PolicyEvent.PolicyCreated("MeshTimeout", "default", "timeout-1", CREATED_POLICY)),
        Arguments.of(
            "PolicyUpdated",
            new PolicyEvent.PolicyUpdated("MeshRetry", "default", "retry-1", UPDATED_POLICY)),
        Arguments.of(
            "PolicyDeleted", new PolicyEvent.PolicyDeleted("MeshTimeout", "default", "timeout-1")),
        Arguments.of(
            "UserTokenRevoked",
            new UserTokenRevocationEvent.UserTokenRevoked(
                TOKEN_ID, new UserTokenRevocationSpec("2026-12-04T07:00:00Z", "left the team"))),
        Arguments.of(
            "UserTokenRevocationUpdated",
            new UserTokenRevocationEvent.UserTokenRevocationUpdated(
                TOKEN_ID, new UserTokenRevocationSpec("2026-12-04T07:00:00Z", "laptop stolen"))),
        Arguments.of(
            "UserTokenRevocationLifted",
            new UserTokenRevocationEvent.UserTokenRevocationLifted(TOKEN_ID)),
        Arguments.of(
            "SecretCreated",
            new SecretEvent.SecretCreated(
                "default",
                "dataplane-token-signing-key-default-1",
                new dev.meridian.kernel.resource.SecretSpec(SEALED_1))),
        Arguments.of(
            "SecretUpdated",
            new SecretEvent.SecretUpdated(
                "default",
                "dataplane-token-signing-key-default-1",
                new dev.meridian.kernel.resource.SecretSpec(SEALED_2))),
        Arguments.of(
            "SecretDeleted",
            new SecretEvent.SecretDeleted("default", "dataplane-token-signing-key-default-1")),
        Arguments.of(
            "DataplaneTokenRevoked",
            new DataplaneTokenRevocationEvent.DataplaneTokenRevoked(
                "default",
                TOKEN_ID,
                new dev.meridian.kernel.resource.DataplaneTokenRevocationSpec(
                    "2026-12-04T07:00:00Z", "host decommissioned"))),
        Arguments.of(
            "DataplaneTokenRevocationUpdated",
            new DataplaneTokenRevocationEvent.DataplaneTokenRevocationUpdated(
                "default",
                TOKEN_ID,
                new dev.meridian.kernel.resource.DataplaneTokenRevocationSpec(
                    "2026-12-04T07:00:00Z", "token leaked"))),
        Arguments.of(
            "DataplaneTokenRevocationLifted",
            new DataplaneTokenRevocationEvent.DataplaneTokenRevocationLifted("default", TOKEN_ID)),
        Arguments.of(
            "AccessRoleCreated",
            new AccessRoleEvent.AccessRoleCreated(
                "mesh-demo-operator",
                new AccessRoleSpec(
                    List.of(
                        new AccessRoleSpec.Rule(
                            List.of("MeshTimeout", "MeshRetry"),
                            null,
                            "demo",
                            List.of("CREATE", "UPDATE", "DELETE")))))),
        Arguments.of(
            "AccessRoleUpdated",
            new AccessRoleEvent.AccessRoleUpdated(
                "mesh-demo-operator",
                new AccessRoleSpec(
                    List.of(
                        new AccessRoleSpec.Rule(
                            List.of("MeshTimeout"), List.of("timeout-1"), null, List.of("UPDATE")),
                        new AccessRoleSpec.Rule(List.of(), List.of(), "", List.of("VIEW")))))),
        Arguments.of(
            "AccessRoleDeleted", new AccessRoleEvent.AccessRoleDeleted("mesh-demo-operator")),
        Arguments.of(
            "AccessRoleBindingCreated",
            new AccessRoleBindingEvent.AccessRoleBindingCreated(
                "demo-operators",
                new AccessRoleBindingSpec(
                    List.of(
                        new AccessRoleBindingSpec.Subject("User", "alice"),
                        new AccessRoleBindingSpec.Subject("Group", "team-demo")),
                    List.of("mesh-demo-operator")))),
        Arguments.of(
            "AccessRoleBindingUpdated",
            new AccessRoleBindingEvent.AccessRoleBindingUpdated(
                "demo-operators",
                new AccessRoleBindingSpec(
                    List.of(new AccessRoleBindingSpec.Subject("Group", "team-demo")),
                    List.of("mesh-demo-operator", "viewer")))),
        Arguments.of(
            "AccessRoleBindingDeleted",
            new AccessRoleBindingEvent.AccessRoleBindingDeleted("demo-operators")),
        Arguments.of(
            "ZoneCreated",
            new ZoneEvent.ZoneCreated("zone-2", new dev.meridian.kernel.resource.ZoneSpec(false))),
        Arguments.of(
            "ZoneUpdated",
            new ZoneEvent.ZoneUpdated("zone-2", new dev.meridian.kernel.resource.ZoneSpec(true))),
        Arguments.of("ZoneDeleted", new ZoneEvent.ZoneDeleted("zone-2")));
  }

  // Sealed values as SecretBox writes them (fingerprint, nonce, ciphertext); never opened here.
  static final String SEALED_1 = "v1.5d2f8a1c.q83vEjRWeJq83vEj.fXhYb3Bqc2VhbGVkLWtleS1vbmU";
  static final String SEALED_2 = "v1.5d2f8a1c.AAECAwQFBgcICQoL.c2VhbGVkLWtleS10d28tYnl0ZXM";

  static final String TOKEN_ID = "6f1d2a9e-5b7c-4e21-9a0f-3c8d7e6b5a41";

  static PolicySpec policySpec(String json) {
    try {
      return DomainJson.canonical().readValue(json, PolicySpec.class);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  static final PolicySpec CREATED_POLICY =
      policySpec(
          "{\"spec\":{\"targetRef\":{\"kind\":\"Mesh\"},\"to\":[{\"targetRef\":"
              + "{\"kind\":\"MeshService\",\"name\":\"backend\"},\"default\":"
              + "{\"connectionTimeout\":\"2s\",\"http\":{\"requestTimeout\":\"500ms\"}}}]}}");

  static final PolicySpec UPDATED_POLICY =
      policySpec(
          "{\"labels\":{\"kuma.io/effect\":\"shadow\"},\"spec\":{\"targetRef\":"
              + "{\"kind\":\"MeshSubset\",\"tags\":{\"version\":\"v2\"}},\"to\":"
              + "[{\"targetRef\":{\"kind\":\"Mesh\"},\"default\":{\"grpc\":"
              + "{\"numRetries\":3,\"retryOn\":[\"Unavailable\",\"Internal\"]}}}]}}");

  static dev.meridian.kernel.resource.ZoneIngressSpec ingressSpec(int instances) {
    return new dev.meridian.kernel.resource.ZoneIngressSpec(
        "zone-1",
        new dev.meridian.kernel.resource.ZoneIngressSpec.Networking(
            "10.0.0.1", "203.0.113.1", 10001, 10000),
        java.util.List.of(
            new dev.meridian.kernel.resource.ZoneIngressSpec.AvailableService(
                java.util.Map.of("kuma.io/service", "web", "kuma.io/zone", "zone-1"),
                instances,
                "default")));
  }

  static byte[] fixture(String type, int revision) {
    String path = "/events/" + type + ".v" + revision + ".json";
    try (InputStream in = LogRecordCodecTest.class.getResourceAsStream(path)) {
      assertThat(in).as("fixture %s", path).isNotNull();
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static EventEnvelope envelope(DomainEvent event) {
    return new EventEnvelope(
        "7d0c5f4e-1b2a-4c3d-9e8f-001122334455",
        "zone-1",
        event.key().logKey(),
        42,
        AT,
        "admin@example.com",
        event);
  }

  private static Map<String, byte[]> headers(String... namesAndValues) {
    Map<String, byte[]> headers = new HashMap<>();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      headers.put(namesAndValues[i], namesAndValues[i + 1].getBytes(StandardCharsets.UTF_8));
    }
    return headers;
  }

  private static Map<String, byte[]> validHeaders(String type, String revision) {
    return headers(
        EVENT_ID, "e-1",
        EVENT_TYPE, type,
        REVISION, revision,
        ORIGIN, "zone-1",
        SEQUENCE, "3",
        TIMESTAMP, "2024-01-02T10:00:00Z",
        ACTOR, "someone");
  }

  private static LogRecord record(String key, Map<String, byte[]> headers, String value) {
    return new LogRecord(
        key, headers, value == null ? null : value.getBytes(StandardCharsets.UTF_8));
  }

  private static String header(LogRecord record, String name) {
    return new String(record.headers().get(name), StandardCharsets.UTF_8);
  }

  // ---- stable serialized form ----

  @ParameterizedTest(name = "{0}")
  @MethodSource("knownEvents")
  void encodesTheEventToExactlyTheFixtureBytes(String type, DomainEvent event) {
    LogRecord record = codec.encode(envelope(event));

    assertThat(new String(record.value(), StandardCharsets.UTF_8))
        .isEqualTo(new String(fixture(type, 1), StandardCharsets.UTF_8));
    assertThat(record.value()).isEqualTo(fixture(type, 1));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("knownEvents")
  void decodesTheFixtureToTheEvent(String type, DomainEvent event) {
    EventEnvelope sent = envelope(event);
    Map<String, byte[]> headers = new HashMap<>(codec.encode(sent).headers());

    EventEnvelope decoded =
        codec.decode(new LogRecord(event.key().logKey(), headers, fixture(type, 1)));

    assertThat(decoded.payload()).isEqualTo(event);
    assertThat(decoded).isEqualTo(sent);
  }

  @Test
  void everyEventTypeHasAFixtureForItsCurrentRevisionAndASample() {
    Set<String> sampled = knownEvents().map(a -> (String) a.get()[0]).collect(Collectors.toSet());

    for (EventType type : EventTypes.all()) {
      assertThat(fixture(type.name(), type.revision())).isNotEmpty();
      assertThat(sampled).contains(type.name());
    }
    assertThat(sampled).hasSize(EventTypes.all().size());
  }

  @Test
  void encodingIsIndependentOfJsonKeyOrderInsideMeshSections() {
    MeshSpec reordered =
        meshSpec(
            "{\"mtls\":{\"enabledBackend\":\"ca-1\",\"backends\":[{\"type\":\"builtin\","
                + "\"name\":\"ca-1\"}]},\"skipCreatingInitialPolicies\":[\"*\"],"
                + "\"routing\":{\"zoneEgress\":true}}");
    assertThat(reordered).isEqualTo(CREATED_MESH);

    LogRecord record = codec.encode(envelope(new MeshCreated("default", reordered)));

    assertThat(record.value()).isEqualTo(fixture("MeshCreated", 1));
  }

  // ---- headers ----

  @Test
  void writesTheEnvelopeIntoKeyAndHeaders() {
    LogRecord record = codec.encode(envelope(new DataplaneDeregistered("default", "dp-1")));

    assertThat(record.key()).isEqualTo("dataplane/default/dp-1");
    assertThat(record.headers())
        .containsOnlyKeys(EVENT_ID, EVENT_TYPE, REVISION, ORIGIN, SEQUENCE, TIMESTAMP, ACTOR);
    assertThat(header(record, EVENT_ID)).isEqualTo("7d0c5f4e-1b2a-4c3d-9e8f-001122334455");
    assertThat(header(record, EVENT_TYPE)).isEqualTo("DataplaneDeregistered");
    assertThat(header(record, REVISION)).isEqualTo("1");
    assertThat(header(record, ORIGIN)).isEqualTo("zone-1");
    assertThat(header(record, SEQUENCE)).isEqualTo("42");
    assertThat(header(record, TIMESTAMP)).isEqualTo("2024-01-02T10:00:00.123456789Z");
    assertThat(header(record, ACTOR)).isEqualTo("admin@example.com");
  }

  @Test
  void headersRoundTrip() {
    EventEnvelope sent =
        new EventEnvelope(
            "id-ü-1",
            "global",
            "mesh/default",
            Long.MAX_VALUE,
            Instant.parse("1999-12-31T23:59:59Z"),
            "système",
            new MeshDeleted("default"));

    EventEnvelope received = codec.decode(codec.encode(sent));

    assertThat(received.eventId()).isEqualTo("id-ü-1");
    assertThat(received.type()).isEqualTo(EventTypes.byName("MeshDeleted").orElseThrow());
    assertThat(received.origin()).isEqualTo("global");
    assertThat(received.aggregateId()).isEqualTo("mesh/default");
    assertThat(received.sequence()).isEqualTo(Long.MAX_VALUE);
    assertThat(received.timestamp()).isEqualTo(Instant.parse("1999-12-31T23:59:59Z"));
    assertThat(received.actor()).isEqualTo("système");
    assertThat(received).isEqualTo(sent);
  }

  @Test
  void missingOrNullActorBecomesEmpty() {
    EventEnvelope noActor =
        new EventEnvelope("e", "zone-1", "mesh/m", 0, AT, null, new MeshDeleted("m"));
    assertThat(header(codec.encode(noActor), ACTOR)).isEmpty();

    Map<String, byte[]> headers = validHeaders("MeshDeleted", "1");
    headers.remove(ACTOR);
    assertThat(codec.decode(record("mesh/m", headers, "{\"name\":\"m\"}")).actor()).isEmpty();
  }

  @Test
  void theActorsGroupsTravelInAHeaderOfTheirOwn() {
    EventEnvelope sent =
        new EventEnvelope(
            "e",
            "global",
            "mesh/m",
            0,
            AT,
            "alice",
            List.of("team-a", "mesh-operator:m"),
            new MeshDeleted("m"));

    LogRecord record = codec.encode(sent);

    assertThat(header(record, LogRecordCodec.ACTOR_GROUPS))
        .isEqualTo("[\"team-a\",\"mesh-operator:m\"]");
    assertThat(codec.decode(record)).isEqualTo(sent);
    assertThat(codec.decode(record).actorGroups()).containsExactly("team-a", "mesh-operator:m");
  }

  @Test
  void aStatedReasonTravelsInItsOwnHeaderAndOlderRecordsHaveNone() {
    EventEnvelope sent =
        new EventEnvelope(
            "e",
            "global",
            "mesh/m",
            0,
            AT,
            "alice",
            List.of("mesh-system:admin"),
            new MeshDeleted("m"),
            "rollback to yesterday: ticket 42 — älteres Timeout");

    LogRecord record = codec.encode(sent);

    assertThat(header(record, LogRecordCodec.REASON))
        .isEqualTo("rollback to yesterday: ticket 42 — älteres Timeout");
    assertThat(codec.decode(record)).isEqualTo(sent);
    EventEnvelope older =
        codec.decode(record("mesh/m", validHeaders("MeshDeleted", "1"), "{\"name\":\"m\"}"));
    assertThat(older.reason()).isEmpty();
    assertThat(codec.encode(older).headers()).doesNotContainKey(LogRecordCodec.REASON);
  }

  @Test
  void aRecordWrittenBeforeGroupsWereRecordedDecodesWithNone() {
    EventEnvelope decoded =
        codec.decode(record("mesh/m", validHeaders("MeshDeleted", "1"), "{\"name\":\"m\"}"));

    assertThat(decoded.actor()).isEqualTo("someone");
    assertThat(decoded.actorGroups()).isEmpty();
  }

  @Test
  void aGroupsHeaderThatIsNoListOfStringsIsMalformed() {
    Map<String, byte[]> headers = validHeaders("MeshDeleted", "1");
    headers.put(LogRecordCodec.ACTOR_GROUPS, "team-a".getBytes(StandardCharsets.UTF_8));
    assertThatThrownBy(() -> codec.decode(record("mesh/m", headers, "{\"name\":\"m\"}")))
        .isInstanceOf(MalformedEventException.class)
        .hasMessageContaining(LogRecordCodec.ACTOR_GROUPS);
    headers.put(LogRecordCodec.ACTOR_GROUPS, "[1]".getBytes(StandardCharsets.UTF_8));
    assertThatThrownBy(() -> codec.decode(record("mesh/m", headers, "{\"name\":\"m\"}")))
        .isInstanceOf(MalformedEventException.class);
  }

  @Test
  void decodesAHandWrittenRecord() {
    EventEnvelope decoded =
        codec.decode(record("mesh/m", validHeaders("MeshDeleted", "1"), "{\"name\":\"m\"}"));

    assertThat(decoded)
        .isEqualTo(
            new EventEnvelope(
                "e-1",
                "zone-1",
                "mesh/m",
                3,
                Instant.parse("2024-01-02T10:00:00Z"),
                "someone",
                new MeshDeleted("m")));
  }

  // ---- what is not an event ----

  @Nested
  class RejectsMalformedRecords {

    @Test
    void unknownEventType() {
      assertThatThrownBy(
              () -> codec.decode(record("mesh/m", validHeaders("MeshRenamed", "1"), "{}")))
          .isInstanceOf(MalformedEventException.class)
          .hasMessage("unknown event type MeshRenamed");
    }

    @Test
    void revisionNewerThanThisBuild() {
      assertThatThrownBy(
              () ->
                  codec.decode(
                      record("mesh/m", validHeaders("MeshDeleted", "2"), "{\"name\":\"m\"}")))
          .isInstanceOf(MalformedEventException.class)
          .hasMessageContaining("MeshDeleted revision 2 is newer than this build understands (1)");
    }

    @Test
    void revisionThatIsNotANumber() {
      assertThatThrownBy(
              () ->
                  codec.decode(
                      record("mesh/m", validHeaders("MeshDeleted", "one"), "{\"name\":\"m\"}")))
          .isInstanceOf(MalformedEventException.class)
          .hasMessage("header meridian-revision is not a number: one");
    }

    @ParameterizedTest
    @ValueSource(
        strings = {
          "meridian-event-id",
          "meridian-event-type",
          "meridian-revision",
          "meridian-origin",
          "meridian-sequence",
          "meridian-timestamp"
        })
    void missingRequiredHeader(String name) {
      Map<String, byte[]> headers = validHeaders("MeshDeleted", "1");
      headers.remove(name);

      assertThatThrownBy(() -> codec.decode(record("mesh/m", headers, "{\"name\":\"m\"}")))
          .isInstanceOf(MalformedEventException.class)
          .hasMessage("missing header " + name);
    }

    @Test
    void sequenceThatIsNotANumber() {
      Map<String, byte[]> headers = validHeaders("MeshDeleted", "1");
      headers.put(SEQUENCE, "three".getBytes(StandardCharsets.UTF_8));

      assertThatThrownBy(() -> codec.decode(record("mesh/m", headers, "{\"name\":\"m\"}")))
          .isInstanceOf(MalformedEventException.class)
          .hasMessageStartingWith("bad envelope header");
    }

    @Test
    void timestampThatIsNotAnInstant() {
      Map<String, byte[]> headers = validHeaders("MeshDeleted", "1");
      headers.put(TIMESTAMP, "yesterday".getBytes(StandardCharsets.UTF_8));

      assertThatThrownBy(() -> codec.decode(record("mesh/m", headers, "{\"name\":\"m\"}")))
          .isInstanceOf(MalformedEventException.class)
          .hasMessageStartingWith("bad envelope header");
    }

    @ParameterizedTest
    @ValueSource(strings = {"not json", "{\"name\":", "{\"name\":\"m\"} trailing"})
    void valueThatIsNotJson(String value) {
      assertThatThrownBy(
              () -> codec.decode(record("mesh/m", validHeaders("MeshDeleted", "1"), value)))
          .isInstanceOf(MalformedEventException.class)
          .hasMessageStartingWith("unreadable MeshDeleted payload");
    }

    @ParameterizedTest
    @ValueSource(strings = {"[]", "\"m\"", "42", "null", ""})
    void valueThatIsNotAJsonObject(String value) {
      assertThatThrownBy(
              () -> codec.decode(record("mesh/m", validHeaders("MeshDeleted", "1"), value)))
          .isInstanceOf(MalformedEventException.class)
          .hasMessage("event payload is not a JSON object");
    }

    @Test
    void recordWithoutValue() {
      assertThatThrownBy(
              () -> codec.decode(record("mesh/m", validHeaders("MeshDeleted", "1"), null)))
          .isInstanceOf(MalformedEventException.class)
          .hasMessage("record has no value");
    }

    @Test
    void recordWithoutKey() {
      assertThatThrownBy(
              () ->
                  codec.decode(record(null, validHeaders("MeshDeleted", "1"), "{\"name\":\"m\"}")))
          .isInstanceOf(MalformedEventException.class)
          .hasMessage("record has no key");
    }

    @Test
    void payloadWithAnUnknownField() {
      assertThatThrownBy(
              () ->
                  codec.decode(
                      record(
                          "mesh/m",
                          validHeaders("MeshDeleted", "1"),
                          "{\"name\":\"m\",\"reason\":\"x\"}")))
          .isInstanceOf(MalformedEventException.class)
          .hasMessageStartingWith("unreadable MeshDeleted payload");
    }

    @Test
    void payloadOfTheWrongShape() {
      assertThatThrownBy(
              () ->
                  codec.decode(
                      record(
                          "dataplane/default/dp-1",
                          validHeaders("DataplaneRegistered", "1"),
                          "{\"mesh\":\"default\",\"name\":\"dp-1\",\"spec\":{\"networking\":[]}}")))
          .isInstanceOf(MalformedEventException.class)
          .hasMessageStartingWith("unreadable DataplaneRegistered payload");
    }

    @ParameterizedTest
    @ValueSource(
        strings = {
          "{\"name\":\"dp-1\",\"spec\":{}}",
          "{\"mesh\":\"default\",\"spec\":{}}",
          "{\"mesh\":\"default\",\"name\":\"dp-1\"}",
          "{\"mesh\":\"default\",\"name\":\"dp-1\",\"spec\":null}"
        })
    void payloadMissingARequiredField(String value) {
      assertThatThrownBy(
              () ->
                  codec.decode(
                      record(
                          "dataplane/default/dp-1",
                          validHeaders("DataplaneRegistered", "1"),
                          value)))
          .isInstanceOf(MalformedEventException.class)
          .hasMessageContaining("DataplaneRegistered payload has no ");
    }

    @Test
    void deletionPayloadWithoutName() {
      assertThatThrownBy(
              () -> codec.decode(record("mesh/m", validHeaders("MeshDeleted", "1"), "{}")))
          .isInstanceOf(MalformedEventException.class)
          .hasMessage("MeshDeleted payload has no name");
    }
  }

  // ---- upcasting ----

  /** A fictitious revision 0 of DataplaneRegistered, which called the name "dataplane". */
  static final class RenameDataplaneToName implements Upcaster {
    @Override
    public String type() {
      return "DataplaneRegistered";
    }

    @Override
    public int fromRevision() {
      return 0;
    }

    @Override
    public ObjectNode upcast(ObjectNode payload) {
      ObjectNode upcast = payload.deepCopy();
      JsonNode name = upcast.remove("dataplane");
      upcast.set("name", name);
      return upcast;
    }
  }

  private static final String REVISION_0_PAYLOAD =
      "{\"dataplane\":\"dp-1\",\"mesh\":\"default\",\"spec\":{\"networking\":"
          + "{\"address\":\"10.0.0.1\",\"inbound\":[{\"port\":8080,"
          + "\"tags\":{\"kuma.io/service\":\"backend\",\"kuma.io/zone\":\"zone-1\"}}]}}}";

  @Test
  void upcastsAnOlderRevisionToTheCurrentEvent() {
    LogRecordCodec upcasting = new LogRecordCodec(List.of(new RenameDataplaneToName()));

    EventEnvelope decoded =
        upcasting.decode(
            record(
                "dataplane/default/dp-1",
                validHeaders("DataplaneRegistered", "0"),
                REVISION_0_PAYLOAD));

    DataplaneSpec expected =
        DataplaneBuilder.dataplane().address("10.0.0.1").build().stampZone("zone-1");
    assertThat(decoded.payload()).isEqualTo(new DataplaneRegistered("default", "dp-1", expected));
    assertThat(decoded.type().revision()).isEqualTo(1);
    assertThat(decoded.sequence()).isEqualTo(3);
  }

  @Test
  void olderRevisionWithoutAnUpcasterFailsClearly() {
    assertThatThrownBy(
            () ->
                codec.decode(
                    record(
                        "dataplane/default/dp-1",
                        validHeaders("DataplaneRegistered", "0"),
                        REVISION_0_PAYLOAD)))
        .isInstanceOf(MalformedEventException.class)
        .hasMessage("no upcaster for DataplaneRegistered revision 0");
  }

  @Test
  void upcasterForAnotherTypeDoesNotApply() {
    LogRecordCodec upcasting = new LogRecordCodec(List.of(new RenameDataplaneToName()));

    assertThatThrownBy(
            () ->
                upcasting.decode(
                    record(
                        "dataplane/default/dp-1",
                        validHeaders("DataplaneUpdated", "0"),
                        REVISION_0_PAYLOAD)))
        .isInstanceOf(MalformedEventException.class)
        .hasMessage("no upcaster for DataplaneUpdated revision 0");
  }

  @Test
  void currentRevisionIsNotUpcast() {
    LogRecordCodec upcasting = new LogRecordCodec(List.of(new RenameDataplaneToName()));
    DataplaneRegistered event = new DataplaneRegistered("default", "dp-1", registeredSpec());

    assertThat(upcasting.decode(codec.encode(envelope(event))).payload()).isEqualTo(event);
  }
}
