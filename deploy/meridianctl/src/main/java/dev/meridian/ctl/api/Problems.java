package dev.meridian.ctl.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.meridian.ctl.CliException;
import java.util.ArrayList;
import java.util.List;

/** An error answer of the API ({@code application/problem+json}) as kumactl prints it. */
final class Problems {
  private Problems() {}

  /**
   * {@code Error: <title> (<detail>)} as Kuma's client words an API error, then each invalid
   * parameter; a body that is not a problem document is shown by its status.
   */
  static CliException toException(int status, String body) {
    JsonNode problem;
    try {
      problem = ApiClient.JSON.readTree(body);
    } catch (Exception e) {
      problem = null;
    }
    if (problem == null || !problem.isObject() || !problem.hasNonNull("title")) {
      return new CliException("the control plane answered " + status + ": " + firstLine(body));
    }
    String title = problem.path("title").asText();
    String detail = problem.path("detail").asText("");
    String message = detail.isEmpty() || detail.equals(title) ? title : title + " (" + detail + ")";
    List<CliException.Cause> causes = new ArrayList<>();
    for (JsonNode parameter : problem.path("invalid_parameters")) {
      causes.add(
          new CliException.Cause(
              parameter.path("field").asText(), parameter.path("reason").asText()));
    }
    return new CliException(message, causes);
  }

  private static String firstLine(String body) {
    if (body == null || body.isBlank()) {
      return "(no body)";
    }
    String line = body.strip().lines().findFirst().orElse("");
    return line.length() > 200 ? line.substring(0, 200) + "…" : line;
  }
}
