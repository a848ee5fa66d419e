package dev.meridian.runtime.security;

import dev.meridian.runtime.api.Responses;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /audit/access}: the latest refused requests, newest first (administrators only). */
@RestController
class AccessAuditApi {
  private final AccessDenials denials;

  AccessAuditApi(AccessDenials denials) {
    this.denials = denials;
  }

  @GetMapping("/audit/access")
  ResponseEntity<byte[]> deniedRequests(HttpServletRequest request) {
    return Responses.latest(denials.total(), denials.recent(), request);
  }
}
