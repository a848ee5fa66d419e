package dev.meridian.runtime.security;

import com.fasterxml.jackson.databind.JsonNode;
import dev.meridian.kernel.api.ApiFailure;
import dev.meridian.kernel.api.RequestBody;
import dev.meridian.kernel.api.ResourceRequests;
import dev.meridian.kernel.auth.Permission;
import dev.meridian.kernel.auth.Subject;
import dev.meridian.kernel.auth.UserTokens;
import dev.meridian.kernel.command.Decision;
import dev.meridian.kernel.json.DomainJson;
import dev.meridian.kernel.resource.ResourceKey;
import dev.meridian.kernel.resource.UserTokenRevocationSpec;
import dev.meridian.kernel.validation.Violation;
import dev.meridian.runtime.command.Commands;
import dev.meridian.runtime.command.ResourceCommands;
import dev.meridian.runtime.command.WriteResult;
import dev.meridian.runtime.log.ProjectionFeed;
import dev.meridian.runtime.settings.ApiSettings;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Kuma's {@code POST /tokens/user}: an administrator issues a user token ({@code {"name": …,
 * "groups": […], "validFor": "24h"}}; the answer is the token as text). {@code POST
 * /tokens/user/revocations} revokes one: the revocation is an event on this control plane's own
 * topic, so every replica and a control plane rebuilt from the log refuse the token too.
 */
@RestController
class TokenApi {
  private static final Pattern DURATION_PART = Pattern.compile("(\\d{1,9})(ms|s|m|h|d)");
  private static final Pattern TOKEN_ID =
      Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
  private static final Duration MAX_VALIDITY = Duration.ofDays(3650);

  private final ApiTokens tokens;
  private final ApiSettings api;
  private final ResourceCommands commands;
  private final ProjectionFeed feed;

  private final RoleGrants roles;

  TokenApi(
      ApiTokens tokens,
      ApiSettings api,
      ResourceCommands commands,
      ProjectionFeed feed,
      RoleGrants roles) {
    this.roles = roles;
    this.tokens = tokens;
    this.api = api;
    this.commands = commands;
    this.feed = feed;
  }

  @PostMapping("/tokens/user")
  ResponseEntity<String> issue(HttpServletRequest request) throws IOException {
    requireTokenIssuer(request);
    JsonNode json = body(request);
    List<Violation> violations = new ArrayList<>();
    String name = json == null ? "" : json.path("name").asText("");
    if (name.isBlank()) {
      violations.add(new Violation("name", "must not be empty"));
    }
    List<String> groups = new ArrayList<>();
    if (json != null && json.has("groups")) {
      if (!json.get("groups").isArray()) {
        violations.add(new Violation("groups", "must be a list of group names"));
      } else {
        json.get("groups").forEach(g -> groups.add(g.asText()));
      }
    }
    Duration validFor = validFor(json, violations);
    if (!violations.isEmpty()) {
      throw ApiFailure.invalid("Could not issue a token", "Request is not valid", violations);
    }
    if (groups.contains(Subject.ADMINS) && !isAdministrator(request)) {
      // A role may let someone issue tokens, never make administrators: that stays theirs.
      throw ApiFailure.of(
          403, "Forbidden", "Only administrators issue tokens in the group " + Subject.ADMINS);
    }
    return ResponseEntity.ok()
        .contentType(MediaType.TEXT_PLAIN)
        .body(tokens.issue(new Subject(name, groups), validFor));
  }

  /**
   * Revokes a user token of this control plane: {@code {"token": "<the token>", "reason": …}}, or
   * {@code {"id": "<its jti>"}} when only its id is known.
   */
  @PostMapping("/tokens/user/revocations")
  ResponseEntity<byte[]> revoke(HttpServletRequest request) throws IOException {
    requireTokenIssuer(request);
    ResourceRequests.requireCaughtUp(feed.caughtUp());
    JsonNode json = body(request);
    String reason = json == null ? "" : json.path("reason").asText("");
    String id;
    String expires = null;
    if (json != null && json.hasNonNull("token")) {
      if (!(tokens.verify(json.get("token").asText()) instanceof UserTokens.Valid valid)) {
        throw ApiFailure.invalid(
            "Could not revoke a token",
            "Request is not valid",
            List.of(new Violation("token", "is not a user token of this control plane")));
      }
      id = valid.tokenId();
      expires = valid.expiresAt().toString();
    } else {
      id = json == null ? "" : json.path("id").asText("");
      if (!TOKEN_ID.matcher(id).matches()) {
        throw ApiFailure.invalid(
            "Could not revoke a token",
            "Request is not valid",
            List.of(new Violation("id", "give the token, or its id (a UUID) as 'id'")));
      }
    }
    ResourceKey key = ResourceKey.userTokenRevocation(id);
    WriteResult result =
        commands.send(
            new Commands.PutResource(key, new UserTokenRevocationSpec(expires, reason)),
            request.getAttribute(Subject.class.getName()) instanceof Subject subject
                ? subject
                : new Subject(api.defaultActor(), List.of()));
    if (result.outcome() != Decision.Outcome.UNCHANGED) {
      feed.awaitApplied(key.logKey(), result.sequence(), api.writeVisibilityTimeout());
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("id", id);
    out.put("tokenExpires", expires);
    return ResponseEntity.status(result.outcome() == Decision.Outcome.CREATED ? 201 : 200)
        .contentType(MediaType.APPLICATION_JSON)
        .body(DomainJson.canonical().writeValueAsBytes(out));
  }

  /**
   * The filter lets only administrators, and whom a role grants {@code GENERATE_USER_TOKEN}, here;
   * checked again where tokens are made, so that no routing slip can hand out that power.
   */
  private void requireTokenIssuer(HttpServletRequest request) {
    Object subject = request.getAttribute(Subject.class.getName());
    if (subject != null
        && !roles.allows((Subject) subject, Permission.GENERATE_USER_TOKEN, "tokens")) {
      throw ApiFailure.of(
          403, "Forbidden", "Only administrators and holders of GENERATE_USER_TOKEN manage tokens");
    }
  }

  /** An administrator, or a token-less local request (anonymous-localhost serves as admin). */
  private static boolean isAdministrator(HttpServletRequest request) {
    Object subject = request.getAttribute(Subject.class.getName());
    return subject == null || ((Subject) subject).admin();
  }

  private JsonNode body(HttpServletRequest request) throws IOException {
    byte[] body =
        RequestBody.read(
            request.getInputStream(), request.getContentLengthLong(), api.maxBodyBytes());
    try {
      return DomainJson.yaml().readTree(body);
    } catch (IOException e) {
      throw ApiFailure.of(400, "Bad Request", "The body is not JSON or YAML");
    }
  }

  /**
   * A token's {@code validFor} (from 1 s to 3650 d, as kumactl writes it); null, with the violation
   * added, when it is missing or out of range. Shared by user and dataplane tokens.
   */
  static Duration validFor(JsonNode json, List<Violation> violations) {
    Duration validFor = duration(json == null ? "" : json.path("validFor").asText(""));
    if (validFor == null
        || validFor.compareTo(Duration.ofSeconds(1)) < 0
        || validFor.compareTo(MAX_VALIDITY) > 0) {
      violations.add(
          new Violation(
              "validFor", "must be a duration such as 24h, 30m or 90d, from 1s to 3650d"));
      return null;
    }
    return validFor;
  }

  /** Go-style durations as kumactl takes them ({@code 24h}, {@code 1h30m}, {@code 90d}). */
  static Duration duration(String text) {
    if (text.isEmpty() || !DURATION_PART.matcher(text).replaceAll("").isEmpty()) {
      return null;
    }
    Duration total = Duration.ZERO;
    Matcher m = DURATION_PART.matcher(text);
    while (m.find()) {
      long n = Long.parseLong(m.group(1));
      total =
          total.plus(
              switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
              });
    }
    return total.isZero() ? null : total;
  }
}
