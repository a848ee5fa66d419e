package dev.meridian.kernel.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.meridian.kernel.json.DomainJson;
import dev.meridian.kernel.resource.Resource;
import dev.meridian.kernel.resource.ResourceDocument;
import dev.meridian.kernel.resource.ResourceKey;
import dev.meridian.kernel.validation.FieldPath;
import dev.meridian.kernel.validation.ResourceNames;
import dev.meridian.kernel.validation.ValidationErrors;
import dev.meridian.kernel.validation.Violation;
import java.util.List;
import java.util.function.IntFunction;

/** Kuma's REST rules for resource requests, shared by every control plane's API. */
public final class ResourceRequests {
  private ResourceRequests() {}

  /**
   * Checks a PUT body against its URL: name, type and mesh must match, and the names must be valid.
   * Spec rules are checked before this, as Kuma does.
   */
  public static void checkMatchesUrl(
      ResourceKey key, ResourceDocument.Parsed parsed, List<Violation> extraNameViolations) {
    ValidationErrors errors = new ValidationErrors();
    if (!key.name().equals(parsed.name())) {
      errors.add(FieldPath.of("name"), "name from the URL has to be the same as in body");
    }
    if (!key.kind().typeName().equals(parsed.type())) {
      errors.add(FieldPath.of("type"), "type from the URL has to be the same as in body");
    }
    if (key.kind().meshScoped() && !key.mesh().equals(parsed.mesh())) {
      errors.add(FieldPath.of("mesh"), "mesh from the URL has to be the same as in body");
    }
    ResourceNames.validate("name", key.name(), errors);
    if (key.kind().meshScoped()) {
      ResourceNames.validate("mesh", key.mesh(), errors);
    }
    errors.addAll(extraNameViolations);
    if (!errors.isEmpty()) {
      throw invalid(errors.violations());
    }
  }

  /** The answer to spec rule violations. */
  public static ApiFailure invalid(List<Violation> violations) {
    return ApiFailure.invalid("Could not process a resource", "Resource is not valid", violations);
  }

  /** The answer to a write into a mesh that does not exist. */
  /**
   * Writes wait until the projection has caught up with the log: before that, a write would be
   * decided against a partial view (a mesh not yet read would look missing).
   */
  public static void requireCaughtUp(boolean caughtUp) {
    if (!caughtUp) {
      throw ApiFailure.of(
          503,
          "Service Unavailable",
          "the control plane is still reading the log after its start; retry shortly");
    }
  }

  public static ApiFailure meshNotFound(String mesh) {
    return ApiFailure.invalid(
        "Could not create a resource",
        "Mesh is not found",
        List.of(new Violation("mesh", "mesh of name " + mesh + " is not found")));
  }

  /**
   * One page of resources in Kuma's list shape: {@code {total, items, next}}; {@code nextUrl}
   * builds the link to the page at an offset.
   */
  public static ObjectNode page(
      List<Resource> all, String rawOffset, String rawSize, IntFunction<String> nextUrl) {
    return page(all, rawOffset, rawSize, nextUrl, ResourceDocument::render);
  }

  /** As {@link #page(List, String, String, IntFunction)}, with a custom item rendering. */
  public static <T> ObjectNode page(
      List<T> all,
      String rawOffset,
      String rawSize,
      IntFunction<String> nextUrl,
      java.util.function.Function<T, ? extends com.fasterxml.jackson.databind.JsonNode> render) {
    PageRequest.Page<T> slice = PageRequest.parse(rawOffset, rawSize).slice(all);
    ObjectNode out = DomainJson.canonical().createObjectNode();
    out.put("total", slice.total());
    ArrayNode items = out.putArray("items");
    slice.items().forEach(item -> items.add(render.apply(item)));
    if (slice.nextOffset() == null) {
      out.putNull("next");
    } else {
      out.put("next", nextUrl.apply(slice.nextOffset()));
    }
    return out;
  }
}
