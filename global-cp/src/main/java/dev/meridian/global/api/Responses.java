package dev.meridian.global.api;

import dev.meridian.kernel.api.Rendered;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/** 200 responses rendered as the caller asked (JSON, or YAML when it accepts YAML). */
final class Responses {
  private Responses() {}

  static ResponseEntity<byte[]> ok(Object body, HttpServletRequest request) {
    Rendered rendered = Rendered.of(body, request.getHeader("Accept"));
    return ResponseEntity.ok()
        .contentType(MediaType.parseMediaType(rendered.contentType()))
        .body(rendered.body());
  }
}
