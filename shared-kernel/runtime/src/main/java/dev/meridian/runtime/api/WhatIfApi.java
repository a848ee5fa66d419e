package dev.meridian.runtime.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import dev.meridian.kernel.api.ApiFailure;
import dev.meridian.kernel.api.RequestBody;
import dev.meridian.kernel.json.DomainJson;
import dev.meridian.kernel.projection.Projection;
import dev.meridian.kernel.resource.ResourceDocument;
import dev.meridian.kernel.resource.ResourceKey;
import dev.meridian.kernel.resource.ResourceKind;
import dev.meridian.kernel.resource.ResourceSpec;
import dev.meridian.kernel.validation.InvalidResourceException;
import dev.meridian.kernel.validation.MalformedInputException;
import dev.meridian.kernel.validation.Violation;
import dev.meridian.kernel.whatif.WhatIf;
import dev.meridian.runtime.settings.ApiSettings;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /meshes/{mesh}/_whatif}: what proposed changes would do to every proxy of the mesh
 * this control plane sees (global: every zone's), without writing anything. The body is the
 * documents to apply (multi-document YAML, a JSON document or array) or {@code {"apply": [...],
 * "delete": [{"type", "name"}]}}; each is validated as its PUT would be, and any violation, with
 * {@code [i].}-prefixed field paths, answers 400 with nothing previewed.
 */
@RestController
class WhatIfApi {
  private final Projection projection;
  private final ApiSettings settings;
  private final ResourceEndpoints endpoints;

  WhatIfApi(Projection projection, ApiSettings settings, ResourceEndpoints endpoints) {
    this.projection = projection;
    this.settings = settings;
    this.endpoints = endpoints;
  }

  @PostMapping("/meshes/{mesh}/_whatif")
  ResponseEntity<byte[]> preview(
      @PathVariable String mesh,
      @RequestParam(name = "proxyType", required = false) String proxyType,
      HttpServletRequest request)
      throws IOException {
    if (!projection.meshExists(mesh)) {
      throw ApiFailure.of(404, "Could not preview the changes", "mesh " + mesh + " is not found");
    }
    byte[] body =
        RequestBody.read(
            request.getInputStream(), request.getContentLengthLong(), settings.maxBodyBytes());
    ResourceDocument.Format format = RequestBody.format(request.getContentType(), body);
    List<JsonNode> applied = new ArrayList<>();
    List<JsonNode> deleted = new ArrayList<>();
    read(body, format, applied, deleted);
    Map<ResourceKey, ResourceSpec> changes = new LinkedHashMap<>();
    List<Violation> violations = new ArrayList<>();
    for (int i = 0; i < applied.size(); i++) {
      prepare(mesh, applied.get(i), "[" + i + "]", violations).ifPresent(c -> changes.putAll(c));
    }
    for (int i = 0; i < deleted.size(); i++) {
      deletion(mesh, deleted.get(i), "delete[" + i + "]", violations)
          .ifPresent(key -> changes.put(key, null));
    }
    if (!violations.isEmpty()) {
      throw ApiFailure.invalid("Could not preview the changes", "Request is not valid", violations);
    }
    return Responses.ok(
        WhatIf.preview(projection, mesh, changes, "", "grpc".equals(proxyType), Instant.now()),
        request);
  }

  private static void read(
      byte[] body, ResourceDocument.Format format, List<JsonNode> applied, List<JsonNode> deleted)
      throws IOException {
    List<JsonNode> documents = new ArrayList<>();
    try (MappingIterator<JsonNode> all =
        (format == ResourceDocument.Format.YAML ? DomainJson.yaml() : DomainJson.canonical())
            .readerFor(JsonNode.class)
            .readValues(body)) {
      while (all.hasNextValue()) {
        JsonNode document = all.nextValue();
        if (document != null && !document.isNull() && !document.isMissingNode()) {
          documents.add(document);
        }
      }
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw ApiFailure.of(400, "Bad Request", "the body is not YAML or JSON documents");
    }
    if (documents.size() == 1 && documents.get(0).isArray()) {
      documents.get(0).forEach(applied::add);
    } else if (documents.size() == 1
        && documents.get(0).isObject()
        && !documents.get(0).has("type")
        && (documents.get(0).has("apply") || documents.get(0).has("delete"))) {
      documents.get(0).path("apply").forEach(applied::add);
      documents.get(0).path("delete").forEach(deleted::add);
    } else {
      applied.addAll(documents);
    }
    if (applied.isEmpty() && deleted.isEmpty()) {
      throw ApiFailure.invalid(
          "Could not preview the changes",
          "Request is not valid",
          List.of(new Violation("", "give at least one document to apply or delete")));
    }
  }

  /** The change one document proposes, prepared and validated as its PUT would be. */
  private Optional<Map<ResourceKey, ResourceSpec>> prepare(
      String mesh, JsonNode document, String at, List<Violation> violations) {
    Optional<ResourceKey> key = keyOf(mesh, document, at, violations);
    if (key.isEmpty()) {
      return Optional.empty();
    }
    ResourceSpec spec;
    try {
      spec =
          ResourceDocument.read(
                  key.get().kind(), DomainJson.toBytes(document), ResourceDocument.Format.JSON)
              .spec();
    } catch (InvalidResourceException e) {
      e.violations().forEach(v -> violations.add(prefixed(at, v)));
      return Optional.empty();
    } catch (MalformedInputException e) {
      violations.add(new Violation(at, e.getMessage()));
      return Optional.empty();
    }
    KindHandler handler = endpoints.handlerOf(key.get().kind());
    if (handler != null) {
      spec = handler.prepare(spec);
      List<Violation> invalid = new ArrayList<>(handler.validate(spec));
      invalid.addAll(handler.validateName(key.get().name()));
      if (!invalid.isEmpty()) {
        invalid.forEach(v -> violations.add(prefixed(at, v)));
        return Optional.empty();
      }
    }
    return Optional.of(Map.of(key.get(), spec));
  }

  private Optional<ResourceKey> deletion(
      String mesh, JsonNode document, String at, List<Violation> violations) {
    Optional<ResourceKey> key = keyOf(mesh, document, at, violations);
    if (key.isPresent() && projection.get(key.get()).isEmpty()) {
      violations.add(new Violation(at + ".name", "no such resource to delete"));
      return Optional.empty();
    }
    return key;
  }

  /** Which resource of the mesh a document names: its kind, and its name in this mesh. */
  private static Optional<ResourceKey> keyOf(
      String mesh, JsonNode document, String at, List<Violation> violations) {
    if (!document.isObject()) {
      violations.add(new Violation(at, "must be an object"));
      return Optional.empty();
    }
    String type = document.path("type").asText("");
    Optional<ResourceKind> kind = ResourceKind.byTypeName(type);
    String name = document.path("name").asText("");
    if (kind.isEmpty()) {
      violations.add(new Violation(at + ".type", "unknown type '" + type + "'"));
      return Optional.empty();
    }
    if (name.isEmpty()) {
      violations.add(new Violation(at + ".name", "cannot be empty"));
      return Optional.empty();
    }
    if (kind.get() == ResourceKind.MESH) {
      if (!name.equals(mesh)) {
        violations.add(new Violation(at + ".name", "a what-if of mesh " + mesh + " changes it"));
        return Optional.empty();
      }
      return Optional.of(ResourceKey.mesh(mesh));
    }
    if (!kind.get().meshScoped() || kind.get().isCredential()) {
      violations.add(new Violation(at + ".type", type + " is not previewed in a mesh"));
      return Optional.empty();
    }
    String documentMesh = document.path("mesh").asText(mesh);
    if (!documentMesh.equals(mesh)) {
      violations.add(new Violation(at + ".mesh", "must be " + mesh + ", the mesh in the URL"));
      return Optional.empty();
    }
    return Optional.of(new ResourceKey(kind.get(), mesh, name));
  }

  private static Violation prefixed(String at, Violation violation) {
    return new Violation(
        violation.field().isEmpty() ? at : at + "." + violation.field(), violation.reason());
  }
}
