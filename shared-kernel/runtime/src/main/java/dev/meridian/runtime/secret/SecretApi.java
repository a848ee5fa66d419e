package dev.meridian.runtime.secret;

import com.fasterxml.jackson.databind.JsonNode;
import dev.meridian.kernel.api.ApiFailure;
import dev.meridian.kernel.api.ResourceRequests;
import dev.meridian.kernel.auth.DataplaneTokens;
import dev.meridian.kernel.command.Decision;
import dev.meridian.kernel.projection.Projection;
import dev.meridian.kernel.resource.Resource;
import dev.meridian.kernel.resource.ResourceKey;
import dev.meridian.kernel.resource.ResourceKind;
import dev.meridian.kernel.validation.FieldPath;
import dev.meridian.kernel.validation.ResourceNames;
import dev.meridian.kernel.validation.ValidationErrors;
import dev.meridian.kernel.validation.Violation;
import dev.meridian.runtime.ControlPlaneRole;
import dev.meridian.runtime.api.Responses;
import dev.meridian.runtime.command.Commands;
import dev.meridian.runtime.command.ResourceCommands;
import dev.meridian.runtime.command.WriteResult;
import dev.meridian.runtime.log.ProjectionFeed;
import dev.meridian.runtime.settings.ApiSettings;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Kuma's Secrets of a mesh ({@code {"type": "Secret", "mesh", "name", "data": <base64>}}), for
 * administrators only: what a {@code provided} mTLS backend names as its CA certificate and key.
 * {@code data} is sealed before it is sent to the command side, so it reaches neither the event
 * store nor the log in clear. The secrets the control plane makes itself (signing keys, builtin
 * CAs) are listed but never handed out, changed or deleted here.
 */
@RestController
class SecretApi {
  private final Projection projection;
  private final Secrets secrets;
  private final ResourceCommands commands;
  private final ControlPlaneRole role;
  private final ProjectionFeed feed;
  private final ApiSettings api;
  private final dev.meridian.runtime.api.ResourceEndpoints endpoints;

  SecretApi(
      Projection projection,
      Secrets secrets,
      ResourceCommands commands,
      ControlPlaneRole role,
      ProjectionFeed feed,
      ApiSettings api,
      dev.meridian.runtime.api.ResourceEndpoints endpoints) {
    this.endpoints = endpoints;
    this.projection = projection;
    this.secrets = secrets;
    this.commands = commands;
    this.role = role;
    this.feed = feed;
    this.api = api;
  }

  /** Secrets the control plane keeps for itself: never read, written or deleted through the API. */
  static boolean managed(String mesh, String name) {
    return DataplaneTokens.serialOf(mesh, name).isPresent()
        || name.startsWith(mesh + ".ca-builtin-");
  }

  @GetMapping("/meshes/{mesh}/secrets")
  ResponseEntity<byte[]> list(@PathVariable String mesh, HttpServletRequest request) {
    List<Map<String, Object>> items = new ArrayList<>();
    for (Resource secret : projection.list(ResourceKind.SECRET, mesh)) {
      items.add(meta(secret));
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("total", items.size());
    body.put("items", items);
    body.put("next", null);
    return Responses.ok(body, request);
  }

  @GetMapping("/meshes/{mesh}/secrets/{name}")
  ResponseEntity<byte[]> get(
      @PathVariable String mesh, @PathVariable String name, HttpServletRequest request) {
    Resource secret =
        projection
            .get(ResourceKey.secret(mesh, name))
            .orElseThrow(() -> ApiFailure.notFound("Could not get a resource"));
    Map<String, Object> body = meta(secret);
    if (managed(mesh, name)) {
      throw ApiFailure.of(
          403,
          "Forbidden",
          "Secret " + name + " is the control plane's own: it is never handed out");
    }
    body.put("data", Base64.getEncoder().encodeToString(secrets.open(secret)));
    return Responses.ok(body, request);
  }

  @PutMapping("/meshes/{mesh}/secrets/{name}")
  ResponseEntity<byte[]> put(
      @PathVariable String mesh, @PathVariable String name, HttpServletRequest request)
      throws IOException {
    writable(mesh, name);
    JsonNode json = dev.meridian.runtime.api.JsonBodies.object(request, api.maxBodyBytes());
    ValidationErrors errors = new ValidationErrors();
    ResourceNames.validate("name", name, errors);
    if (!json.path("type").asText("Secret").equals("Secret")) {
      errors.add(FieldPath.of("type"), "must be Secret");
    }
    if (json.hasNonNull("name") && !json.get("name").asText().equals(name)) {
      errors.add(FieldPath.of("name"), "name from the URL has to be the same as in body");
    }
    if (json.hasNonNull("mesh") && !json.get("mesh").asText().equals(mesh)) {
      errors.add(FieldPath.of("mesh"), "mesh from the URL has to be the same as in body");
    }
    byte[] data = null;
    try {
      data = Base64.getDecoder().decode(json.path("data").asText(""));
    } catch (IllegalArgumentException e) {
      errors.add(FieldPath.of("data"), "must be base64");
    }
    if (data != null && data.length == 0) {
      errors.add(FieldPath.of("data"), "cannot be empty");
    }
    if (!errors.isEmpty()) {
      throw ResourceRequests.invalid(errors.violations());
    }
    ResourceKey key = ResourceKey.secret(mesh, name);
    WriteResult result =
        commands.send(
            new Commands.PutResource(key, secrets.seal(key, data)), endpoints.actor(request));
    if (result.outcome() != Decision.Outcome.UNCHANGED) {
      feed.awaitApplied(key.logKey(), result.sequence(), api.writeVisibilityTimeout());
    }
    return ResponseEntity.status(result.outcome() == Decision.Outcome.CREATED ? 201 : 200).build();
  }

  @DeleteMapping("/meshes/{mesh}/secrets/{name}")
  ResponseEntity<byte[]> delete(
      @PathVariable String mesh, @PathVariable String name, HttpServletRequest request) {
    writable(mesh, name);
    ResourceKey key = ResourceKey.secret(mesh, name);
    WriteResult result = commands.send(new Commands.DeleteResource(key), endpoints.actor(request));
    if (result.outcome() == Decision.Outcome.NOT_FOUND) {
      throw ApiFailure.notFound("Could not delete a resource");
    }
    feed.awaitApplied(key.logKey(), result.sequence(), api.writeVisibilityTimeout());
    return ResponseEntity.ok().build();
  }

  private void writable(String mesh, String name) {
    role.refusedWrite(ResourceKind.SECRET)
        .ifPresent(
            refusal -> {
              throw refusal;
            });
    ResourceRequests.requireCaughtUp(feed.caughtUp());
    if (!projection.meshExists(mesh)) {
      throw ResourceRequests.meshNotFound(mesh);
    }
    if (managed(mesh, name)) {
      throw ResourceRequests.invalid(
          List.of(new Violation("name", "is reserved for the control plane's own secrets")));
    }
  }

  private static Map<String, Object> meta(Resource secret) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("type", "Secret");
    body.put("mesh", secret.key().mesh());
    body.put("name", secret.key().name());
    body.put("creationTime", String.valueOf(secret.creationTime()));
    body.put("modificationTime", String.valueOf(secret.modificationTime()));
    return body;
  }
}
