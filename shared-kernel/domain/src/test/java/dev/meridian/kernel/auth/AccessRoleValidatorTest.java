package dev.meridian.kernel.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meridian.kernel.resource.AccessRoleBindingSpec;
import dev.meridian.kernel.resource.AccessRoleSpec;
import dev.meridian.kernel.validation.Violation;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class AccessRoleValidatorTest {

  private static List<String> fields(List<Violation> violations) {
    return violations.stream().map(Violation::field).toList();
  }

  @Test
  void aRoleWithKnownTypesAndAccessValuesIsValid() {
    var spec =
        new AccessRoleSpec(
            List.of(
                new AccessRoleSpec.Rule(
                    List.of("MeshTimeout", "Dataplane", "Mesh", "AccessRole"),
                    List.of("t1"),
                    "demo",
                    List.of("CREATE", "UPDATE", "DELETE", "VIEW", "GENERATE_USER_TOKEN"))));
    assertThat(AccessRoleValidator.validate(spec)).isEmpty();
  }

  @Test
  void unknownAccessValuesAndTypesAreNamedByTheirPath() {
    var spec =
        new AccessRoleSpec(
            List.of(
                new AccessRoleSpec.Rule(null, null, null, List.of("VIEW")),
                new AccessRoleSpec.Rule(
                    List.of("MeshTimeout", "TrafficPermision"),
                    Arrays.asList("ok", " "),
                    null,
                    List.of("CREATE", "READ"))));
    List<Violation> violations = AccessRoleValidator.validate(spec);

    assertThat(fields(violations))
        .containsExactly("rules[1].access[1]", "rules[1].types[1]", "rules[1].names[1]");
    assertThat(violations.get(0).reason()).contains("unknown access value 'READ'", "VIEW");
    assertThat(violations.get(1).reason()).isEqualTo("unknown type 'TrafficPermision'");
  }

  @Test
  void aRoleNeedsRulesAndEachRuleAnAccessValue() {
    assertThat(fields(AccessRoleValidator.validate(new AccessRoleSpec(null))))
        .containsExactly("rules");
    assertThat(
            fields(
                AccessRoleValidator.validate(
                    new AccessRoleSpec(
                        List.of(new AccessRoleSpec.Rule(List.of("Mesh"), null, null, null))))))
        .containsExactly("rules[0].access");
  }

  @Test
  void aBindingNeedsSubjectsOfAKnownTypeAndRoles() {
    assertThat(fields(AccessRoleValidator.validate(new AccessRoleBindingSpec(null, List.of()))))
        .containsExactly("subjects", "roles");
    var spec =
        new AccessRoleBindingSpec(
            List.of(
                new AccessRoleBindingSpec.Subject("User", "alice"),
                new AccessRoleBindingSpec.Subject("Team", "a"),
                new AccessRoleBindingSpec.Subject("Group", "")),
            Arrays.asList("admin", ""));
    List<Violation> violations = AccessRoleValidator.validate(spec);
    assertThat(fields(violations))
        .containsExactly("subjects[1].type", "subjects[2].name", "roles[1]");
    assertThat(violations.get(0).reason()).isEqualTo("must be User or Group");
  }
}
