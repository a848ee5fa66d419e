package dev.meridian.zone.api;

import dev.meridian.kernel.api.Problem;
import dev.meridian.kernel.validation.Violation;
import java.util.List;

/** A failure the API reports as a problem document; carries everything the body needs. */
public class ApiException extends RuntimeException {
  private final Problem problem;

  public ApiException(Problem problem) {
    super(problem.title() + ": " + problem.detail());
    this.problem = problem;
  }

  public static ApiException of(int status, String title, String detail) {
    return new ApiException(Problem.of(status, title, detail));
  }

  public static ApiException invalid(String title, String detail, List<Violation> why) {
    return new ApiException(Problem.invalid(400, title, detail, why));
  }

  public Problem problem() {
    return problem;
  }
}
