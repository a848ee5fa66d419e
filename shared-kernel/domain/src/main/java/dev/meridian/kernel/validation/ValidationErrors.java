package dev.meridian.kernel.validation;

import java.util.ArrayList;
import java.util.List;

/** Collects every violation of an input; validation never stops at the first one. */
public final class ValidationErrors {
  private final List<Violation> violations = new ArrayList<>();

  public ValidationErrors add(FieldPath field, String reason) {
    violations.add(new Violation(field.toString(), reason));
    return this;
  }

  public ValidationErrors addAll(List<Violation> more) {
    violations.addAll(more);
    return this;
  }

  public boolean isEmpty() {
    return violations.isEmpty();
  }

  public List<Violation> violations() {
    return List.copyOf(violations);
  }

  /** Throws {@link InvalidResourceException} when anything was collected. */
  public void throwIfAny() {
    if (!violations.isEmpty()) {
      throw new InvalidResourceException(violations());
    }
  }
}
