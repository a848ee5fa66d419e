package dev.meridian.kernel.auth;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Who may do what on the API. First the built-in groups of the caller's token, which no data on the
 * log can take away (ADR 017): {@value Subject#ADMINS} may do everything; {@value Subject#READERS}
 * may read everything; {@code mesh-operator:<mesh>} may read everything and write the resources
 * inside its mesh (not the mesh itself). Then the AccessRoles bound to the caller ({@link Grants}),
 * which can only add. The access audit is read by administrators only; tokens are issued by
 * administrators and by whom a role grants {@code GENERATE_USER_TOKEN}.
 */
public final class Access {
  private Access() {}

  /** Issuing and revoking dataplane tokens: administrators and operators of the token's mesh. */
  public static final String DATAPLANE_TOKENS = "dataplane tokens";

  /**
   * Applying many documents in one request: any authenticated caller reaches the endpoint, which
   * checks each document as the PUT of that resource would be checked.
   */
  public static final String BULK_APPLY = "bulk apply";

  public enum Verb {
    READ,
    WRITE
  }

  /**
   * What a request touches: its verb, the collection ({@code dataplanes}, {@code meshtimeouts},
   * {@code zones}, …; {@code meshes} for a mesh itself), the mesh it is in (null outside one), and
   * whether only administrators may do it at all.
   */
  public record Target(Verb verb, String collection, String mesh, boolean adminOnly) {
    /** The target of an HTTP request, by its method and path. */
    public static Target of(String method, String path) {
      Verb verb =
          switch (method.toUpperCase(Locale.ROOT)) {
            case "GET", "HEAD", "OPTIONS" -> Verb.READ;
            default -> Verb.WRITE;
          };
      List<String> segments = List.of(path.split("/")).stream().filter(s -> !s.isEmpty()).toList();
      if (segments.isEmpty()) {
        return new Target(verb, "index", null, false);
      }
      if (segments.get(0).equals("tokens")
          && segments.size() >= 2
          && segments.get(1).equals("dataplane")
          && (segments.size() == 2 || segments.get(2).equals("revocations"))) {
        // Which mesh is in the body: the endpoint checks it is one the caller operates.
        return new Target(verb, DATAPLANE_TOKENS, null, false);
      }
      if (segments.get(0).equals("apply") && segments.size() == 1) {
        return new Target(verb, BULK_APPLY, null, false);
      }
      if (segments.get(0).equals("tokens")) {
        return new Target(verb, "tokens", null, true);
      }
      if (segments.get(0).equals("audit")
          && segments.size() > 1
          && segments.get(1).equals("access")) {
        // Who was refused what: other users' names and probes, for administrators only.
        return new Target(verb, "access audit", null, true);
      }
      if (segments.get(0).equals("meshes")
          && segments.size() == 3
          && segments.get(2).equals("_whatif")) {
        // A preview writes nothing and shows only config its caller may read.
        return new Target(Verb.READ, "_whatif", segments.get(1), false);
      }
      if (segments.get(0).equals("meshes") && segments.size() >= 2) {
        String collection = segments.size() == 2 ? "meshes" : segments.get(2);
        // A mesh's secrets hold key material: read and written by administrators only.
        return new Target(verb, collection, segments.get(1), collection.equals("secrets"));
      }
      return new Target(verb, segments.get(0), null, false);
    }

    /** The permission this target needs, as a 403 names it. */
    public String permission() {
      if (adminOnly) {
        return "admin on " + collection;
      }
      String base = verb.name().toLowerCase(Locale.ROOT) + " on " + collection;
      return mesh == null ? base : base + " in mesh " + mesh;
    }
  }

  /**
   * The permission {@code subject} lacks for {@code method} on {@code path}, by its groups and then
   * by the roles bound to it; empty when it is allowed. {@code exists} tells a resource's CREATE
   * from its UPDATE.
   */
  public static Optional<String> missingPermission(
      Subject subject,
      String method,
      String path,
      java.util.function.Predicate<dev.meridian.kernel.resource.ResourceKey> exists,
      Grants grants) {
    Target target = Target.of(method, path);
    Optional<String> builtIn = missingPermission(subject, target);
    if (builtIn.isEmpty()) {
      return builtIn;
    }
    Optional<Action> action = Action.of(method, path, exists);
    if (action.isPresent() && grants.allow(subject, action.get())) {
      return Optional.empty();
    }
    // Named in a role's terms, and as the built-in groups see it.
    return Optional.of(
        action.map(a -> a.describe() + " (" + builtIn.get() + ")").orElse(builtIn.get()));
  }

  /** The permission {@code subject}'s built-in groups lack for {@code target}; empty if allowed. */
  public static Optional<String> missingPermission(Subject subject, Target target) {
    if (subject.admin()) {
      return Optional.empty();
    }
    if (target.adminOnly()) {
      return Optional.of(target.permission());
    }
    boolean reader =
        subject.groups().contains(Subject.READERS)
            || subject.groups().stream().anyMatch(g -> g.startsWith(Subject.OPERATOR_PREFIX));
    if (target.verb() == Verb.READ && reader) {
      return Optional.empty();
    }
    boolean operatesMesh =
        target.mesh() != null
            && !target.collection().equals("meshes")
            && subject.groups().contains(Subject.OPERATOR_PREFIX + target.mesh());
    boolean operatesSomeMesh =
        subject.groups().stream().anyMatch(g -> g.startsWith(Subject.OPERATOR_PREFIX));
    if (target.collection().equals(BULK_APPLY)) {
      return Optional.empty();
    }
    if (target.collection().equals(DATAPLANE_TOKENS) && operatesSomeMesh) {
      return Optional.empty();
    }
    if (target.verb() == Verb.WRITE && operatesMesh) {
      return Optional.empty();
    }
    return Optional.of(target.permission());
  }
}
