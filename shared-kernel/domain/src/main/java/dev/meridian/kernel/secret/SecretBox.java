package dev.meridian.kernel.secret;

import dev.meridian.kernel.auth.Hmac;
import dev.meridian.kernel.resource.ResourceKey;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals secrets before they go on the log, and opens them after: AES-256-GCM under a key-encryption
 * key that is kept outside the log. The sealed form names the key it was sealed with (a short
 * fingerprint, not the key) and is bound to the resource it belongs to, so a sealed value copied
 * into another secret does not open.
 *
 * <p>Sealed form: {@code v1.<key fingerprint>.<nonce>.<ciphertext and tag>} (base64url).
 */
public final class SecretBox {
  private static final String VERSION = "v1";
  private static final int NONCE_BYTES = 12;
  private static final int TAG_BITS = 128;
  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

  private final SecretKeySpec key;
  private final String fingerprint;
  private final SecureRandom random = new SecureRandom();

  /** {@code keyEncryptionKey}: exactly 32 bytes, kept outside the log. */
  public SecretBox(byte[] keyEncryptionKey) {
    if (keyEncryptionKey == null || keyEncryptionKey.length != 32) {
      throw new IllegalArgumentException("a key-encryption key is 32 bytes");
    }
    this.key = new SecretKeySpec(keyEncryptionKey, "AES");
    this.fingerprint =
        HexFormat.of()
            .formatHex(
                Hmac.sha256(keyEncryptionKey, "fingerprint".getBytes(StandardCharsets.US_ASCII)),
                0,
                4);
  }

  /** Names this box's key without revealing it; sealed values carry it. */
  public String fingerprint() {
    return fingerprint;
  }

  /** {@code clear} sealed for the secret {@code owner}. */
  public String seal(ResourceKey owner, byte[] clear) {
    byte[] nonce = new byte[NONCE_BYTES];
    random.nextBytes(nonce);
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
      cipher.updateAAD(boundTo(owner));
      byte[] sealed = cipher.doFinal(clear);
      return String.join(
          ".", VERSION, fingerprint, ENCODER.encodeToString(nonce), ENCODER.encodeToString(sealed));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM is part of every JDK", e);
    }
  }

  /** The clear bytes of the secret {@code owner}; {@link CannotOpen} says why not. */
  public byte[] open(ResourceKey owner, String sealed) {
    String[] parts = sealed == null ? new String[0] : sealed.split("\\.", -1);
    if (parts.length != 4 || !parts[0].equals(VERSION)) {
      throw new CannotOpen(owner + " is not a sealed value of a known version");
    }
    if (!parts[1].equals(fingerprint)) {
      throw new CannotOpen(
          owner
              + " was sealed with key "
              + parts[1]
              + ", this control plane holds key "
              + fingerprint
              + ": give it the key file the sealing control plane has");
    }
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(
          Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, DECODER.decode(parts[2])));
      cipher.updateAAD(boundTo(owner));
      return cipher.doFinal(DECODER.decode(parts[3]));
    } catch (IllegalArgumentException | GeneralSecurityException e) {
      throw new CannotOpen(owner + " does not open: altered, or sealed for another secret");
    }
  }

  private static byte[] boundTo(ResourceKey owner) {
    return owner.logKey().getBytes(StandardCharsets.UTF_8);
  }

  /** A sealed value that this box cannot open. */
  public static final class CannotOpen extends RuntimeException {
    public CannotOpen(String message) {
      super(message);
    }
  }
}
