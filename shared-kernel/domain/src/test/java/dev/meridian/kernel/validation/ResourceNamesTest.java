package dev.meridian.kernel.validation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class ResourceNamesTest {

  private static final String INVALID =
      "invalid characters. Valid characters are numbers, lowercase latin letters and '-', '_'"
          + " symbols.";

  private static List<Violation> validate(String field, String value) {
    ValidationErrors errors = new ValidationErrors();
    ResourceNames.validate(field, value, errors);
    return errors.violations();
  }

  private static List<Violation> validateForZone(String zone, String name) {
    ValidationErrors errors = new ValidationErrors();
    ResourceNames.validateForZone(zone, name, errors);
    return errors.violations();
  }

  @ParameterizedTest
  @NullAndEmptySource
  void rejectsAnEmptyNameWithOneViolation(String name) {
    assertThat(validate("name", name)).containsExactly(new Violation("name", "cannot be empty"));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "Backend",
        "BACKEND",
        "web.default",
        "a.b",
        "has space",
        "slash/name",
        "ümlaut",
        "a:b",
        "a*"
      })
  void rejectsUppercaseDotsAndOtherCharacters(String name) {
    assertThat(validate("name", name)).containsExactly(new Violation("name", INVALID));
  }

  @ParameterizedTest
  @ValueSource(strings = {"backend", "dp-1", "my_dp", "-leading-dash", "_", "0", "a-b_c-9"})
  void acceptsLowercaseDigitsDashesAndUnderscores(String name) {
    assertThat(validate("name", name)).isEmpty();
  }

  @Test
  void reportsUnderTheFieldItWasGiven() {
    assertThat(validate("mesh", "Default")).containsExactly(new Violation("mesh", INVALID));
    assertThat(validate("mesh", "")).containsExactly(new Violation("mesh", "cannot be empty"));
  }

  @Test
  void zoneQualifiedNameMustStayBelow253Characters() {
    String zone = "zone-1"; // "zone-1." is 7 characters
    assertThat(validateForZone(zone, "n".repeat(245))).isEmpty(); // 252
    assertThat(validateForZone(zone, "n".repeat(246))) // 253
        .containsExactly(new Violation("name", "the length of the name must be shorter"));
    assertThat(validateForZone(zone, "n".repeat(300)))
        .containsExactly(new Violation("name", "the length of the name must be shorter"));
  }

  @Test
  void zoneLengthRuleIgnoresAMissingName() {
    assertThat(validateForZone("zone-1", null)).isEmpty();
  }

  @Test
  void globalRulesHaveNoLengthLimit() {
    assertThat(validate("name", "n".repeat(400))).isEmpty();
  }
}
