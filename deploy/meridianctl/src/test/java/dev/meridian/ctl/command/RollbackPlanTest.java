package dev.meridian.ctl.command;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.meridian.ctl.api.ApiClient;
import java.util.List;
import org.junit.jupiter.api.Test;

class RollbackPlanTest {
  static JsonNode json(String text) throws Exception {
    return ApiClient.JSON.readTree(text);
  }

  static final String DIFF =
      """
      {"mesh": "m", "from": "t", "to": "now",
       "added": [{"type": "Dataplane", "mesh": "m", "name": "new"},
                 {"type": "MeshRetry", "mesh": "m", "name": "r"}],
       "removed": [{"type": "MeshTimeout", "mesh": "m", "name": "t"}],
       "changed": [{"type": "Mesh", "name": "m",
                    "changes": [{"path": "routing.localityAwareLoadBalancing", "before": true, "after": false}]}]}
      """;

  static final String EXPORT =
      """
      ---
      type: Mesh
      name: m
      routing: {localityAwareLoadBalancing: true}
      ---
      type: MeshTimeout
      mesh: m
      name: t
      spec: {targetRef: {kind: Mesh}}
      """;

  @Test
  void theInverseOfTheDiffIsPlannedMeshFirstAndDeletionsLast() throws Exception {
    RollbackPlan plan =
        RollbackPlan.of(json(DIFF), RollbackPlan.byKey(Documents.parse(EXPORT)), true);
    assertThat(plan.steps().stream().map(RollbackPlan.Step::describe))
        .containsExactly(
            "revert Mesh m (routing.localityAwareLoadBalancing)",
            "restore MeshTimeout m/t",
            "delete Dataplane m/new",
            "delete MeshRetry m/r");
    assertThat(plan.steps().get(0).then().at("/routing/localityAwareLoadBalancing").asBoolean())
        .isTrue();
    assertThat(plan.skipped()).isEmpty();
  }

  @Test
  void onGlobalTheZonesDataplanesAreLeftToTheirZones() throws Exception {
    RollbackPlan plan =
        RollbackPlan.of(json(DIFF), RollbackPlan.byKey(Documents.parse(EXPORT)), false);
    assertThat(plan.steps()).extracting(RollbackPlan.Step::name).containsExactly("m", "t", "r");
    assertThat(plan.skipped())
        .isEqualTo(List.of("Dataplane m/new: owned by its zone; roll it back there"));
  }
}
