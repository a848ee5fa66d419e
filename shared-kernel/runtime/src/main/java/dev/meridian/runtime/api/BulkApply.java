package dev.meridian.runtime.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.meridian.kernel.api.ApiFailure;
import dev.meridian.kernel.api.Problem;
import dev.meridian.kernel.api.Problems;
import dev.meridian.kernel.api.RequestBody;
import dev.meridian.kernel.auth.Subject;
import dev.meridian.kernel.json.DomainJson;
import dev.meridian.kernel.resource.MultiDocument;
import dev.meridian.kernel.resource.ResourceDocument;
import dev.meridian.kernel.resource.ResourceKey;
import dev.meridian.kernel.resource.ResourceKind;
import dev.meridian.kernel.validation.Violation;
import dev.meridian.runtime.command.ResourceCommands;
import dev.meridian.runtime.command.WriteResult;
import dev.meridian.runtime.security.AccessDenials;
import dev.meridian.runtime.security.RoleGrants;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;

/**
 * Many resources in one request: a multi-document YAML body, or a JSON array of documents. Each
 * document is checked as the {@code PUT} of its resource would be, for the caller's permission and
 * then for its content; if any document fails, the answer names each failing document by its index
 * ({@code items[i]}) and nothing is written. Then the documents are written in order, each on its
 * own (a document is applied entirely or not at all; the request is not one transaction), and the
 * answer comes once every write is visible, as a {@code PUT}'s does.
 */
@Component
class BulkApply {
  private final ResourceEndpoints endpoints;
  private final RoleGrants roles;
  private final AccessDenials denials;

  BulkApply(ResourceEndpoints endpoints, RoleGrants roles, AccessDenials denials) {
    this.endpoints = endpoints;
    this.roles = roles;
    this.denials = denials;
  }

  /** One document's resource and what its body said. */
  private record Document(int index, ResourceKey key, ResourceDocument.Parsed parsed) {}

  ResponseEntity<byte[]> apply(HttpServletRequest request) {
    endpoints.requireCaughtUp();
    byte[] body = endpoints.readBulkBody(request);
    List<JsonNode> trees =
        MultiDocument.read(body, RequestBody.format(request.getContentType(), body));
    Subject actor = endpoints.actor(request);

    List<Violation> invalid = new ArrayList<>();
    List<Document> documents = new ArrayList<>();
    for (int i = 0; i < trees.size(); i++) {
      try {
        documents.add(document(i, trees.get(i)));
      } catch (RuntimeException e) {
        invalid.addAll(violations(i, e));
      }
    }
    // Permission first: a caller learns nothing about the content of what it may not write.
    authorize(request, actor, documents);

    // A mesh created by an earlier document may hold the later ones.
    Set<String> meshes = new HashSet<>();
    List<ResourceEndpoints.CheckedWrite> writes = new ArrayList<>();
    for (Document document : documents) {
      try {
        writes.add(
            endpoints.check(
                document.key(),
                document.parsed(),
                mesh -> meshes.contains(mesh) || endpoints.meshExists(mesh)));
        if (document.key().kind() == ResourceKind.MESH) {
          meshes.add(document.key().name());
        }
      } catch (RuntimeException e) {
        invalid.addAll(violations(document.index(), e));
      }
    }
    // Every failing document at once, each with its own field errors.
    refuseInvalid(invalid, trees.size());
    return ResponseEntity.ok()
        .contentType(MediaType.APPLICATION_JSON)
        .body(DomainJson.toBytes(write(writes, actor)));
  }

  /** The document's kind from its type, and its key from its mesh and name. */
  private static Document document(int index, JsonNode tree) {
    if (!tree.isObject()) {
      throw ApiFailure.invalid(
          "Could not apply the documents",
          "a document must be an object",
          List.of(new Violation("", "must be an object")));
    }
    String type = tree.path("type").asText(null);
    Optional<ResourceKind> kind = ResourceKind.byTypeName(type == null ? "" : type);
    if (kind.isEmpty()) {
      throw ApiFailure.invalid(
          "Could not apply the documents",
          "unknown type",
          List.of(new Violation("type", type == null ? "cannot be empty" : "unknown type")));
    }
    if (kind.get().isCredential()) {
      // Secrets are sealed before they reach the log, by their own endpoint only.
      throw ApiFailure.invalid(
          "Could not apply the documents",
          "credentials are not applied in bulk",
          List.of(
              new Violation(
                  "type", "a " + type + " is written through its own endpoint, one at a time")));
    }
    ResourceDocument.Parsed parsed = ResourceDocument.read(kind.get(), tree);
    List<Violation> missing = new ArrayList<>();
    if (parsed.name() == null || parsed.name().isEmpty()) {
      missing.add(new Violation("name", "cannot be empty"));
    }
    if (kind.get().meshScoped() && (parsed.mesh() == null || parsed.mesh().isEmpty())) {
      missing.add(new Violation("mesh", "cannot be empty"));
    }
    if (!missing.isEmpty()) {
      throw ApiFailure.invalid("Could not apply the documents", "incomplete document", missing);
    }
    return new Document(
        index,
        new ResourceKey(kind.get(), parsed.mesh() == null ? "" : parsed.mesh(), parsed.name()),
        parsed);
  }

  /** A document's failure as field errors under {@code items[i]}. */
  private static List<Violation> violations(int index, RuntimeException failure) {
    String prefix = "items[" + index + "]";
    Problem problem = Problems.of(failure).orElseThrow(() -> failure);
    if (problem.invalidParameters() == null || problem.invalidParameters().isEmpty()) {
      return List.of(new Violation(prefix, problem.detail()));
    }
    List<Violation> out = new ArrayList<>();
    for (Problem.InvalidParameter parameter : problem.invalidParameters()) {
      String field =
          parameter.field() == null || parameter.field().isEmpty()
              ? prefix
              : prefix + "." + parameter.field();
      out.add(new Violation(field, parameter.reason()));
    }
    return out;
  }

  private static void refuseInvalid(List<Violation> invalid, int documents) {
    if (!invalid.isEmpty()) {
      throw ApiFailure.invalid(
          "Could not apply the documents",
          "Some of the " + documents + " documents are not valid; none was applied",
          invalid);
    }
  }

  /**
   * Each document needs the permission its own {@code PUT} would need; one lacking refuses the
   * request (403, each refused document counted and listed like a refused request).
   */
  private void authorize(HttpServletRequest request, Subject actor, List<Document> documents) {
    if (request.getAttribute(Subject.class.getName()) == null) {
      // No token: the access filter let the request through as it would a single PUT (local
      // development on this machine only).
      return;
    }
    List<String> lacking = new ArrayList<>();
    for (Document document : documents) {
      int i = document.index();
      String path = path(document.key());
      Optional<String> missing = roles.missingPermission(actor, "PUT", path);
      if (missing.isPresent()) {
        denials.record(
            new AccessDenials.Denial(
                Instant.now().toString(),
                "PUT",
                request.getRequestURI() + " items[" + i + "] " + path,
                actor.name(),
                "forbidden",
                missing.get()));
        lacking.add("items[" + i + "]: " + missing.get());
      }
    }
    if (!lacking.isEmpty()) {
      throw ApiFailure.of(
          403,
          "Forbidden",
          "'" + actor.name() + "' lacks the permission: " + String.join("; ", lacking));
    }
  }

  /** The path a {@code PUT} of the resource takes. */
  static String path(ResourceKey key) {
    if (key.kind() == ResourceKind.MESH) {
      return "/meshes/" + key.name();
    }
    return key.kind().meshScoped()
        ? "/meshes/" + key.mesh() + "/" + key.kind().pluralPath() + "/" + key.name()
        : "/" + key.kind().pluralPath() + "/" + key.name();
  }

  /**
   * Sends every command in order, then waits until all are visible: the writes travel to the log
   * together instead of one round trip after another.
   */
  private ObjectNode write(List<ResourceEndpoints.CheckedWrite> writes, Subject actor) {
    List<WriteResult> results = new ArrayList<>();
    for (int i = 0; i < writes.size(); i++) {
      try {
        results.add(endpoints.send(writes.get(i), actor));
      } catch (ResourceCommands.ConcurrentWriteException e) {
        throw ApiFailure.of(
            409, "Conflict", notAll(i, writes.size(), "was changed concurrently; retry it"));
      }
    }
    ObjectNode answer = DomainJson.canonical().createObjectNode();
    ArrayNode items = answer.putArray("items");
    for (int i = 0; i < writes.size(); i++) {
      ResourceEndpoints.CheckedWrite write = writes.get(i);
      endpoints.finish(write, results.get(i));
      ObjectNode item = items.addObject();
      item.put("type", write.key().kind().typeName());
      if (write.key().kind().meshScoped()) {
        item.put("mesh", write.key().mesh());
      }
      item.put("name", write.key().name());
      item.put("outcome", results.get(i).outcome().name());
    }
    return answer;
  }

  private static String notAll(int failed, int total, String why) {
    return "items[0.."
        + (failed - 1)
        + "] of "
        + total
        + " were applied; items["
        + failed
        + "] "
        + why
        + "; the rest were not applied";
  }
}
