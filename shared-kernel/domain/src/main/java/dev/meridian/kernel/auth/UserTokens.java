package dev.meridian.kernel.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.meridian.kernel.json.DomainJson;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * User tokens: compact JWS (HS256) with Kuma's user-token claims ({@code Name}, {@code Groups},
 * {@code exp}, {@code iat}, {@code jti}) and the issuing control plane ({@code iss}), signed with a
 * key only that control plane holds. Verifying checks the algorithm, the signature (in constant
 * time), the issuer and the expiry; nothing else is trusted.
 */
public final class UserTokens {
  private final byte[] signingKey;
  private final String issuer;

  /**
   * {@code signingKey}: at least 32 bytes of secret key material; {@code issuer}: the control plane
   * that issues and accepts these tokens ({@code global} or a zone's name).
   */
  public UserTokens(byte[] signingKey, String issuer) {
    if (signingKey == null || signingKey.length < 32) {
      throw new IllegalArgumentException("a user-token signing key needs at least 32 bytes");
    }
    this.signingKey = signingKey.clone();
    this.issuer = java.util.Objects.requireNonNull(issuer, "issuer");
  }

  /** A token for {@code subject}, valid until {@code expiresAt}. */
  public String issue(Subject subject, Instant issuedAt, Instant expiresAt) {
    ObjectNode claims = DomainJson.canonical().createObjectNode();
    claims.put("Name", subject.name());
    subject.groups().forEach(claims.putArray("Groups")::add);
    claims.put("iss", issuer);
    claims.put("iat", issuedAt.getEpochSecond());
    claims.put("exp", expiresAt.getEpochSecond());
    claims.put("jti", UUID.randomUUID().toString());
    return Jws.sign(signingKey, null, claims);
  }

  /** What a presented token turned out to be. */
  public sealed interface Verification {}

  /** A valid token: who it names, and its id (for revocation). */
  public record Valid(Subject subject, String tokenId, Instant expiresAt) implements Verification {}

  /** Not a token of this control plane, or no longer valid: {@code reason} says which. */
  public record Invalid(String reason) implements Verification {}

  public Verification verify(String token, Instant now) {
    Jws.Either read = Jws.parse(token);
    if (read.parsed() == null) {
      return new Invalid(read.failure());
    }
    if (!read.parsed().signedBy(signingKey)) {
      return new Invalid("bad signature");
    }
    JsonNode claims = read.parsed().claims();
    if (!issuer.equals(claims.path("iss").asText(null))) {
      return new Invalid("another issuer");
    }
    JsonNode exp = claims.get("exp");
    JsonNode name = claims.get("Name");
    if (exp == null || !exp.canConvertToLong() || name == null || !name.isTextual()) {
      return new Invalid("missing claims");
    }
    Instant expiresAt = Instant.ofEpochSecond(exp.asLong());
    if (!now.isBefore(expiresAt)) {
      return new Invalid("expired");
    }
    List<String> groups = new ArrayList<>();
    claims.path("Groups").forEach(g -> groups.add(g.asText()));
    return new Valid(new Subject(name.asText(), groups), claims.path("jti").asText(), expiresAt);
  }
}
