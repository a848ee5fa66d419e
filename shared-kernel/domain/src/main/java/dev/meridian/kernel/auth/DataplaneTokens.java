package dev.meridian.kernel.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.meridian.kernel.json.DomainJson;
import dev.meridian.kernel.resource.DataplaneSpec;
import dev.meridian.kernel.resource.Resource;
import dev.meridian.kernel.resource.ResourceKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Function;

/**
 * Dataplane tokens: what a proxy shows on {@code /bootstrap} and on its ADS stream to get the
 * config of the dataplane it claims to be. Compact JWS (HS256) with Kuma's dataplane-token claims
 * ({@code Name}, {@code Mesh}, {@code Tags}, {@code Type}, {@code exp}, {@code iat}, {@code jti}),
 * signed with one of the mesh's signing keys (the header's {@code kid} is its serial).
 *
 * <p>Signing keys are secrets of the mesh named {@code
 * dataplane-token-signing-key-<mesh>-<serial>}. The newest signs; an older key is still accepted
 * for a grace period after the next one was created (a rotation), then no more.
 */
public final class DataplaneTokens {
  public static final String SIGNING_KEY_PREFIX = "dataplane-token-signing-key-";

  private DataplaneTokens() {}

  /** The name of the {@code serial}th signing key of {@code mesh}. */
  public static String signingKeyName(String mesh, int serial) {
    return SIGNING_KEY_PREFIX + mesh + "-" + serial;
  }

  /** The serial of {@code secretName} when it names a signing key of {@code mesh}. */
  public static OptionalInt serialOf(String mesh, String secretName) {
    String prefix = SIGNING_KEY_PREFIX + mesh + "-";
    if (!secretName.startsWith(prefix)) {
      return OptionalInt.empty();
    }
    String digits = secretName.substring(prefix.length());
    if (digits.isEmpty() || digits.length() > 9 || !digits.chars().allMatch(Character::isDigit)) {
      return OptionalInt.empty();
    }
    return OptionalInt.of(Integer.parseInt(digits));
  }

  /** One signing key; {@code acceptedUntil} is null for the newest (the one that signs). */
  public record SigningKey(int serial, byte[] key, Instant acceptedUntil) {
    public boolean acceptedAt(Instant now) {
      return acceptedUntil == null || now.isBefore(acceptedUntil);
    }
  }

  /**
   * The signing keys of {@code mesh} among its {@code secrets}, oldest first: each is accepted
   * until {@code grace} after the next one was created. {@code open} gives a secret's key bytes.
   */
  public static List<SigningKey> signingKeys(
      String mesh, List<Resource> secrets, Function<Resource, byte[]> open, Duration grace) {
    List<Resource> keys =
        secrets.stream()
            .filter(r -> serialOf(mesh, r.key().name()).isPresent())
            .sorted(Comparator.comparingInt(r -> serialOf(mesh, r.key().name()).getAsInt()))
            .toList();
    List<SigningKey> out = new ArrayList<>();
    for (int i = 0; i < keys.size(); i++) {
      Resource secret = keys.get(i);
      Instant until = i + 1 < keys.size() ? keys.get(i + 1).creationTime().plus(grace) : null;
      out.add(
          new SigningKey(
              serialOf(mesh, secret.key().name()).getAsInt(), open.apply(secret), until));
    }
    return out;
  }

  /**
   * Who a token lets in: a mesh, and a dataplane name and/or tags (empty name: any name; empty
   * tags: any tags). Tags map a tag to the values allowed for it.
   */
  public record Identity(String mesh, String name, Map<String, List<String>> tags) {
    public Identity {
      name = name == null ? "" : name;
      tags = tags == null ? Map.of() : Map.copyOf(tags);
    }

    /**
     * Why the dataplane {@code key} with {@code spec} is not who this token lets in; empty when it
     * is. A tag the token names must be on the dataplane, with only values the token allows.
     */
    public Optional<String> mismatch(ResourceKey key, DataplaneSpec spec) {
      if (!mesh.equals(key.mesh())) {
        return Optional.of("the token is for mesh '" + mesh + "', not '" + key.mesh() + "'");
      }
      if (!name.isEmpty() && !name.equals(key.name())) {
        return Optional.of("the token is for dataplane '" + name + "', not '" + key.name() + "'");
      }
      for (Map.Entry<String, List<String>> tag : tags.entrySet()) {
        Set<String> values = valuesOf(spec, tag.getKey());
        if (values.isEmpty() || !tag.getValue().containsAll(values)) {
          return Optional.of(
              "the token allows "
                  + tag.getKey()
                  + " in "
                  + tag.getValue()
                  + ", the dataplane has "
                  + values);
        }
      }
      return Optional.empty();
    }

    private static Set<String> valuesOf(DataplaneSpec spec, String tag) {
      Set<String> values = new TreeSet<>();
      spec.networking().inbounds().stream()
          .map(in -> in.tags().get(tag))
          .filter(v -> v != null)
          .forEach(values::add);
      if (spec.networking().gateway() != null
          && spec.networking().gateway().tags().get(tag) != null) {
        values.add(spec.networking().gateway().tags().get(tag));
      }
      return values;
    }
  }

  /** A token for {@code identity}, signed with {@code key}, valid until {@code expiresAt}. */
  public static String issue(
      SigningKey key, Identity identity, Instant issuedAt, Instant expiresAt) {
    ObjectNode claims = DomainJson.canonical().createObjectNode();
    claims.put("Name", identity.name());
    claims.put("Mesh", identity.mesh());
    ObjectNode tags = claims.putObject("Tags");
    identity.tags().entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .forEach(t -> t.getValue().forEach(tags.withArray(t.getKey())::add));
    claims.put("Type", "dataplane");
    claims.put("iat", issuedAt.getEpochSecond());
    claims.put("exp", expiresAt.getEpochSecond());
    claims.put("jti", UUID.randomUUID().toString());
    return Jws.sign(key.key(), Integer.toString(key.serial()), claims);
  }

  /** What a presented token turned out to be. */
  public sealed interface Verification {}

  /** A valid token: whom it lets in, its id (for revocation) and expiry. */
  public record Valid(Identity identity, String tokenId, Instant expiresAt)
      implements Verification {}

  /** Not a dataplane token of this mesh any more, or never: {@code reason} says which. */
  public record Invalid(String reason) implements Verification {}

  /**
   * Checks {@code token}: shape, algorithm, the mesh it names, the key its header names (one of
   * {@code keysOfMesh(mesh)}, still accepted at {@code now}), signature and expiry.
   */
  public static Verification verify(
      String token, Instant now, Function<String, List<SigningKey>> keysOfMesh) {
    Jws.Either read = Jws.parse(token);
    if (read.parsed() == null) {
      return new Invalid(read.failure());
    }
    JsonNode claims = read.parsed().claims();
    if (!"dataplane".equals(claims.path("Type").asText())
        || !claims.path("Mesh").isTextual()
        || !claims.path("exp").canConvertToLong()) {
      return new Invalid("not a dataplane token");
    }
    String mesh = claims.get("Mesh").asText();
    Optional<Integer> serial = read.parsed().keyId().flatMap(DataplaneTokens::serial);
    if (serial.isEmpty()) {
      return new Invalid("no signing key named");
    }
    Optional<SigningKey> key =
        keysOfMesh.apply(mesh).stream().filter(k -> k.serial() == serial.get()).findFirst();
    if (key.isEmpty()) {
      return new Invalid("signing key " + serial.get() + " of mesh " + mesh + " is unknown");
    }
    if (!read.parsed().signedBy(key.get().key())) {
      return new Invalid("bad signature");
    }
    if (!key.get().acceptedAt(now)) {
      return new Invalid("signing key " + serial.get() + " of mesh " + mesh + " was rotated out");
    }
    Instant expiresAt = Instant.ofEpochSecond(claims.get("exp").asLong());
    if (!now.isBefore(expiresAt)) {
      return new Invalid("expired");
    }
    Map<String, List<String>> tags = new LinkedHashMap<>();
    claims
        .path("Tags")
        .fields()
        .forEachRemaining(
            t -> {
              List<String> values = new ArrayList<>();
              t.getValue().forEach(v -> values.add(v.asText()));
              tags.put(t.getKey(), List.copyOf(values));
            });
    return new Valid(
        new Identity(mesh, claims.path("Name").asText(""), tags),
        claims.path("jti").asText(),
        expiresAt);
  }

  private static Optional<Integer> serial(String keyId) {
    if (keyId.isEmpty() || keyId.length() > 9 || !keyId.chars().allMatch(Character::isDigit)) {
      return Optional.empty();
    }
    return Optional.of(Integer.parseInt(keyId));
  }
}
