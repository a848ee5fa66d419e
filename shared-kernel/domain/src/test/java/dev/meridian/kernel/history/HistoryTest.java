package dev.meridian.kernel.history;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.meridian.kernel.event.DataplaneEvent;
import dev.meridian.kernel.event.DomainEvent;
import dev.meridian.kernel.event.EventEnvelope;
import dev.meridian.kernel.event.LogRecordCodec;
import dev.meridian.kernel.event.MeshEvent;
import dev.meridian.kernel.json.DomainJson;
import dev.meridian.kernel.log.FeedObserver;
import dev.meridian.kernel.log.LogCut;
import dev.meridian.kernel.log.LogFollower;
import dev.meridian.kernel.log.LogPosition;
import dev.meridian.kernel.log.PositionedRecord;
import dev.meridian.kernel.projection.ApplyOutcome;
import dev.meridian.kernel.projection.LogSource;
import dev.meridian.kernel.projection.Projection;
import dev.meridian.kernel.resource.DataplaneBuilder;
import dev.meridian.kernel.resource.DataplaneSpec;
import dev.meridian.kernel.resource.MeshSpec;
import dev.meridian.kernel.resource.ResourceDocument;
import dev.meridian.kernel.resource.ResourceKey;
import dev.meridian.kernel.resource.ResourceKind;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Point-in-time views, the audit listing, diffs and exports are all the one fold run over a prefix
 * of the log; these tests build a small history and read it back at several moments.
 */
class HistoryTest {
  static final LogSource GLOBAL = LogSource.global();
  static final LogSource ZONE = LogSource.zone("zone-1");
  static final LogPosition GLOBAL_P0 = new LogPosition(GLOBAL.topic(), 0);
  static final LogPosition ZONE_P0 = new LogPosition(ZONE.topic(), 0);
  static final LogPosition ZONE_P1 = new LogPosition(ZONE.topic(), 1);
  static final Instant T0 = Instant.parse("2026-01-01T14:00:00Z");

  final List<PositionedRecord> log = new ArrayList<>();

  static final DataplaneSpec WEB_V1 = web("10.0.0.1").build();
  static final DataplaneSpec WEB_V2 = web("10.0.0.2").build();
  static final DataplaneSpec DB =
      DataplaneBuilder.bare()
          .address("10.0.0.9")
          .inbound(
              i -> i.port(5432).tags(DataplaneBuilder.service("db")).tag("kuma.io/zone", "zone-1"))
          .build();

  /** A dataplane as its zone stored it: stamped with the zone. */
  static DataplaneBuilder web(String address) {
    return DataplaneBuilder.dataplane()
        .address(address)
        .editInbound(0, i -> i.tag("kuma.io/zone", "zone-1"));
  }

  HistoryTest() {
    // 14:00 mesh created on global; 14:01 web-1 registered; 14:02 db-1 registered;
    // 14:03 web-1 moved; 14:04 db-1 deregistered.
    append(GLOBAL_P0, 0, "global", 0, 0, "admin", new MeshEvent.MeshCreated("m", MeshSpec.empty()));
    append(ZONE_P0, 0, "zone-1", 0, 1, "alice", registered("web-1", WEB_V1));
    append(ZONE_P1, 0, "zone-1", 0, 2, "bob", registered("db-1", DB));
    append(
        ZONE_P0,
        1,
        "zone-1",
        1,
        3,
        "alice",
        new DataplaneEvent.DataplaneUpdated("m", "web-1", WEB_V2));
    append(
        ZONE_P1, 1, "zone-1", 1, 4, "bob", new DataplaneEvent.DataplaneDeregistered("m", "db-1"));
  }

  static DomainEvent registered(String name, DataplaneSpec spec) {
    return new DataplaneEvent.DataplaneRegistered("m", name, spec);
  }

  void append(
      LogPosition position,
      long offset,
      String origin,
      long sequence,
      int minute,
      String actor,
      DomainEvent event) {
    EventEnvelope envelope =
        new EventEnvelope(
            "e" + log.size(),
            origin,
            event.key().logKey(),
            sequence,
            T0.plusSeconds(60L * minute),
            actor,
            event);
    log.add(new PositionedRecord(position, offset, new LogRecordCodec().encode(envelope)));
  }

  /** Replays the whole log (global's topic first, as a reader may) through a cut. */
  Projection replay(LogCut cut, FeedObserver observer) {
    Projection projection = new Projection();
    LogFollower follower = new LogFollower(projection, List.of(GLOBAL, ZONE), observer, cut);
    follower.apply(log);
    return projection;
  }

  static final FeedObserver QUIET =
      new FeedObserver() {
        @Override
        public void applied(LogSource source, PositionedRecord record, ApplyOutcome outcome) {}

        @Override
        public void rejected(
            LogSource source, PositionedRecord record, String reason, String detail) {}
      };

  static Instant minute(int m) {
    return T0.plusSeconds(60L * m);
  }

  @Test
  void aTimeCutShowsTheMeshAsItWasThen() {
    Projection at0130 = replay(LogCut.at(minute(1).plusSeconds(30)), QUIET);
    assertThat(at0130.list(ResourceKind.DATAPLANE, "m"))
        .extracting(r -> r.key().name())
        .containsExactly("web-1");
    Projection at0230 = replay(LogCut.at(minute(2).plusSeconds(30)), QUIET);
    assertThat(at0230.list(ResourceKind.DATAPLANE, "m"))
        .extracting(r -> r.key().name())
        .containsExactly("db-1", "web-1");
    assertThat(at0230.get(ResourceKey.dataplane("m", "web-1")).orElseThrow().spec())
        .isEqualTo(WEB_V1);
    Projection before = replay(LogCut.at(T0.minusSeconds(1)), QUIET);
    assertThat(before.size()).isZero();
  }

  @Test
  void anEventTimeIsIncludedAtExactlyThatTime() {
    assertThat(replay(LogCut.at(minute(3)), QUIET).get(ResourceKey.dataplane("m", "web-1")))
        .get()
        .extracting(r -> r.spec())
        .isEqualTo(WEB_V2);
  }

  @Test
  void theLatestCutIsTheLiveProjection() {
    Projection live = new Projection();
    new LogFollower(live, List.of(GLOBAL, ZONE), QUIET).apply(log);
    assertThat(replay(LogCut.latest(), QUIET).checksum()).isEqualTo(live.checksum());
  }

  @Test
  void aPositionCutIsTheStateJustAfterThatEvent() {
    // web-1's update (zone partition 0, offset 1, 14:03): db-1 still exists (deleted at 14:04).
    Projection projection = replay(LogCut.atEvent(ZONE_P0, 1, minute(3)), QUIET);
    assertThat(projection.get(ResourceKey.dataplane("m", "web-1")).orElseThrow().spec())
        .isEqualTo(WEB_V2);
    assertThat(projection.get(ResourceKey.dataplane("m", "db-1"))).isPresent();
    // Just after db-1's registration: web-1 is still at its first address.
    Projection earlier = replay(LogCut.atEvent(ZONE_P1, 0, minute(2)), QUIET);
    assertThat(earlier.get(ResourceKey.dataplane("m", "web-1")).orElseThrow().spec())
        .isEqualTo(WEB_V1);
  }

  @Test
  void theRequestedCutParsesTimesAndPositions() {
    assertThat(LogCut.Requested.parse("2026-01-01T15:02:00+01:00"))
        .contains(new LogCut.Requested.Time(minute(2)));
    assertThat(LogCut.Requested.parse("meridian.zone.zone-1-2@17"))
        .contains(new LogCut.Requested.Position(new LogPosition("meridian.zone.zone-1", 2), 17));
    assertThat(LogCut.Requested.parse("yesterday")).isEmpty();
    assertThat(LogCut.Requested.parse("")).isEmpty();
  }

  @Test
  void theAuditListsEveryChangeNewestFirstWithWhoAndBeforeAfter() {
    AuditCollector audit = new AuditCollector(AuditQuery.all(), 100);
    replay(LogCut.latest(), audit);
    assertThat(audit.total()).isEqualTo(5);
    List<AuditEntry> entries = audit.newestFirst();
    assertThat(entries)
        .extracting(e -> e.key().name() + ":" + e.operation() + ":" + e.envelope().actor())
        .containsExactly(
            "db-1:DELETE:bob",
            "web-1:UPDATE:alice",
            "db-1:CREATE:bob",
            "web-1:CREATE:alice",
            "m:CREATE:admin");
    ObjectNode update = entries.get(1).render();
    assertThat(update.get("position").asText()).isEqualTo("meridian.zone.zone-1-0@1");
    assertThat(update.at("/before/networking/address").asText()).isEqualTo("10.0.0.1");
    assertThat(update.at("/after/networking/address").asText()).isEqualTo("10.0.0.2");
    assertThat(update.get("origin").asText()).isEqualTo("zone-1");
    assertThat(entries.get(0).render().get("after").isNull()).isTrue();
  }

  @Test
  void theAuditFiltersAndKeepsOnlyThePageItNeeds() {
    AuditCollector alice =
        new AuditCollector(new AuditQuery("m", "dataplane", null, null, "alice", null, null), 1);
    replay(LogCut.latest(), alice);
    assertThat(alice.total()).isEqualTo(2);
    assertThat(alice.newestFirst())
        .extracting(e -> e.operation())
        .containsExactly(AuditEntry.Operation.UPDATE);

    AuditCollector window =
        new AuditCollector(
            new AuditQuery(null, null, null, "zone-1", null, minute(2), minute(3)), 10);
    replay(LogCut.latest(), window);
    assertThat(window.newestFirst())
        .extracting(e -> e.key().name())
        .containsExactly("web-1", "db-1");

    AuditCollector meshOnly =
        new AuditCollector(new AuditQuery("m", "Mesh", null, "global", null, null, null), 10);
    replay(LogCut.latest(), meshOnly);
    assertThat(meshOnly.total()).isOne();
  }

  @Test
  void aDiffListsAddedRemovedAndChangedFields() {
    Projection from = replay(LogCut.at(minute(1)), QUIET);
    Projection to = replay(LogCut.at(minute(4)), QUIET);
    // Between 14:01 and 14:04 db-1 came and went: only web-1's address changed.
    JsonNode diff = ResourceDiff.between(MeshResources.of(from, "m"), MeshResources.of(to, "m"));
    assertThat(diff.get("added")).isEmpty();
    assertThat(diff.get("removed")).isEmpty();
    assertThat(diff.at("/changed/0/name").asText()).isEqualTo("web-1");
    assertThat(diff.at("/changed/0/changes"))
        .containsExactly(
            DomainJson.canonical()
                .createObjectNode()
                .put("path", "networking.address")
                .put("before", "10.0.0.1")
                .put("after", "10.0.0.2"));

    JsonNode added =
        ResourceDiff.between(
            MeshResources.of(replay(LogCut.at(minute(1)), QUIET), "m"),
            MeshResources.of(replay(LogCut.at(minute(2)), QUIET), "m"));
    assertThat(added.at("/added/0/name").asText()).isEqualTo("db-1");
    assertThat(added.at("/added/0/creationTime").isMissingNode()).isTrue();
    assertThat(added.get("changed")).isEmpty();
  }

  @Test
  void aFieldPresentOnOneSideOnlyHasNoValueOnTheOther() {
    Projection a = replay(LogCut.at(minute(2)), QUIET);
    DataplaneSpec withAdmin = web("10.0.0.2").admin(9901).build();
    append(
        ZONE_P0,
        2,
        "zone-1",
        2,
        5,
        "alice",
        new DataplaneEvent.DataplaneUpdated("m", "web-1", withAdmin));
    Projection b = replay(LogCut.latest(), QUIET);
    JsonNode changes =
        ResourceDiff.between(MeshResources.of(a, "m"), MeshResources.of(b, "m"))
            .at("/changed/0/changes");
    JsonNode admin =
        java.util.stream.StreamSupport.stream(changes.spliterator(), false)
            .filter(c -> c.get("path").asText().startsWith("networking.admin"))
            .findFirst()
            .orElseThrow();
    assertThat(admin.has("before")).isFalse();
    assertThat(admin.has("after")).isTrue();
  }

  @Test
  void anExportIsTheMeshAsDocumentsThePutEndpointsRead() throws Exception {
    String yaml = MeshExport.yaml(MeshResources.of(replay(LogCut.at(minute(2)), QUIET), "m"));
    List<JsonNode> documents =
        DomainJson.yaml().readerFor(JsonNode.class).<JsonNode>readValues(yaml).readAll();
    assertThat(documents)
        .extracting(d -> d.get("type").asText() + "/" + d.get("name").asText())
        .containsExactly("Mesh/m", "Dataplane/db-1", "Dataplane/web-1");
    for (JsonNode document : documents) {
      ResourceKind kind = ResourceKind.byTypeName(document.get("type").asText()).orElseThrow();
      // Each document is accepted as a request body as it is.
      ResourceDocument.read(
          kind,
          DomainJson.toBytes(document),
          dev.meridian.kernel.resource.ResourceDocument.Format.JSON);
    }
    assertThat(documents.get(2).at("/networking/address").asText()).isEqualTo("10.0.0.1");
  }
}
