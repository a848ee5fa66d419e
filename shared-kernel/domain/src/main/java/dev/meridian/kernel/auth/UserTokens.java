package dev.meridian.kernel.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.meridian.kernel.json.DomainJson;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

/**
 * User tokens: compact JWS (HS256) with Kuma's user-token claims ({@code Name}, {@code Groups},
 * {@code exp}, {@code iat}, {@code jti}) and the issuing control plane ({@code iss}), signed with a
 * key only that control plane holds. Verifying checks the algorithm, the signature (in constant
 * time), the issuer and the expiry; nothing else is trusted.
 */
public final class UserTokens {
  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder DECODER = Base64.getUrlDecoder();
  private static final String HEADER = encode("{\"alg\":\"HS256\",\"typ\":\"JWT\"}");

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
    String signed = HEADER + "." + encode(claims.toString());
    return signed + "." + ENCODER.encodeToString(sign(signed));
  }

  /** What a presented token turned out to be. */
  public sealed interface Verification {}

  /** A valid token: who it names, and its id (for revocation). */
  public record Valid(Subject subject, String tokenId, Instant expiresAt) implements Verification {}

  /** Not a token of this control plane, or no longer valid: {@code reason} says which. */
  public record Invalid(String reason) implements Verification {}

  public Verification verify(String token, Instant now) {
    String[] parts = token == null ? new String[0] : token.split("\\.", -1);
    if (parts.length != 3) {
      return new Invalid("not a JWT");
    }
    byte[] presented;
    JsonNode header;
    JsonNode claims;
    try {
      presented = DECODER.decode(parts[2]);
      header = DomainJson.canonical().readTree(DECODER.decode(parts[0]));
      claims = DomainJson.canonical().readTree(DECODER.decode(parts[1]));
    } catch (IllegalArgumentException | java.io.IOException e) {
      return new Invalid("not a JWT");
    }
    if (!"HS256".equals(header.path("alg").asText())) {
      return new Invalid("unsupported algorithm");
    }
    byte[] expected = sign(parts[0] + "." + parts[1]);
    if (!MessageDigest.isEqual(expected, presented)) {
      return new Invalid("bad signature");
    }
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

  private byte[] sign(String content) {
    return Hmac.sha256(signingKey, content.getBytes(StandardCharsets.US_ASCII));
  }

  private static String encode(String json) {
    return ENCODER.encodeToString(json.getBytes(StandardCharsets.UTF_8));
  }
}
