package dev.meridian.kernel.api;

import dev.meridian.kernel.validation.Violation;
import java.util.List;

/**
 * A request the API answers with a problem document, raised anywhere below the transport. The
 * transport adapters of both control planes only turn it into an HTTP response.
 */
public class ApiFailure extends RuntimeException {
  private final Problem problem;

  public ApiFailure(Problem problem) {
    super(problem.title() + ": " + problem.detail());
    this.problem = problem;
  }

  public static ApiFailure of(int status, String title, String detail) {
    return new ApiFailure(Problem.of(status, title, detail));
  }

  public static ApiFailure invalid(String title, String detail, List<Violation> why) {
    return new ApiFailure(Problem.invalid(400, title, detail, why));
  }

  public static ApiFailure notFound(String title) {
    return of(404, title, "Not found");
  }

  public Problem problem() {
    return problem;
  }
}
