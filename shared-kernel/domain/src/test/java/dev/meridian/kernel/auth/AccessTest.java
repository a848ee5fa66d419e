package dev.meridian.kernel.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class AccessTest {
  private static final Subject ADMIN = new Subject("admin", List.of(Subject.ADMINS));
  private static final Subject READER = new Subject("rita", List.of(Subject.READERS));
  private static final Subject OPERATOR = new Subject("otto", List.of("mesh-operator:payments"));
  private static final Subject NOBODY = new Subject("nina", List.of("team-a"));

  private static String missing(Subject subject, String method, String path) {
    return Access.missingPermission(subject, Access.Target.of(method, path)).orElse("allowed");
  }

  @Test
  void administratorsMayDoEverything() {
    assertThat(missing(ADMIN, "PUT", "/meshes/default/dataplanes/dp-1")).isEqualTo("allowed");
    assertThat(missing(ADMIN, "DELETE", "/meshes/default")).isEqualTo("allowed");
    assertThat(missing(ADMIN, "POST", "/tokens/user")).isEqualTo("allowed");
  }

  @Test
  void readersReadEverythingAndWriteNothing() {
    assertThat(missing(READER, "GET", "/meshes/default/dataplanes")).isEqualTo("allowed");
    assertThat(missing(READER, "GET", "/audit/events")).isEqualTo("allowed");
    assertThat(missing(READER, "PUT", "/meshes/default/meshtimeouts/t1"))
        .isEqualTo("write on meshtimeouts in mesh default");
    assertThat(missing(READER, "PUT", "/zoneingresses/ingress-1"))
        .isEqualTo("write on zoneingresses");
  }

  @Test
  void aMeshOperatorWritesInsideItsMeshOnly() {
    assertThat(missing(OPERATOR, "PUT", "/meshes/payments/meshretries/r1")).isEqualTo("allowed");
    assertThat(missing(OPERATOR, "DELETE", "/meshes/payments/dataplanes/dp-1"))
        .isEqualTo("allowed");
    assertThat(missing(OPERATOR, "GET", "/meshes/default/dataplanes")).isEqualTo("allowed");
    assertThat(missing(OPERATOR, "PUT", "/meshes/default/meshretries/r1"))
        .isEqualTo("write on meshretries in mesh default");
    assertThat(missing(OPERATOR, "DELETE", "/meshes/payments"))
        .isEqualTo("write on meshes in mesh payments");
  }

  @Test
  void onlyAdministratorsIssueTokens() {
    assertThat(missing(READER, "POST", "/tokens/user")).isEqualTo("admin on tokens");
    assertThat(missing(OPERATOR, "POST", "/tokens/dataplane/signing-keys"))
        .isEqualTo("admin on tokens");
    assertThat(missing(READER, "GET", "/audit/access")).isEqualTo("admin on access audit");
    assertThat(missing(READER, "GET", "/audit/events")).isEqualTo("allowed");
  }

  @Test
  void operatorsReachTheDataplaneTokenEndpointsWhichCheckTheMeshThemselves() {
    assertThat(missing(OPERATOR, "POST", "/tokens/dataplane")).isEqualTo("allowed");
    assertThat(missing(OPERATOR, "POST", "/tokens/dataplane/revocations")).isEqualTo("allowed");
    assertThat(missing(READER, "POST", "/tokens/dataplane")).isEqualTo("write on dataplane tokens");
    assertThat(missing(NOBODY, "POST", "/tokens/dataplane")).isEqualTo("write on dataplane tokens");
  }

  @Test
  void everyoneReachesBulkApplyWhichChecksEachDocumentAsItsOwnPut() {
    assertThat(missing(READER, "POST", "/apply")).isEqualTo("allowed");
    assertThat(missing(NOBODY, "POST", "/apply")).isEqualTo("allowed");
    // Only the route itself: what lies below it is judged as any other path.
    assertThat(missing(NOBODY, "POST", "/apply/x")).isEqualTo("write on apply");
  }

  @Test
  void aTokenWithoutARoleGroupMayDoNothing() {
    assertThat(missing(NOBODY, "GET", "/")).isEqualTo("read on index");
    assertThat(missing(NOBODY, "GET", "/meshes")).isEqualTo("read on meshes");
  }
}
