package dev.meridian.kernel.projection;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.meridian.kernel.event.DomainEvent;
import dev.meridian.kernel.event.EventEnvelope;
import dev.meridian.kernel.event.PolicyEvent;
import dev.meridian.kernel.json.DomainJson;
import dev.meridian.kernel.resource.PolicySpec;
import dev.meridian.kernel.resource.ResourceKey;
import dev.meridian.kernel.resource.ResourceKind;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Policies go through the one fold like every resource, and only from where they may come. */
class PolicyProjectionTest {
  private static final Instant T0 = Instant.parse("2024-01-01T00:00:00Z");
  private static final ResourceKey KEY =
      new ResourceKey(ResourceKind.MESH_RETRY, "default", "retry-1");

  static PolicySpec spec(int retries) {
    JsonNode spec =
        DomainJson.canonical()
            .valueToTree(
                Map.of(
                    "targetRef", Map.of("kind", "Mesh"),
                    "to",
                        java.util.List.of(
                            Map.of(
                                "targetRef",
                                Map.of("kind", "Mesh"),
                                "default",
                                Map.of("grpc", Map.of("numRetries", retries))))));
    return new PolicySpec(null, spec);
  }

  static EventEnvelope envelope(String origin, long sequence, DomainEvent event) {
    return new EventEnvelope(
        "e-" + sequence,
        origin,
        event.key().logKey(),
        sequence,
        T0.plusSeconds(sequence),
        "me",
        event);
  }

  @Test
  void createdUpdatedAndDeletedPoliciesFoldLikeAnyResource() {
    Projection projection = new Projection();
    LogSource global = LogSource.global();

    projection.apply(global, envelope("global", 0, PolicyEvent.created(KEY, spec(1))));
    projection.apply(global, envelope("global", 1, PolicyEvent.updated(KEY, spec(3))));

    assertThat(projection.list(ResourceKind.MESH_RETRY, "default")).hasSize(1);
    assertThat(projection.get(KEY).orElseThrow().spec()).isEqualTo(spec(3));
    assertThat(projection.get(KEY).orElseThrow().creationTime()).isEqualTo(T0);
    assertThat(projection.list(ResourceKind.MESH_TIMEOUT, "default")).isEmpty();

    projection.apply(global, envelope("global", 2, PolicyEvent.deleted(KEY)));
    assertThat(projection.get(KEY)).isEmpty();
  }

  @Test
  void aZoneInMultizoneModeRefusesPoliciesOnItsOwnTopicButAStandaloneZoneOwnsThem() {
    Projection multizone = new Projection();
    ApplyOutcome refused =
        multizone.apply(
            LogSource.zone("zone-1"), envelope("zone-1", 0, PolicyEvent.created(KEY, spec(1))));
    assertThat(refused.reason()).isEqualTo(ApplyOutcome.Reason.KIND_NOT_OWNED_BY_SOURCE);
    assertThat(multizone.get(KEY)).isEmpty();

    Projection standalone = new Projection();
    standalone.apply(
        LogSource.standaloneZone("zone-1"),
        envelope("zone-1", 0, PolicyEvent.created(KEY, spec(1))));
    assertThat(standalone.get(KEY)).isPresent();
  }

  @Test
  void theEventKnowsItsResource() {
    assertThat(PolicyEvent.created(KEY, spec(1)).key()).isEqualTo(KEY);
    assertThat(KEY.logKey()).isEqualTo("meshretry/default/retry-1");
    assertThat(ResourceKey.parseLogKey("meshretry/default/retry-1")).contains(KEY);
  }
}
