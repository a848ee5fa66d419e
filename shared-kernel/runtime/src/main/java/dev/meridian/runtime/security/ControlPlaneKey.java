package dev.meridian.runtime.security;

import dev.meridian.kernel.auth.Hmac;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.util.Base64;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The control plane's own secret key, kept in a file outside the log and never written to it (ADR
 * 016): 32 random bytes, created on first start (mode 0600). Keys for each use are derived from it
 * (HMAC-SHA256 of the use's name), so one file is all a rebuild needs besides the log.
 */
@Component
public class ControlPlaneKey {
  private static final Logger log = LoggerFactory.getLogger(ControlPlaneKey.class);

  private final byte[] key;

  public ControlPlaneKey(AuthSettings settings) {
    this.key = loadOrCreate(settings.keyFile());
  }

  /** A key for one use ({@code purpose} names it, e.g. {@code user-token-signing/v1}). */
  public byte[] derive(String purpose) {
    return Hmac.sha256(key, purpose.getBytes(StandardCharsets.UTF_8));
  }

  private static byte[] loadOrCreate(Path file) {
    try {
      if (!Files.exists(file)) {
        byte[] fresh = new byte[32];
        new SecureRandom().nextBytes(fresh);
        try {
          SecretFiles.write(file, Base64.getEncoder().encodeToString(fresh));
          log.info("Created the control plane key {} (keep it: a rebuild needs it)", file);
        } catch (FileAlreadyExistsException raced) {
          // Another replica sharing the folder made it first: use theirs.
        }
      }
      byte[] decoded = Base64.getDecoder().decode(Files.readString(file).trim());
      if (decoded.length < 32) {
        throw new IllegalStateException(file + " holds fewer than 32 bytes of key material");
      }
      return decoded;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read or create the control plane key " + file, e);
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException(file + " is not a base64-encoded key", e);
    }
  }

  /** Files only their owner may read. */
  static final class SecretFiles {
    private SecretFiles() {}

    /** Creates {@code file} readable by its owner only, then writes it; fails if it exists. */
    static void write(Path file, String content) throws IOException {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      try {
        Files.createFile(
            file,
            java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                java.nio.file.attribute.PosixFilePermissions.fromString("rw-------")));
      } catch (UnsupportedOperationException notPosix) {
        Files.createFile(file); // not a POSIX file system: its own access rules apply
      }
      Files.writeString(file, content, StandardOpenOption.TRUNCATE_EXISTING);
    }
  }
}
