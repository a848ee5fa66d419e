package dev.meridian.kernel.projection;

import static dev.meridian.kernel.resource.DataplaneBuilder.bare;
import static dev.meridian.kernel.resource.DataplaneBuilder.dataplane;
import static dev.meridian.kernel.resource.DataplaneBuilder.service;
import static dev.meridian.kernel.resource.DataplaneBuilder.tags;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.meridian.kernel.event.DataplaneEvent.DataplaneDeregistered;
import dev.meridian.kernel.event.DataplaneEvent.DataplaneRegistered;
import dev.meridian.kernel.event.DataplaneEvent.DataplaneUpdated;
import dev.meridian.kernel.event.DomainEvent;
import dev.meridian.kernel.event.EventEnvelope;
import dev.meridian.kernel.event.MeshEvent.MeshCreated;
import dev.meridian.kernel.event.MeshEvent.MeshDeleted;
import dev.meridian.kernel.event.MeshEvent.MeshUpdated;
import dev.meridian.kernel.event.UserTokenRevocationEvent;
import dev.meridian.kernel.json.DomainJson;
import dev.meridian.kernel.projection.ApplyOutcome.Reason;
import dev.meridian.kernel.projection.ApplyOutcome.Status;
import dev.meridian.kernel.resource.DataplaneSpec;
import dev.meridian.kernel.resource.MeshSpec;
import dev.meridian.kernel.resource.Resource;
import dev.meridian.kernel.resource.ResourceKey;
import dev.meridian.kernel.resource.ResourceKind;
import dev.meridian.kernel.resource.UserTokenRevocationSpec;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class ProjectionTest {

  private static final String ZONE = "zone-1";
  private static final LogSource ZONE_TOPIC = LogSource.zone(ZONE);
  private static final LogSource STANDALONE = LogSource.standaloneZone(ZONE);
  private static final LogSource GLOBAL = LogSource.global();
  private static final Instant T0 = Instant.parse("2024-01-02T10:00:00Z");
  private static final Instant T1 = Instant.parse("2024-01-02T11:00:00Z");
  private static final Instant T2 = Instant.parse("2024-01-02T12:00:00Z");
  private static final ResourceKey DP1 = ResourceKey.dataplane("default", "dp-1");
  private static final ResourceKey MESH = ResourceKey.mesh("default");

  private final Projection projection = new Projection();

  private static EventEnvelope envelope(
      String origin, String aggregateId, long sequence, Instant at, DomainEvent event) {
    return new EventEnvelope(
        UUID.randomUUID().toString(), origin, aggregateId, sequence, at, "tester", event);
  }

  private static EventEnvelope fromZone(long sequence, Instant at, DomainEvent event) {
    return envelope(ZONE, event.key().logKey(), sequence, at, event);
  }

  private static EventEnvelope fromGlobal(long sequence, Instant at, DomainEvent event) {
    return envelope(LogSource.GLOBAL_ORIGIN, event.key().logKey(), sequence, at, event);
  }

  private static DataplaneSpec stamped(DataplaneSpec spec) {
    return spec.stampZone(ZONE);
  }

  private static DataplaneSpec spec(int port) {
    return stamped(dataplane().editInbound(0, in -> in.port(port)).build());
  }

  private static DataplaneRegistered registered(String mesh, String name) {
    return new DataplaneRegistered(mesh, name, spec(8080));
  }

  private static MeshSpec meshSpec(String json) {
    try {
      return DomainJson.canonical().readValue(json, MeshSpec.class);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void assertApplied(ApplyOutcome outcome) {
    assertThat(outcome.status()).isEqualTo(Status.APPLIED);
    assertThat(outcome.reason()).isEqualTo(Reason.NONE);
    assertThat(outcome.changedState()).isTrue();
  }

  private void assertRejectedWithoutChange(ApplyOutcome outcome, Reason reason, String checksum) {
    assertThat(outcome.status()).isEqualTo(Status.REJECTED);
    assertThat(outcome.reason()).isEqualTo(reason);
    assertThat(outcome.changedState()).isFalse();
    assertThat(projection.checksum()).isEqualTo(checksum);
  }

  @Nested
  class Fold {

    @Test
    void registerCreatesTheDataplaneWithBothTimesAtTheEventTime() {
      assertApplied(projection.apply(ZONE_TOPIC, fromZone(0, T0, registered("default", "dp-1"))));

      assertThat(projection.get(DP1)).contains(new Resource(DP1, spec(8080), T0, T0));
      assertThat(projection.size()).isEqualTo(1);
      assertThat(projection.lastSequence(DP1.logKey())).isZero();
    }

    @Test
    void updateReplacesTheSpecKeepsCreationTimeAndMovesModificationTime() {
      projection.apply(ZONE_TOPIC, fromZone(0, T0, registered("default", "dp-1")));

      assertApplied(
          projection.apply(
              ZONE_TOPIC, fromZone(1, T1, new DataplaneUpdated("default", "dp-1", spec(9090)))));

      Resource resource = projection.get(DP1).orElseThrow();
      assertThat(resource.spec()).isEqualTo(spec(9090));
      assertThat(resource.creationTime()).isEqualTo(T0);
      assertThat(resource.modificationTime()).isEqualTo(T1);
    }

    @Test
    void deregisterRemovesTheDataplaneButRemembersItsSequence() {
      projection.apply(ZONE_TOPIC, fromZone(0, T0, registered("default", "dp-1")));
      projection.apply(
          ZONE_TOPIC, fromZone(1, T1, new DataplaneUpdated("default", "dp-1", spec(9090))));

      assertApplied(
          projection.apply(
              ZONE_TOPIC, fromZone(2, T2, new DataplaneDeregistered("default", "dp-1"))));

      assertThat(projection.get(DP1)).isEmpty();
      assertThat(projection.size()).isZero();
      assertThat(projection.list(ResourceKind.DATAPLANE, null)).isEmpty();
      assertThat(projection.lastSequence(DP1.logKey())).isEqualTo(2);
    }

    @Test
    void reRegisterAfterDeregisterStartsAFreshResource() {
      projection.apply(ZONE_TOPIC, fromZone(0, T0, registered("default", "dp-1")));
      projection.apply(ZONE_TOPIC, fromZone(1, T1, new DataplaneDeregistered("default", "dp-1")));

      ApplyOutcome outcome =
          projection.apply(
              ZONE_TOPIC, fromZone(2, T2, new DataplaneRegistered("default", "dp-1", spec(7070))));

      assertApplied(outcome);
      assertThat(projection.get(DP1)).contains(new Resource(DP1, spec(7070), T2, T2));
    }

    @Test
    void meshCreateUpdateDelete() {
      MeshSpec created = meshSpec("{\"mtls\":{\"enabledBackend\":\"ca-1\"}}");
      MeshSpec updated = meshSpec("{\"routing\":{\"zoneEgress\":true}}");

      assertApplied(
          projection.apply(GLOBAL, fromGlobal(0, T0, new MeshCreated("default", created))));
      assertThat(projection.get(MESH)).contains(new Resource(MESH, created, T0, T0));
      assertThat(projection.meshExists("default")).isTrue();

      assertApplied(
          projection.apply(GLOBAL, fromGlobal(1, T1, new MeshUpdated("default", updated))));
      assertThat(projection.get(MESH)).contains(new Resource(MESH, updated, T0, T1));

      assertApplied(projection.apply(GLOBAL, fromGlobal(2, T2, new MeshDeleted("default"))));
      assertThat(projection.get(MESH)).isEmpty();
      assertThat(projection.meshExists("default")).isFalse();
    }

    @Test
    void deregisteringAnUnknownDataplaneIsHarmless() {
      assertApplied(
          projection.apply(ZONE_TOPIC, fromZone(0, T0, new DataplaneDeregistered("default", "x"))));
      assertThat(projection.size()).isZero();
    }
  }

  @Nested
  class Sequences {

    @Test
    void redeliveredEventIsADuplicateAndChangesNothing() {
      EventEnvelope register = fromZone(0, T0, registered("default", "dp-1"));
      projection.apply(ZONE_TOPIC, register);
      String checksum = projection.checksum();

      ApplyOutcome again = projection.apply(ZONE_TOPIC, register);

      assertThat(again.status()).isEqualTo(Status.DUPLICATE);
      assertThat(again.changedState()).isFalse();
      assertThat(projection.checksum()).isEqualTo(checksum);
      assertThat(projection.get(DP1).orElseThrow().modificationTime()).isEqualTo(T0);
    }

    @Test
    void sameSequenceWithOtherContentIsStillADuplicate() {
      projection.apply(ZONE_TOPIC, fromZone(0, T0, registered("default", "dp-1")));
      projection.apply(
          ZONE_TOPIC, fromZone(1, T1, new DataplaneUpdated("default", "dp-1", spec(9090))));
      String checksum = projection.checksum();

      ApplyOutcome older =
          projection.apply(
              ZONE_TOPIC, fromZone(0, T2, new DataplaneUpdated("default", "dp-1", spec(1111))));

      assertThat(older.status()).isEqualTo(Status.DUPLICATE);
      assertThat(projection.checksum()).isEqualTo(checksum);
      assertThat(projection.get(DP1).orElseThrow().spec()).isEqualTo(spec(9090));
    }

    @Test
    void redeliveryAfterDeletionDoesNotResurrect() {
      EventEnvelope register = fromZone(0, T0, registered("default", "dp-1"));
      projection.apply(ZONE_TOPIC, register);
      projection.apply(ZONE_TOPIC, fromZone(1, T1, new DataplaneDeregistered("default", "dp-1")));

      assertThat(projection.apply(ZONE_TOPIC, register).status()).isEqualTo(Status.DUPLICATE);
      assertThat(projection.get(DP1)).isEmpty();
    }

    @Test
    void gapIsAppliedButFlagged() {
      projection.apply(ZONE_TOPIC, fromZone(0, T0, registered("default", "dp-1")));

      ApplyOutcome outcome =
          projection.apply(
              ZONE_TOPIC, fromZone(3, T1, new DataplaneUpdated("default", "dp-1", spec(9090))));

      assertThat(outcome.status()).isEqualTo(Status.APPLIED);
      assertThat(outcome.reason()).isEqualTo(Reason.SEQUENCE_GAP);
      assertThat(outcome.detail()).isEqualTo("dataplane/default/dp-1 jumped from sequence 0 to 3");
      assertThat(outcome.changedState()).isTrue();
      assertThat(projection.get(DP1).orElseThrow().spec()).isEqualTo(spec(9090));
      assertThat(projection.lastSequence(DP1.logKey())).isEqualTo(3);
    }

    @Test
    void firstEventAfterTheStartIsAGap() {
      ApplyOutcome outcome =
          projection.apply(ZONE_TOPIC, fromZone(5, T0, registered("default", "dp-1")));

      assertThat(outcome.reason()).isEqualTo(Reason.SEQUENCE_GAP);
      assertThat(outcome.detail()).contains("from sequence -1 to 5");
      assertThat(projection.get(DP1)).isPresent();
    }

    @Test
    void sequencesAreCountedPerAggregate() {
      assertApplied(projection.apply(ZONE_TOPIC, fromZone(0, T0, registered("default", "dp-1"))));
      assertApplied(projection.apply(ZONE_TOPIC, fromZone(0, T0, registered("default", "dp-2"))));
      assertApplied(projection.apply(ZONE_TOPIC, fromZone(0, T0, registered("other", "dp-1"))));
      assertThat(projection.size()).isEqualTo(3);
    }
  }

  @Nested
  class Authority {
    private final UserTokenRevocationEvent.UserTokenRevoked revocation =
        new UserTokenRevocationEvent.UserTokenRevoked(
            "6f1d2a9e-5b7c-4e21-9a0f-3c8d7e6b5a41", new UserTokenRevocationSpec(null, "test"));

    @Test
    void aControlPlaneTakesTokenRevocationsFromItsOwnTopicOnly() {
      assertThat(projection.apply(ZONE_TOPIC.asOwn(), fromZone(0, T0, revocation)).status())
          .isEqualTo(ApplyOutcome.Status.APPLIED);
      assertThat(projection.get(revocation.key())).isPresent();
    }

    @Test
    void accessRolesComeFromTheGlobalTopicOnly() {
      var role =
          new dev.meridian.kernel.event.AccessRoleEvent.AccessRoleCreated(
              "viewer",
              new dev.meridian.kernel.resource.AccessRoleSpec(
                  java.util.List.of(
                      new dev.meridian.kernel.resource.AccessRoleSpec.Rule(
                          null, null, null, java.util.List.of("VIEW")))));
      String checksum = projection.checksum();

      // A zone cannot grant itself, or anyone, a role.
      assertRejectedWithoutChange(
          projection.apply(ZONE_TOPIC, fromZone(0, T0, role)),
          Reason.KIND_NOT_OWNED_BY_SOURCE,
          checksum);
      assertThat(projection.apply(GLOBAL, fromGlobal(0, T0, role)).status())
          .isEqualTo(ApplyOutcome.Status.APPLIED);
      assertThat(projection.get(role.key())).isPresent();
    }

    @Test
    void aRevocationOnAnotherControlPlanesTopicIsRefused() {
      String checksum = projection.checksum();

      // Global reading a zone's topic, and a zone reading global's: neither may revoke, or lift a
      // revocation of, the reader's tokens.
      assertRejectedWithoutChange(
          projection.apply(ZONE_TOPIC, fromZone(0, T0, revocation)),
          Reason.KIND_NOT_OWNED_BY_SOURCE,
          checksum);
      assertRejectedWithoutChange(
          projection.apply(GLOBAL, fromGlobal(0, T0, revocation)),
          Reason.KIND_NOT_OWNED_BY_SOURCE,
          checksum);
      assertRejectedWithoutChange(
          projection.apply(STANDALONE, fromZone(0, T0, revocation)),
          Reason.KIND_NOT_OWNED_BY_SOURCE,
          checksum);
    }

    @Test
    void eventFromAnotherOriginIsRejected() {
      String checksum = projection.checksum();
      DataplaneRegistered event = registered("default", "dp-1");

      ApplyOutcome outcome =
          projection.apply(ZONE_TOPIC, envelope("zone-2", DP1.logKey(), 0, T0, event));

      assertRejectedWithoutChange(outcome, Reason.ORIGIN_MISMATCH, checksum);
      assertThat(outcome.detail()).isEqualTo("origin zone-2 on topic meridian.zone.zone-1");
      assertThat(projection.size()).isZero();
      assertThat(projection.lastSequence(DP1.logKey())).isEqualTo(-1);
    }

    @Test
    void meshEventOnAMultiZoneZoneTopicIsRejected() {
      String checksum = projection.checksum();

      ApplyOutcome outcome =
          projection.apply(
              ZONE_TOPIC, fromZone(0, T0, new MeshCreated("default", MeshSpec.empty())));

      assertRejectedWithoutChange(outcome, Reason.KIND_NOT_OWNED_BY_SOURCE, checksum);
      assertThat(outcome.detail()).isEqualTo("Mesh may not be written on meridian.zone.zone-1");
      assertThat(projection.meshExists("default")).isFalse();
    }

    @Test
    void meshEventOnAStandaloneZoneTopicIsAccepted() {
      assertApplied(
          projection.apply(
              STANDALONE, fromZone(0, T0, new MeshCreated("default", MeshSpec.empty()))));
      assertThat(projection.meshExists("default")).isTrue();
    }

    @Test
    void dataplaneEventOnTheGlobalTopicIsRejected() {
      String checksum = projection.checksum();
      DataplaneRegistered event = registered("default", "dp-1");

      ApplyOutcome outcome =
          projection.apply(GLOBAL, envelope(LogSource.GLOBAL_ORIGIN, DP1.logKey(), 0, T0, event));

      assertRejectedWithoutChange(outcome, Reason.KIND_NOT_OWNED_BY_SOURCE, checksum);
    }

    @Test
    void recordKeyThatDoesNotMatchTheEventIsRejected() {
      String checksum = projection.checksum();

      ApplyOutcome outcome =
          projection.apply(
              ZONE_TOPIC,
              envelope(ZONE, "dataplane/default/dp-2", 0, T0, registered("default", "dp-1")));

      assertRejectedWithoutChange(outcome, Reason.KEY_MISMATCH, checksum);
      assertThat(projection.get(DP1)).isEmpty();
      assertThat(projection.get(ResourceKey.dataplane("default", "dp-2"))).isEmpty();
      assertThat(projection.lastSequence("dataplane/default/dp-2")).isEqualTo(-1);
    }

    @Test
    void dataplaneStampedWithAnotherZoneIsRejected() {
      projection.apply(ZONE_TOPIC, fromZone(0, T0, registered("default", "dp-1")));
      String checksum = projection.checksum();
      DataplaneSpec foreign = dataplane().build().stampZone("zone-2");

      ApplyOutcome outcome =
          projection.apply(
              ZONE_TOPIC, fromZone(1, T1, new DataplaneUpdated("default", "dp-1", foreign)));

      assertRejectedWithoutChange(outcome, Reason.ZONE_TAG_MISMATCH, checksum);
      assertThat(outcome.detail()).isEqualTo("kuma.io/zone=zone-2 on meridian.zone.zone-1");
      assertThat(projection.get(DP1).orElseThrow().spec()).isEqualTo(spec(8080));
      assertThat(projection.lastSequence(DP1.logKey())).isZero();
    }

    @Test
    void dataplaneWithoutTheZoneStampIsRejected() {
      String checksum = projection.checksum();

      ApplyOutcome outcome =
          projection.apply(
              ZONE_TOPIC,
              fromZone(0, T0, new DataplaneRegistered("default", "dp-1", dataplane().build())));

      assertRejectedWithoutChange(outcome, Reason.ZONE_TAG_MISMATCH, checksum);
      assertThat(outcome.detail()).contains("<missing>");
      assertThat(projection.size()).isZero();
    }

    @Test
    void oneUnstampedInboundAmongStampedOnesIsEnoughToReject() {
      DataplaneSpec stampedFirst = dataplane().inbound(in -> in.port(8081)).build().stampZone(ZONE);
      DataplaneSpec.Networking n = stampedFirst.networking();
      DataplaneSpec mixed =
          new DataplaneSpec(
              new DataplaneSpec.Networking(
                  n.address(),
                  null,
                  List.of(n.inbounds().get(0), dataplane().build().networking().inbounds().get(0)),
                  null,
                  null,
                  null));

      ApplyOutcome outcome =
          projection.apply(
              ZONE_TOPIC, fromZone(0, T0, new DataplaneRegistered("default", "dp-1", mixed)));

      assertThat(outcome.reason()).isEqualTo(Reason.ZONE_TAG_MISMATCH);
    }

    @Test
    void gatewayStampIsCheckedToo() {
      DataplaneSpec gateway =
          bare()
              .gateway("BUILTIN", tags("kuma.io/service", "edge", "kuma.io/zone", "zone-2"))
              .build();

      ApplyOutcome outcome =
          projection.apply(
              ZONE_TOPIC, fromZone(0, T0, new DataplaneRegistered("default", "gw", gateway)));

      assertThat(outcome.status()).isEqualTo(Status.REJECTED);
      assertThat(outcome.reason()).isEqualTo(Reason.ZONE_TAG_MISMATCH);
      assertApplied(
          projection.apply(
              ZONE_TOPIC,
              fromZone(0, T0, new DataplaneRegistered("default", "gw", gateway.stampZone(ZONE)))));
    }

    @Test
    void dataplaneWithANullInboundIsRejectedNotThrown() {
      DataplaneSpec withNull = dataplane().nullInbound().build().stampZone(ZONE);
      String checksum = projection.checksum();

      ApplyOutcome outcome =
          projection.apply(
              ZONE_TOPIC, fromZone(0, T0, new DataplaneRegistered("default", "dp-1", withNull)));

      assertRejectedWithoutChange(outcome, Reason.ZONE_TAG_MISMATCH, checksum);
    }

    @Test
    void standaloneZoneAlsoRequiresItsStamp() {
      ApplyOutcome outcome =
          projection.apply(
              STANDALONE,
              fromZone(0, T0, new DataplaneRegistered("default", "dp-1", dataplane().build())));

      assertThat(outcome.reason()).isEqualTo(Reason.ZONE_TAG_MISMATCH);
    }

    @Test
    void deregisterCarriesNoTagsAndIsAccepted() {
      projection.apply(ZONE_TOPIC, fromZone(0, T0, registered("default", "dp-1")));
      assertApplied(
          projection.apply(
              ZONE_TOPIC, fromZone(1, T1, new DataplaneDeregistered("default", "dp-1"))));
    }

    @Test
    void rejectionDoesNotConsumeTheSequence() {
      projection.apply(
          ZONE_TOPIC, envelope("zone-2", DP1.logKey(), 0, T0, registered("default", "dp-1")));

      assertApplied(projection.apply(ZONE_TOPIC, fromZone(0, T0, registered("default", "dp-1"))));
    }
  }

  @Nested
  class Reads {

    private void seed(Projection target) {
      target.apply(STANDALONE, fromZone(0, T0, new MeshCreated("m2", MeshSpec.empty())));
      target.apply(STANDALONE, fromZone(0, T0, new MeshCreated("m", MeshSpec.empty())));
      target.apply(STANDALONE, fromZone(0, T0, registered("m2", "b")));
      target.apply(STANDALONE, fromZone(0, T0, registered("m2", "a")));
      target.apply(STANDALONE, fromZone(0, T0, registered("m", "z")));
      target.apply(STANDALONE, fromZone(0, T0, registered("m", "y")));
    }

    private static List<String> keys(List<Resource> resources) {
      return resources.stream().map(r -> r.key().logKey()).toList();
    }

    @Test
    void listsAKindOrderedByMeshThenName() {
      seed(projection);

      assertThat(keys(projection.list(ResourceKind.DATAPLANE, null)))
          .containsExactly("dataplane/m/y", "dataplane/m/z", "dataplane/m2/a", "dataplane/m2/b");
      assertThat(keys(projection.list(ResourceKind.MESH, null)))
          .containsExactly("mesh/m", "mesh/m2");
    }

    @Test
    void listFiltersByExactMesh() {
      seed(projection);

      assertThat(keys(projection.list(ResourceKind.DATAPLANE, "m")))
          .containsExactly("dataplane/m/y", "dataplane/m/z");
      assertThat(keys(projection.list(ResourceKind.DATAPLANE, "m2")))
          .containsExactly("dataplane/m2/a", "dataplane/m2/b");
      assertThat(projection.list(ResourceKind.DATAPLANE, "m1")).isEmpty();
      assertThat(projection.list(ResourceKind.DATAPLANE, "zzz")).isEmpty();
    }

    @Test
    void emptyProjectionListsNothing() {
      assertThat(projection.list(ResourceKind.DATAPLANE, null)).isEmpty();
      assertThat(projection.list(ResourceKind.MESH, null)).isEmpty();
    }
  }

  @Nested
  class Checksum {

    @Test
    void sameEventsGiveTheSameChecksum() {
      Projection other = new Projection();
      List<EventEnvelope> events =
          List.of(
              fromZone(0, T0, registered("default", "dp-1")),
              fromZone(1, T1, new DataplaneUpdated("default", "dp-1", spec(9090))),
              fromZone(0, T1, registered("default", "dp-2")));

      events.forEach(e -> projection.apply(ZONE_TOPIC, e));
      events.forEach(e -> other.apply(ZONE_TOPIC, e));

      assertThat(projection.checksum())
          .isEqualTo(other.checksum())
          .startsWith("sha256:")
          .hasSize(71);
    }

    @Test
    void orderAcrossAggregatesDoesNotMatter() {
      Projection other = new Projection();
      EventEnvelope a = fromZone(0, T0, registered("default", "dp-1"));
      EventEnvelope b = fromZone(0, T1, registered("default", "dp-2"));

      projection.apply(ZONE_TOPIC, a);
      projection.apply(ZONE_TOPIC, b);
      other.apply(ZONE_TOPIC, b);
      other.apply(ZONE_TOPIC, a);

      assertThat(projection.checksum()).isEqualTo(other.checksum());
    }

    @Test
    void differentContentGivesADifferentChecksum() {
      Projection other = new Projection();
      projection.apply(ZONE_TOPIC, fromZone(0, T0, registered("default", "dp-1")));
      other.apply(
          ZONE_TOPIC, fromZone(0, T0, new DataplaneRegistered("default", "dp-1", spec(8081))));

      assertThat(projection.checksum()).isNotEqualTo(other.checksum());
    }

    @Test
    void differentTimesGiveADifferentChecksum() {
      Projection other = new Projection();
      projection.apply(ZONE_TOPIC, fromZone(0, T0, registered("default", "dp-1")));
      other.apply(ZONE_TOPIC, fromZone(0, T1, registered("default", "dp-1")));

      assertThat(projection.checksum()).isNotEqualTo(other.checksum());
    }

    @Test
    void differentNamesGiveADifferentChecksum() {
      Projection other = new Projection();
      projection.apply(ZONE_TOPIC, fromZone(0, T0, registered("default", "dp-1")));
      other.apply(ZONE_TOPIC, fromZone(0, T0, registered("default", "dp-2")));

      assertThat(projection.checksum()).isNotEqualTo(other.checksum());
    }

    @Test
    void checksumTracksChangesAndReturnsWhenContentReturns() {
      String empty = projection.checksum();
      projection.apply(ZONE_TOPIC, fromZone(0, T0, registered("default", "dp-1")));
      String one = projection.checksum();
      projection.apply(ZONE_TOPIC, fromZone(1, T1, new DataplaneDeregistered("default", "dp-1")));

      assertThat(one).isNotEqualTo(empty);
      assertThat(projection.checksum()).isEqualTo(empty).isEqualTo(new Projection().checksum());
    }

    @Test
    void equalMeshContentGivesEqualChecksumWhateverTheJsonKeyOrder() {
      MeshSpec ordered =
          meshSpec(
              "{\"mtls\":{\"backends\":[{\"name\":\"ca\",\"type\":\"builtin\"}],\"enabledBackend\":\"ca\"}}");
      MeshSpec reordered =
          meshSpec(
              "{\"mtls\":{\"enabledBackend\":\"ca\",\"backends\":[{\"type\":\"builtin\",\"name\":\"ca\"}]}}");
      assertThat(reordered).isEqualTo(ordered);
      Projection other = new Projection();

      projection.apply(GLOBAL, fromGlobal(0, T0, new MeshCreated("default", ordered)));
      other.apply(GLOBAL, fromGlobal(0, T0, new MeshCreated("default", reordered)));

      assertThat(projection.checksum()).isEqualTo(other.checksum());
    }
  }

  @Test
  void unstampedServiceTagsAloneAreNotEnough() {
    DataplaneSpec onlyService = bare().inbound(in -> in.tags(service("backend"))).build();
    assertThat(
            projection
                .apply(
                    ZONE_TOPIC,
                    fromZone(0, T0, new DataplaneRegistered("default", "dp-1", onlyService)))
                .status())
        .isEqualTo(Status.REJECTED);
  }
}
