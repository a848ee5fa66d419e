package dev.meridian.kernel.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.meridian.kernel.json.DomainJson;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Kuma's zone tokens: what a zone's own proxies (its ZoneIngress, later its ZoneEgress) show the
 * zone control plane. A token names a zone and the scopes it may be used for ({@code ingress},
 * {@code egress}); it is signed with a key derived from the control-plane key, which the control
 * planes that issue (global, or a standalone zone) and check (the zone) share.
 */
public final class ZoneTokens {
  public static final String INGRESS = "ingress";
  public static final String EGRESS = "egress";
  public static final Set<String> SCOPES = Set.of(INGRESS, EGRESS);

  /** What the signing key is derived for: a token of another kind never verifies as this one. */
  public static final String KEY_PURPOSE = "zone-token-signing/v1";

  private ZoneTokens() {}

  public static String issue(
      byte[] key, String zone, List<String> scope, Instant issuedAt, Instant expiresAt) {
    ObjectNode claims = DomainJson.canonical().createObjectNode();
    claims.put("Zone", zone);
    scope.stream().sorted().forEach(claims.putArray("Scope")::add);
    claims.put("Type", "zone");
    claims.put("iat", issuedAt.getEpochSecond());
    claims.put("exp", expiresAt.getEpochSecond());
    claims.put("jti", UUID.randomUUID().toString());
    return Jws.sign(key, null, claims);
  }

  public sealed interface Verification {}

  public record Valid(String zone, List<String> scope, String tokenId, Instant expiresAt)
      implements Verification {
    public Valid {
      scope = List.copyOf(scope);
    }

    /** Whether it lets a proxy of {@code scope} of {@code zone} in. */
    public boolean admits(String zone, String scope) {
      return this.zone.equals(zone) && this.scope.contains(scope);
    }
  }

  public record Invalid(String reason) implements Verification {}

  /** Checks shape, algorithm, kind, signature and expiry. */
  public static Verification verify(String token, Instant now, byte[] key) {
    Jws.Either read = Jws.parse(token);
    if (read.parsed() == null) {
      return new Invalid(read.failure());
    }
    JsonNode claims = read.parsed().claims();
    if (!"zone".equals(claims.path("Type").asText())
        || !claims.path("Zone").isTextual()
        || !claims.path("exp").canConvertToLong()) {
      return new Invalid("not a zone token");
    }
    if (!read.parsed().signedBy(key)) {
      return new Invalid("bad signature");
    }
    Instant expiresAt = Instant.ofEpochSecond(claims.get("exp").asLong());
    if (!now.isBefore(expiresAt)) {
      return new Invalid("expired");
    }
    List<String> scope = new ArrayList<>();
    claims.path("Scope").forEach(s -> scope.add(s.asText()));
    return new Valid(claims.get("Zone").asText(), scope, claims.path("jti").asText(""), expiresAt);
  }
}
