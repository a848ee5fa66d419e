package dev.meridian.kernel.command;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meridian.kernel.event.DomainEvent;
import dev.meridian.kernel.event.ResourceRemoval;
import dev.meridian.kernel.json.DomainJson;
import dev.meridian.kernel.resource.AccessRoleBindingSpec;
import dev.meridian.kernel.resource.AccessRoleSpec;
import dev.meridian.kernel.resource.DataplaneBuilder;
import dev.meridian.kernel.resource.DataplaneTokenRevocationSpec;
import dev.meridian.kernel.resource.MeshSpec;
import dev.meridian.kernel.resource.PolicySpec;
import dev.meridian.kernel.resource.ResourceKey;
import dev.meridian.kernel.resource.ResourceKind;
import dev.meridian.kernel.resource.ResourceSpec;
import dev.meridian.kernel.resource.SecretSpec;
import dev.meridian.kernel.resource.UserTokenRevocationSpec;
import dev.meridian.kernel.resource.ZoneIngressSpec;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * One aggregate decides for every kind: each kind gets Kuma's resource semantics and its events.
 */
class ResourceDecisionsTest {

  @ParameterizedTest
  @EnumSource(ResourceKind.class)
  void aNewResourceIsCreatedWithTheEventOfItsKind(ResourceKind kind) {
    ResourceKey key = key(kind);
    Decision decision = ResourceDecisions.put(key, null, spec(kind, 1));

    assertThat(decision.outcome()).isEqualTo(Decision.Outcome.CREATED);
    DomainEvent event = decision.event().orElseThrow();
    assertThat(event.key()).isEqualTo(key);
    assertThat(DomainEvent.specAfter(event)).isEqualTo(spec(kind, 1));
    assertThat(event.getClass().getSimpleName()).endsWith(createdSuffix(kind));
  }

  @ParameterizedTest
  @EnumSource(ResourceKind.class)
  void aChangedSpecIsAnUpdateAndAnEqualOneAppendsNothing(ResourceKind kind) {
    ResourceKey key = key(kind);

    Decision changed = ResourceDecisions.put(key, spec(kind, 1), spec(kind, 2));
    assertThat(changed.outcome()).isEqualTo(Decision.Outcome.UPDATED);
    assertThat(changed.event().orElseThrow().key()).isEqualTo(key);
    assertThat(changed.event().orElseThrow().getClass().getSimpleName()).endsWith("Updated");
    assertThat(DomainEvent.specAfter(changed.event().orElseThrow())).isEqualTo(spec(kind, 2));

    Decision same = ResourceDecisions.put(key, spec(kind, 1), spec(kind, 1));
    assertThat(same.outcome()).isEqualTo(Decision.Outcome.UNCHANGED);
    assertThat(same.event()).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(ResourceKind.class)
  void deletingRemovesAnExistingResourceAndFindsNoMissingOne(ResourceKind kind) {
    ResourceKey key = key(kind);

    Decision deleted = ResourceDecisions.delete(key, spec(kind, 1));
    assertThat(deleted.outcome()).isEqualTo(Decision.Outcome.DELETED);
    DomainEvent removal = deleted.event().orElseThrow();
    assertThat(removal).isInstanceOf(ResourceRemoval.class);
    assertThat(removal.key()).isEqualTo(key);
    assertThat(DomainEvent.specAfter(removal)).isNull();

    Decision missing = ResourceDecisions.delete(key, null);
    assertThat(missing.outcome()).isEqualTo(Decision.Outcome.NOT_FOUND);
    assertThat(missing.event()).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(ResourceKind.class)
  void createOnceCreatesOnlyWhatNeverExisted(ResourceKind kind) {
    ResourceKey key = key(kind);

    assertThat(ResourceDecisions.createOnce(key, false, null, spec(kind, 1)).outcome())
        .isEqualTo(Decision.Outcome.CREATED);
    // Deleted by a user (it existed, it is gone now): it stays deleted.
    Decision afterDelete = ResourceDecisions.createOnce(key, true, null, spec(kind, 1));
    assertThat(afterDelete.outcome()).isEqualTo(Decision.Outcome.UNCHANGED);
    assertThat(afterDelete.event()).isEmpty();
    // Present and different: left as the user made it.
    assertThat(ResourceDecisions.createOnce(key, true, spec(kind, 2), spec(kind, 1)).event())
        .isEmpty();
  }

  private static String createdSuffix(ResourceKind kind) {
    return switch (kind) {
      case DATAPLANE, ZONE_INGRESS -> "Registered";
      case USER_TOKEN_REVOCATION, DATAPLANE_TOKEN_REVOCATION -> "Revoked";
      default -> "Created";
    };
  }

  private static ResourceKey key(ResourceKind kind) {
    return switch (kind) {
      case MESH -> ResourceKey.mesh("m");
      case ZONE_INGRESS -> ResourceKey.zoneIngress("ingress-1");
      default -> new ResourceKey(kind, "m", "r-1");
    };
  }

  /** Two different specs of each kind, told apart by {@code variant}. */
  private static ResourceSpec spec(ResourceKind kind, int variant) {
    return switch (kind) {
      case MESH ->
          new MeshSpec(
              null,
              null,
              null,
              null,
              null,
              DomainJson.canonical().valueToTree(Map.of("localityAwareLoadBalancing", variant > 1)),
              null,
              null);
      case DATAPLANE -> DataplaneBuilder.dataplane().address("10.0.0." + variant).build();
      case ZONE_INGRESS ->
          new ZoneIngressSpec(
              "zone-1",
              new ZoneIngressSpec.Networking("10.0.0.1", null, 10000 + variant, null),
              null);
      case USER_TOKEN_REVOCATION ->
          new UserTokenRevocationSpec("2026-12-04T07:00:00Z", "reason " + variant);
      case SECRET -> new SecretSpec("v1.0a1b2c3d.sealed-" + variant);
      case DATAPLANE_TOKEN_REVOCATION ->
          new DataplaneTokenRevocationSpec("2026-12-04T07:00:00Z", "reason " + variant);
      case ACCESS_ROLE ->
          new AccessRoleSpec(
              List.of(
                  new AccessRoleSpec.Rule(null, List.of("r-" + variant), null, List.of("UPDATE"))));
      case ACCESS_ROLE_BINDING ->
          new AccessRoleBindingSpec(
              List.of(new AccessRoleBindingSpec.Subject("User", "u-" + variant)), List.of("role"));
      case ZONE -> new dev.meridian.kernel.resource.ZoneSpec(variant % 2 == 0);
      default ->
          new PolicySpec(
              null,
              DomainJson.canonical()
                  .valueToTree(Map.of("targetRef", Map.of("kind", "Mesh"), "variant", variant)));
    };
  }
}
