package dev.meridian.kernel.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.meridian.kernel.json.DomainJson;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Optional;

/**
 * Compact JWS with HS256, the one token format of the control planes (user and dataplane tokens).
 * Reading a token checks its shape and algorithm only; the caller checks the signature with the key
 * the header names ({@link Parsed#signedBy}), then the claims.
 */
final class Jws {
  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

  private Jws() {}

  /** {@code claims} signed with {@code key}; {@code keyId}, when not null, goes in the header. */
  static String sign(byte[] key, String keyId, ObjectNode claims) {
    ObjectNode header = DomainJson.canonical().createObjectNode();
    header.put("alg", "HS256");
    if (keyId != null) {
      header.put("kid", keyId);
    }
    header.put("typ", "JWT");
    String signed = encode(header.toString()) + "." + encode(claims.toString());
    return signed + "." + ENCODER.encodeToString(mac(key, signed));
  }

  /** A token split into its parts; not yet trusted. */
  record Parsed(JsonNode header, JsonNode claims, String signingInput, byte[] signature) {
    /** The key id the header names, if any. */
    Optional<String> keyId() {
      JsonNode kid = header.get("kid");
      return kid == null || !kid.isTextual() ? Optional.empty() : Optional.of(kid.asText());
    }

    /** Whether {@code key} made the signature (compared in constant time). */
    boolean signedBy(byte[] key) {
      return MessageDigest.isEqual(mac(key, signingInput), signature);
    }
  }

  /** The token's parts, or empty with {@code reason} when it is not an HS256 JWT. */
  static Either parse(String token) {
    String[] parts = token == null ? new String[0] : token.split("\\.", -1);
    if (parts.length != 3) {
      return new Either(null, "not a JWT");
    }
    try {
      JsonNode header = DomainJson.canonical().readTree(DECODER.decode(parts[0]));
      JsonNode claims = DomainJson.canonical().readTree(DECODER.decode(parts[1]));
      byte[] signature = DECODER.decode(parts[2]);
      if (header == null || !header.isObject() || claims == null || !claims.isObject()) {
        return new Either(null, "not a JWT");
      }
      if (!"HS256".equals(header.path("alg").asText())) {
        return new Either(null, "unsupported algorithm");
      }
      return new Either(new Parsed(header, claims, parts[0] + "." + parts[1], signature), null);
    } catch (IllegalArgumentException | java.io.IOException e) {
      return new Either(null, "not a JWT");
    }
  }

  /** A parsed token, or why there is none. */
  record Either(Parsed parsed, String failure) {}

  private static byte[] mac(byte[] key, String content) {
    return Hmac.sha256(key, content.getBytes(StandardCharsets.US_ASCII));
  }

  private static String encode(String json) {
    return ENCODER.encodeToString(json.getBytes(StandardCharsets.UTF_8));
  }
}
