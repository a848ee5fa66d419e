package dev.meridian.runtime.security;

import com.fasterxml.jackson.databind.JsonNode;
import dev.meridian.kernel.api.ApiFailure;
import dev.meridian.kernel.api.ResourceRequests;
import dev.meridian.kernel.auth.DataplaneTokens;
import dev.meridian.kernel.auth.Permission;
import dev.meridian.kernel.auth.Subject;
import dev.meridian.kernel.command.Decision;
import dev.meridian.kernel.json.DomainJson;
import dev.meridian.kernel.projection.Projection;
import dev.meridian.kernel.resource.DataplaneTokenRevocationSpec;
import dev.meridian.kernel.resource.ResourceKey;
import dev.meridian.kernel.resource.ResourceKind;
import dev.meridian.kernel.validation.Violation;
import dev.meridian.runtime.ControlPlaneRole;
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
import java.util.regex.Pattern;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Kuma's {@code POST /tokens/dataplane}: a token a proxy shows on {@code /bootstrap} and its ADS
 * stream ({@code {"mesh", "name", "tags", "validFor"}}; the answer is the token as text), issued by
 * an administrator or an operator of the mesh. Beside it, revoking one ({@code
 * /tokens/dataplane/revocations}, an event every zone honours) and rotating a mesh's signing key
 * ({@code /tokens/dataplane/signing-keys}, administrators only).
 */
@RestController
class DataplaneTokenApi {
  private static final Pattern TOKEN_ID =
      Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

  private final DataplaneTokenService tokens;
  private final Projection projection;
  private final ResourceCommands commands;
  private final ControlPlaneRole role;
  private final ProjectionFeed feed;
  private final ApiSettings api;
  private final dev.meridian.runtime.api.ResourceEndpoints endpoints;
  private final RoleGrants roles;

  DataplaneTokenApi(
      DataplaneTokenService tokens,
      Projection projection,
      ResourceCommands commands,
      ControlPlaneRole role,
      ProjectionFeed feed,
      ApiSettings api,
      RoleGrants roles,
      dev.meridian.runtime.api.ResourceEndpoints endpoints) {
    this.endpoints = endpoints;
    this.roles = roles;
    this.tokens = tokens;
    this.projection = projection;
    this.commands = commands;
    this.role = role;
    this.feed = feed;
    this.api = api;
  }

  @PostMapping("/tokens/dataplane")
  ResponseEntity<String> issue(HttpServletRequest request) throws IOException {
    ResourceRequests.requireCaughtUp(feed.caughtUp());
    JsonNode json = dev.meridian.runtime.api.JsonBodies.object(request, api.maxBodyBytes());
    List<Violation> violations = new ArrayList<>();
    String mesh = json.path("mesh").asText("");
    if (mesh.isBlank()) {
      violations.add(new Violation("mesh", "must not be empty"));
    } else if (!projection.meshExists(mesh)) {
      violations.add(new Violation("mesh", "mesh '" + mesh + "' does not exist"));
    }
    String type = json.path("type").asText("dataplane");
    if (!type.isEmpty() && !type.equals("dataplane")) {
      violations.add(new Violation("type", "only 'dataplane' tokens are issued here"));
    }
    Map<String, List<String>> tags = tags(json.get("tags"), violations);
    String name = json.path("name").asText("");
    if (name.isEmpty() && tags.isEmpty()) {
      violations.add(
          new Violation("name", "give the dataplane's name, or tags it must have, or both"));
    }
    Duration validFor = TokenApi.validFor(json, violations);
    if (!violations.isEmpty()) {
      throw ApiFailure.invalid("Could not issue a token", "Request is not valid", violations);
    }
    requireOperatorOf(request, mesh);
    String token =
        tokens
            .issue(new DataplaneTokens.Identity(mesh, name, tags), validFor)
            .orElseThrow(
                () ->
                    ApiFailure.of(
                        503,
                        "Service Unavailable",
                        "mesh '"
                            + mesh
                            + "' has no signing key here yet: the control plane that owns meshes"
                            + " creates it with the mesh; retry shortly"));
    return ResponseEntity.ok().contentType(MediaType.TEXT_PLAIN).body(token);
  }

  /**
   * Revokes a dataplane token: {@code {"token": …}} or {@code {"mesh": …, "id": <its jti>}}, with
   * an optional {@code reason}. Written where meshes are owned, so every zone refuses it.
   */
  @PostMapping("/tokens/dataplane/revocations")
  ResponseEntity<byte[]> revoke(HttpServletRequest request) throws IOException {
    ResourceRequests.requireCaughtUp(feed.caughtUp());
    role.refusedWrite(ResourceKind.DATAPLANE_TOKEN_REVOCATION)
        .ifPresent(
            refusal -> {
              throw refusal;
            });
    JsonNode json = dev.meridian.runtime.api.JsonBodies.object(request, api.maxBodyBytes());
    String reason = json.path("reason").asText("");
    String mesh;
    String id;
    String expires = null;
    if (json.hasNonNull("token")) {
      if (!(tokens.verify(json.get("token").asText()) instanceof DataplaneTokens.Valid valid)) {
        throw ApiFailure.invalid(
            "Could not revoke a token",
            "Request is not valid",
            List.of(new Violation("token", "is not a valid dataplane token of any mesh here")));
      }
      mesh = valid.identity().mesh();
      id = valid.tokenId();
      expires = valid.expiresAt().toString();
    } else {
      mesh = json.path("mesh").asText("");
      id = json.path("id").asText("");
      List<Violation> violations = new ArrayList<>();
      if (!projection.meshExists(mesh)) {
        violations.add(new Violation("mesh", "mesh '" + mesh + "' does not exist"));
      }
      if (!TOKEN_ID.matcher(id).matches()) {
        violations.add(new Violation("id", "give the token, or its id (a UUID) as 'id'"));
      }
      if (!violations.isEmpty()) {
        throw ApiFailure.invalid("Could not revoke a token", "Request is not valid", violations);
      }
    }
    requireOperatorOf(request, mesh);
    ResourceKey key = ResourceKey.dataplaneTokenRevocation(mesh, id);
    WriteResult result =
        commands.send(
            new Commands.PutResource(key, new DataplaneTokenRevocationSpec(expires, reason)),
            endpoints.actor(request));
    if (result.outcome() != Decision.Outcome.UNCHANGED) {
      feed.awaitApplied(key.logKey(), result.sequence(), api.writeVisibilityTimeout());
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("mesh", mesh);
    out.put("id", id);
    out.put("tokenExpires", expires);
    return json(result.outcome() == Decision.Outcome.CREATED ? 201 : 200, out);
  }

  /** Rotates a mesh's signing key: {@code {"mesh": …}}. Administrators only. */
  @PostMapping("/tokens/dataplane/signing-keys")
  ResponseEntity<byte[]> rotate(HttpServletRequest request) throws IOException {
    ResourceRequests.requireCaughtUp(feed.caughtUp());
    Object subject = request.getAttribute(Subject.class.getName());
    if (subject != null && !((Subject) subject).admin()) {
      throw ApiFailure.of(403, "Forbidden", "Only administrators rotate signing keys");
    }
    role.refusedWrite(ResourceKind.SECRET)
        .ifPresent(
            refusal -> {
              throw refusal;
            });
    String mesh =
        dev.meridian.runtime.api.JsonBodies.object(request, api.maxBodyBytes())
            .path("mesh")
            .asText("");
    if (!projection.meshExists(mesh)) {
      throw ApiFailure.invalid(
          "Could not rotate a signing key",
          "Request is not valid",
          List.of(new Violation("mesh", "mesh '" + mesh + "' does not exist")));
    }
    int serial = tokens.rotate(mesh);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("mesh", mesh);
    out.put("serial", serial);
    out.put("previousKeysAcceptedFor", tokens.rotationGrace().toString());
    return json(201, out);
  }

  /**
   * Only administrators, operators of {@code mesh} and holders of a role granting
   * GENERATE_DATAPLANE_TOKEN there manage its dataplane tokens (the filter let through anyone who
   * may in some mesh: it can't read the mesh from the body).
   */
  private void requireOperatorOf(HttpServletRequest request, String mesh) {
    Object found = request.getAttribute(Subject.class.getName());
    if (found == null) {
      return; // anonymous local development: an administrator
    }
    Subject subject = (Subject) found;
    if (!roles.allowsInMesh(subject, Permission.GENERATE_DATAPLANE_TOKEN, mesh)) {
      throw ApiFailure.of(
          403,
          "Forbidden",
          "'"
              + subject.name()
              + "' lacks the permission: generate dataplane tokens in mesh "
              + mesh);
    }
  }

  private static Map<String, List<String>> tags(JsonNode node, List<Violation> violations) {
    Map<String, List<String>> tags = new LinkedHashMap<>();
    if (node == null || node.isNull()) {
      return tags;
    }
    if (!node.isObject()) {
      violations.add(new Violation("tags", "must map tag names to a value or a list of values"));
      return tags;
    }
    node.fields()
        .forEachRemaining(
            tag -> {
              List<String> values = new ArrayList<>();
              if (tag.getValue().isTextual()) {
                values.add(tag.getValue().asText());
              } else if (tag.getValue().isArray()) {
                tag.getValue().forEach(v -> values.add(v.asText()));
              }
              if (values.isEmpty() || values.stream().anyMatch(String::isEmpty)) {
                violations.add(
                    new Violation(
                        "tags[\"" + tag.getKey() + "\"]", "must be a value or a list of values"));
              } else {
                tags.put(tag.getKey(), List.copyOf(values));
              }
            });
    return tags;
  }

  private static ResponseEntity<byte[]> json(int status, Map<String, Object> body)
      throws IOException {
    return ResponseEntity.status(status)
        .contentType(MediaType.APPLICATION_JSON)
        .body(DomainJson.canonical().writeValueAsBytes(body));
  }
}
