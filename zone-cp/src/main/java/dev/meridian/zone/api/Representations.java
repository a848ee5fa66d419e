package dev.meridian.zone.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.meridian.kernel.json.DomainJson;
import jakarta.servlet.http.HttpServletRequest;
import java.nio.charset.StandardCharsets;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/** Writes response bodies as JSON (default) or YAML when the caller asks for it. */
final class Representations {
  private static final MediaType YAML = MediaType.parseMediaType("application/yaml");

  private Representations() {}

  static ResponseEntity<byte[]> ok(Object body, HttpServletRequest request) {
    String accept = request.getHeader("Accept");
    try {
      if (accept != null && accept.contains("yaml")) {
        return ResponseEntity.ok()
            .contentType(YAML)
            .body(DomainJson.yaml().writeValueAsString(body).getBytes(StandardCharsets.UTF_8));
      }
      return ResponseEntity.ok()
          .contentType(MediaType.APPLICATION_JSON)
          .body(DomainJson.canonical().writerWithDefaultPrettyPrinter().writeValueAsBytes(body));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("could not render response", e);
    }
  }
}
