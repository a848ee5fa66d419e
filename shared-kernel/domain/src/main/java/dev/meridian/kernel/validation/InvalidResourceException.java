package dev.meridian.kernel.validation;

import java.util.List;

/** An input that breaks one or more rules; carries every violation found. */
public class InvalidResourceException extends RuntimeException {
  private final List<Violation> violations;

  public InvalidResourceException(List<Violation> violations) {
    super("Resource is not valid: " + violations);
    this.violations = List.copyOf(violations);
  }

  public InvalidResourceException(String field, String reason) {
    this(List.of(new Violation(field, reason)));
  }

  public List<Violation> violations() {
    return violations;
  }
}
