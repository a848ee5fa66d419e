package dev.meridian.runtime.security;

import com.fasterxml.jackson.databind.JsonNode;
import dev.meridian.kernel.api.ApiFailure;
import dev.meridian.kernel.auth.ZoneTokens;
import dev.meridian.kernel.resource.ResourceKind;
import dev.meridian.kernel.validation.Violation;
import dev.meridian.runtime.ControlPlaneRole;
import dev.meridian.runtime.settings.ApiSettings;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Kuma's {@code POST /tokens/zone}: a token for a zone's own proxies ({@code {"zone": "zone-1",
 * "scope": ["ingress"], "validFor": "24h"}}; the answer is the token as text). Administrators only
 * (every {@code /tokens/…} route but dataplane tokens is), and where meshes are owned: global, or a
 * standalone zone.
 */
@RestController
class ZoneTokenApi {
  private static final Pattern ZONE_NAME = Pattern.compile("[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?");

  private final ZoneTokenService tokens;
  private final ControlPlaneRole role;
  private final ApiSettings api;

  ZoneTokenApi(ZoneTokenService tokens, ControlPlaneRole role, ApiSettings api) {
    this.tokens = tokens;
    this.role = role;
    this.api = api;
  }

  @PostMapping("/tokens/zone")
  ResponseEntity<String> issue(HttpServletRequest request) throws IOException {
    role.refusedWrite(ResourceKind.MESH)
        .ifPresent(
            refusal -> {
              throw refusal;
            });
    JsonNode json = dev.meridian.runtime.api.JsonBodies.object(request, api.maxBodyBytes());
    List<Violation> violations = new ArrayList<>();
    String zone = json.path("zone").asText("");
    if (!ZONE_NAME.matcher(zone).matches()) {
      violations.add(new Violation("zone", "must be a zone name (lower case DNS label)"));
    }
    List<String> scope = new ArrayList<>();
    JsonNode scopes = json.get("scope");
    if (scopes == null || !scopes.isArray() || scopes.isEmpty()) {
      violations.add(new Violation("scope", "must list what the token is for: ingress, egress"));
    } else {
      for (int i = 0; i < scopes.size(); i++) {
        String s = scopes.get(i).asText("");
        if (!ZoneTokens.SCOPES.contains(s)) {
          violations.add(new Violation("scope[" + i + "]", "must be one of: egress, ingress"));
        } else if (!scope.contains(s)) {
          scope.add(s);
        }
      }
    }
    Duration validFor = TokenApi.validFor(json, violations);
    if (!violations.isEmpty()) {
      throw ApiFailure.invalid("Could not issue a token", "Request is not valid", violations);
    }
    return ResponseEntity.ok()
        .contentType(MediaType.TEXT_PLAIN)
        .body(tokens.issue(zone, scope, validFor));
  }
}
