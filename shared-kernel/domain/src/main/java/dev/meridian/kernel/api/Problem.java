package dev.meridian.kernel.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.meridian.kernel.validation.Violation;
import java.util.List;

/**
 * An error body in Kuma's shape (RFC 7807 problem details with {@code invalid_parameters}). It is
 * the only thing an API ever returns on failure: never a stack trace.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@JsonPropertyOrder({"type", "status", "title", "detail", "instance", "invalid_parameters"})
public record Problem(
    String type,
    int status,
    String title,
    String detail,
    String instance,
    @JsonProperty("invalid_parameters") List<InvalidParameter> invalidParameters) {

  public static final String TYPE = "/std-errors";
  public static final String MEDIA_TYPE = "application/problem+json";

  public record InvalidParameter(String field, String reason) {}

  public static Problem of(int status, String title, String detail) {
    return new Problem(TYPE, status, title, detail, null, List.of());
  }

  public static Problem invalid(int status, String title, String detail, List<Violation> why) {
    return new Problem(
        TYPE,
        status,
        title,
        detail,
        null,
        why.stream().map(v -> new InvalidParameter(v.field(), v.reason())).toList());
  }

  public Problem withInstance(String newInstance) {
    return new Problem(type, status, title, detail, newInstance, invalidParameters);
  }
}
