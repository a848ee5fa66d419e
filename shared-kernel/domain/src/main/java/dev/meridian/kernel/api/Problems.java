package dev.meridian.kernel.api;

import dev.meridian.kernel.validation.InvalidResourceException;
import dev.meridian.kernel.validation.MalformedInputException;
import java.util.List;
import java.util.Optional;

/** The problem document for each failure the domain raises; empty for anything unexpected. */
public final class Problems {
  private Problems() {}

  public static Optional<Problem> of(Throwable failure) {
    if (failure instanceof ApiFailure api) {
      return Optional.of(api.problem());
    }
    if (failure instanceof InvalidResourceException invalid) {
      return Optional.of(
          Problem.invalid(
              400, "Could not process a resource", "Resource is not valid", invalid.violations()));
    }
    if (failure instanceof MalformedInputException malformed) {
      return Optional.of(Problem.of(400, "Bad Request", malformed.getMessage()));
    }
    if (failure instanceof PageRequest.InvalidPageException page) {
      return Optional.of(
          Problem.invalid(
              400, "Could not retrieve resources", page.detail(), List.of(page.violation())));
    }
    return Optional.empty();
  }

  /** What the caller sees for a failure nobody anticipated: no detail, never a stack trace. */
  public static Problem internal() {
    return Problem.of(500, "Internal Server Error", "Internal Server Error");
  }
}
