package dev.meridian.kernel.history;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meridian.kernel.event.EventEnvelope;
import dev.meridian.kernel.event.MeshEvent;
import dev.meridian.kernel.log.LogPosition;
import dev.meridian.kernel.resource.MeshSpec;
import dev.meridian.kernel.resource.Resource;
import dev.meridian.kernel.resource.ResourceKey;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The audit names who changed what: the subject's name and the groups its token carried. */
class AuditActorTest {
  private static final Instant T = Instant.parse("2026-12-03T10:00:00Z");

  private static AuditEntry entry(String actor, List<String> groups) {
    EventEnvelope envelope =
        new EventEnvelope(
            "e-1",
            "global",
            "mesh/m",
            0,
            T,
            actor,
            groups,
            new MeshEvent.MeshCreated("m", MeshSpec.empty()));
    return new AuditEntry(
        new LogPosition("meridian.global", 0),
        0,
        envelope,
        Optional.empty(),
        Optional.of(new Resource(ResourceKey.mesh("m"), MeshSpec.empty(), T, T)));
  }

  @Test
  void anEntryShowsTheActorsGroups() {
    var rendered = entry("alice", List.of("team-a", "mesh-operator:m")).render();

    assertThat(rendered.get("actor").asText()).isEqualTo("alice");
    assertThat(rendered.get("actorGroups").toString())
        .isEqualTo("[\"team-a\",\"mesh-operator:m\"]");
  }

  @Test
  void anEntryWithoutGroupsShowsAnEmptyList() {
    // System changes, and every change recorded before groups were, have none.
    assertThat(entry("system", List.of()).render().get("actorGroups").toString()).isEqualTo("[]");
  }

  @Test
  void theAuditFiltersByOneOfTheActorsGroups() {
    AuditQuery teamA = new AuditQuery(null, null, null, null, null, null, null, "team-a");

    assertThat(teamA.matches(entry("alice", List.of("team-a")))).isTrue();
    assertThat(teamA.matches(entry("bob", List.of("team-b")))).isFalse();
    assertThat(teamA.matches(entry("old", List.of()))).isFalse();
  }
}
