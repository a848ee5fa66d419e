package dev.meridian.kernel.auth;

import dev.meridian.kernel.resource.ResourceKey;
import dev.meridian.kernel.resource.ResourceKind;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * What a request asks to do, in an AccessRole's terms: an access value on a resource type (null for
 * what is no resource, such as {@code /zones} or the audit log, which only a rule for every type
 * covers), a resource name (null for a list) and a mesh (null outside one, or across all).
 *
 * @param label what the request touches, for a refusal: the type, or the collection without one
 */
public record Action(Permission access, String type, String name, String mesh, String label) {

  /**
   * The action of an HTTP request. A write of a resource is {@code CREATE} or {@code UPDATE} by
   * whether it {@code exists} now: the check runs before the body is read. Empty for what no role
   * grants (the access audit, token kinds that do not exist).
   */
  /** The mesh of an action whose mesh its endpoint checks itself: any rule's mesh covers it. */
  public static final String ANY_MESH = "*";

  public static Optional<Action> of(String method, String path, Predicate<ResourceKey> exists) {
    String verb = method.toUpperCase(Locale.ROOT);
    boolean read = verb.equals("GET") || verb.equals("HEAD") || verb.equals("OPTIONS");
    List<String> segments = List.of(path.split("/")).stream().filter(s -> !s.isEmpty()).toList();
    if (segments.isEmpty()) {
      return Optional.of(
          new Action(read ? Permission.VIEW : Permission.CREATE, null, null, null, "index"));
    }
    String first = segments.get(0);
    if (first.equals("tokens")) {
      return tokenAction(segments);
    }
    if (first.equals("audit") && segments.size() > 1 && segments.get(1).equals("access")) {
      return Optional.empty();
    }
    if (first.equals("meshes")) {
      if (segments.size() <= 2) {
        String mesh = segments.size() == 2 ? segments.get(1) : null;
        // A mesh is in itself: a rule for mesh m covers the Mesh m.
        return Optional.of(resource(verb, read, ResourceKind.MESH, mesh, mesh, false, exists));
      }
      String mesh = segments.get(1);
      Optional<ResourceKind> kind = kindOf(segments.get(2)).filter(ResourceKind::meshScoped);
      if (kind.isEmpty()) {
        return Optional.of(other(read, segments.get(2), mesh));
      }
      String name = segments.size() > 3 ? segments.get(3) : null;
      return Optional.of(resource(verb, read, kind.get(), name, mesh, segments.size() > 4, exists));
    }
    Optional<ResourceKind> kind = kindOf(first);
    if (kind.isEmpty()) {
      return Optional.of(other(read, first, null));
    }
    if (kind.get().meshScoped()) {
      // Kuma's list of a kind across every mesh (/dataplanes, /meshtimeouts).
      return Optional.of(resource(verb, read, kind.get(), null, null, false, exists));
    }
    String name = segments.size() > 1 ? segments.get(1) : null;
    return Optional.of(resource(verb, read, kind.get(), name, null, segments.size() > 2, exists));
  }

  private static Optional<Action> tokenAction(List<String> segments) {
    String what = segments.size() > 1 ? segments.get(1) : "";
    Permission permission =
        switch (what) {
          case "user" -> Permission.GENERATE_USER_TOKEN; // issuing and revoking
          case "dataplane" -> Permission.GENERATE_DATAPLANE_TOKEN;
          case "zone" -> Permission.GENERATE_ZONE_TOKEN;
          default -> null;
        };
    // A dataplane token's mesh is in the body: any mesh's grant lets the request reach the
    // endpoint, which checks the grant for the token's mesh.
    String mesh = permission == Permission.GENERATE_DATAPLANE_TOKEN ? ANY_MESH : null;
    return Optional.ofNullable(permission).map(p -> new Action(p, null, null, mesh, "tokens"));
  }

  private static Action resource(
      String verb,
      boolean read,
      ResourceKind kind,
      String name,
      String mesh,
      boolean subResource,
      Predicate<ResourceKey> exists) {
    Permission access;
    if (read) {
      access = Permission.VIEW;
    } else if (verb.equals("DELETE") && !subResource) {
      access = Permission.DELETE;
    } else if (name == null) {
      access = Permission.CREATE;
    } else if (subResource) {
      access = Permission.UPDATE;
    } else {
      ResourceKey key = new ResourceKey(kind, kind.meshScoped() ? mesh : "", name);
      access = exists.test(key) ? Permission.UPDATE : Permission.CREATE;
    }
    return new Action(access, kind.typeName(), name, mesh, kind.typeName());
  }

  private static Action other(boolean read, String collection, String mesh) {
    return new Action(read ? Permission.VIEW : Permission.CREATE, null, null, mesh, collection);
  }

  /** The kind a collection segment names; {@code dataplanes+insights} is a view of dataplanes. */
  private static Optional<ResourceKind> kindOf(String collection) {
    String plural =
        collection.endsWith("+insights")
            ? collection.substring(0, collection.length() - "+insights".length())
            : collection;
    return ResourceKind.byPluralPath(plural);
  }

  /** As a refusal names it: {@code CREATE on MeshTimeout in mesh demo}. */
  public String describe() {
    String base = access.name() + " on " + label;
    return mesh == null ? base : base + " in mesh " + mesh;
  }
}
