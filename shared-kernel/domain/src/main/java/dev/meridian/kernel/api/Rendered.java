package dev.meridian.kernel.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.meridian.kernel.json.DomainJson;
import java.nio.charset.StandardCharsets;

/** A response body rendered as the caller asked: YAML when it accepts YAML, JSON otherwise. */
public record Rendered(String contentType, byte[] body) {

  public static Rendered of(Object body, String accept) {
    try {
      if (accept != null && accept.contains("yaml")) {
        return new Rendered(
            "application/yaml",
            DomainJson.yaml().writeValueAsString(body).getBytes(StandardCharsets.UTF_8));
      }
      return new Rendered(
          "application/json",
          DomainJson.canonical().writerWithDefaultPrettyPrinter().writeValueAsBytes(body));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("could not render a response", e);
    }
  }
}
