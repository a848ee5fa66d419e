package dev.meridian.kernel.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meridian.kernel.resource.AccessRoleBindingSpec;
import dev.meridian.kernel.resource.AccessRoleSpec;
import dev.meridian.kernel.resource.Resource;
import dev.meridian.kernel.resource.ResourceKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Access decided by the built-in groups and then by the roles and bindings on the log. */
class AccessRolesTest {
  private static final Subject ADMIN = new Subject("admin", List.of(Subject.ADMINS));
  private static final Subject READER = new Subject("rita", List.of(Subject.READERS));
  private static final Subject OPERATOR = new Subject("otto", List.of("mesh-operator:demo"));
  private static final Subject ALICE = new Subject("alice", List.of("team-a"));
  private static final Subject BOB = new Subject("bob", List.of("team-b"));

  private final List<Resource> roles = new ArrayList<>();
  private final List<Resource> bindings = new ArrayList<>();
  private final Set<ResourceKey> existing = new java.util.HashSet<>();

  private static AccessRoleSpec.Rule rule(
      List<String> types, List<String> names, String mesh, String... access) {
    return new AccessRoleSpec.Rule(types, names, mesh, List.of(access));
  }

  private void role(String name, AccessRoleSpec.Rule... rules) {
    roles.add(
        new Resource(
            ResourceKey.accessRole(name), new AccessRoleSpec(List.of(rules)), Instant.EPOCH, null));
  }

  private void bind(String name, String role, String type, String subject) {
    bindings.add(
        new Resource(
            ResourceKey.accessRoleBinding(name),
            new AccessRoleBindingSpec(
                List.of(new AccessRoleBindingSpec.Subject(type, subject)), List.of(role)),
            Instant.EPOCH,
            null));
  }

  private String missing(Subject subject, String method, String path) {
    return Access.missingPermission(
            subject, method, path, existing::contains, Grants.of(roles, bindings))
        .orElse("allowed");
  }

  @Test
  void theBuiltInGroupsWorkWithNoRoleOnTheLog() {
    assertThat(missing(ADMIN, "PUT", "/access-roles/r")).isEqualTo("allowed");
    assertThat(missing(ADMIN, "GET", "/audit/access")).isEqualTo("allowed");
    assertThat(missing(READER, "GET", "/access-role-bindings")).isEqualTo("allowed");
    assertThat(missing(READER, "PUT", "/access-roles/r"))
        .isEqualTo("CREATE on AccessRole (write on access-roles)");
    assertThat(missing(OPERATOR, "PUT", "/meshes/demo/meshtimeouts/t1")).isEqualTo("allowed");
    assertThat(missing(OPERATOR, "PUT", "/meshes/other/meshtimeouts/t1"))
        .isEqualTo("CREATE on MeshTimeout in mesh other (write on meshtimeouts in mesh other)");
    // A mesh operator cannot hand out roles: they are not inside its mesh.
    assertThat(missing(OPERATOR, "PUT", "/access-role-bindings/b")).startsWith("CREATE on");
  }

  @Test
  void aRoleBoundToAUserGrantsItsRulesToThatUserOnly() {
    role("timeouts", rule(List.of("MeshTimeout"), null, "demo", "CREATE", "UPDATE"));
    bind("alice-timeouts", "timeouts", "User", "alice");

    assertThat(missing(ALICE, "PUT", "/meshes/demo/meshtimeouts/t1")).isEqualTo("allowed");
    assertThat(missing(BOB, "PUT", "/meshes/demo/meshtimeouts/t1"))
        .isEqualTo("CREATE on MeshTimeout in mesh demo (write on meshtimeouts in mesh demo)");
    // Only what the rule says: not another type, mesh or access value.
    assertThat(missing(ALICE, "PUT", "/meshes/demo/meshretries/r1")).startsWith("CREATE on");
    assertThat(missing(ALICE, "PUT", "/meshes/prod/meshtimeouts/t1")).startsWith("CREATE on");
    assertThat(missing(ALICE, "DELETE", "/meshes/demo/meshtimeouts/t1"))
        .startsWith("DELETE on MeshTimeout in mesh demo");
    assertThat(missing(ALICE, "GET", "/meshes/demo/meshtimeouts")).startsWith("VIEW on");
  }

  @Test
  void aRoleBoundToAGroupGrantsEveryMember() {
    role("viewer", rule(null, null, null, "VIEW"));
    bind("team-a-viewers", "viewer", "Group", "team-a");

    assertThat(missing(ALICE, "GET", "/meshes/demo/dataplanes+insights")).isEqualTo("allowed");
    assertThat(missing(ALICE, "GET", "/zones")).isEqualTo("allowed");
    assertThat(missing(ALICE, "GET", "/audit/events")).isEqualTo("allowed");
    assertThat(missing(ALICE, "PUT", "/meshes/demo")).startsWith("CREATE on Mesh in mesh demo");
    assertThat(missing(BOB, "GET", "/zones")).isEqualTo("VIEW on Zone (read on zones)");
    // The access audit is the administrators' whatever a role says.
    assertThat(missing(ALICE, "GET", "/audit/access")).isEqualTo("admin on access audit");
  }

  @Test
  void everyTokenHolderIsInTheAuthenticatedGroup() {
    role("viewer", rule(null, null, null, "VIEW"));
    bind("everyone-views", "viewer", "Group", Grants.AUTHENTICATED);

    assertThat(missing(BOB, "GET", "/meshes")).isEqualTo("allowed");
    assertThat(missing(BOB, "PUT", "/meshes/demo")).startsWith("CREATE on");
  }

  @Test
  void createAndUpdateAreToldApartByWhetherTheResourceExists() {
    role("updater", rule(List.of("MeshTimeout"), null, null, "UPDATE"));
    bind("b", "updater", "User", "alice");
    ResourceKey t1 =
        new ResourceKey(dev.meridian.kernel.resource.ResourceKind.MESH_TIMEOUT, "demo", "t1");

    assertThat(missing(ALICE, "PUT", "/meshes/demo/meshtimeouts/t1"))
        .startsWith("CREATE on MeshTimeout in mesh demo");
    existing.add(t1);
    assertThat(missing(ALICE, "PUT", "/meshes/demo/meshtimeouts/t1")).isEqualTo("allowed");
  }

  @Test
  void aRoleLimitedByNamesCoversThoseResourcesAndNoList() {
    role("one-timeout", rule(List.of("MeshTimeout"), List.of("t1"), null, "VIEW", "DELETE"));
    bind("b", "one-timeout", "User", "alice");

    assertThat(missing(ALICE, "GET", "/meshes/demo/meshtimeouts/t1")).isEqualTo("allowed");
    assertThat(missing(ALICE, "DELETE", "/meshes/prod/meshtimeouts/t1")).isEqualTo("allowed");
    assertThat(missing(ALICE, "GET", "/meshes/demo/meshtimeouts/t2")).startsWith("VIEW on");
    // A list would show the resources the names leave out.
    assertThat(missing(ALICE, "GET", "/meshes/demo/meshtimeouts")).startsWith("VIEW on");
    assertThat(missing(ALICE, "GET", "/meshes/demo/meshretries/t1")).startsWith("VIEW on");
  }

  @Test
  void aRoleLimitedToAMeshDoesNotCoverListsAcrossMeshes() {
    role("demo-reader", rule(null, null, "demo", "VIEW"));
    bind("b", "demo-reader", "User", "alice");

    assertThat(missing(ALICE, "GET", "/meshes/demo/dataplanes")).isEqualTo("allowed");
    assertThat(missing(ALICE, "GET", "/meshes/demo")).isEqualTo("allowed");
    assertThat(missing(ALICE, "GET", "/dataplanes")).startsWith("VIEW on Dataplane");
    assertThat(missing(ALICE, "GET", "/meshes/prod/dataplanes")).startsWith("VIEW on");
  }

  @Test
  void tokensAreIssuedByAdministratorsAndWhomARoleGrantsIt() {
    assertThat(missing(ALICE, "POST", "/tokens/user"))
        .isEqualTo("GENERATE_USER_TOKEN on tokens (admin on tokens)");
    role("issuer", rule(null, null, null, "GENERATE_USER_TOKEN"));
    bind("b", "issuer", "Group", "team-a");

    assertThat(missing(ALICE, "POST", "/tokens/user")).isEqualTo("allowed");
    assertThat(missing(ALICE, "POST", "/tokens/user/revocations")).isEqualTo("allowed");
    assertThat(missing(ALICE, "POST", "/tokens/dataplane")).startsWith("GENERATE_DATAPLANE_TOKEN");
    assertThat(missing(BOB, "POST", "/tokens/user")).startsWith("GENERATE_USER_TOKEN");
  }

  @Test
  void aBindingToAMissingRoleGrantsNothingAndNoRoleTakesAdminAway() {
    bind("dangling", "no-such-role", "User", "alice");
    assertThat(missing(ALICE, "GET", "/meshes")).startsWith("VIEW on Mesh");

    // Roles only add: an administrator stays one whatever is bound to it.
    role("nothing", rule(List.of("Mesh"), List.of("none"), "none", "VIEW"));
    bind("admin-nothing", "nothing", "Group", Subject.ADMINS);
    assertThat(missing(ADMIN, "DELETE", "/access-role-bindings/admin-nothing"))
        .isEqualTo("allowed");
  }

  @Test
  void writingRolesAndBindingsNeedsAGrantForThoseTypes() {
    role("rbac-admin", rule(List.of("AccessRole", "AccessRoleBinding"), null, null, "CREATE"));
    bind("b", "rbac-admin", "User", "alice");

    assertThat(missing(ALICE, "PUT", "/access-roles/r")).isEqualTo("allowed");
    assertThat(missing(ALICE, "PUT", "/access-role-bindings/b2")).isEqualTo("allowed");
    assertThat(missing(ALICE, "PUT", "/meshes/demo/meshtimeouts/t")).startsWith("CREATE on");
  }
}
