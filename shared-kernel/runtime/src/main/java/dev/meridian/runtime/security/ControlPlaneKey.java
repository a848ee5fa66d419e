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
        if (SecretFiles.createOnce(file, Base64.getEncoder().encodeToString(fresh))) {
          log.info("Created the control plane key {} (keep it: a rebuild needs it)", file);
        }
      }
      warnIfOthersMayRead(file);
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

  private static void warnIfOthersMayRead(Path file) throws IOException {
    try {
      var permissions = Files.getPosixFilePermissions(file);
      if (permissions.stream()
          .anyMatch(p -> p.name().startsWith("GROUP") || p.name().startsWith("OTHERS"))) {
        log.warn(
            "The control plane key {} may be read by others than its owner: chmod 600 it", file);
      }
    } catch (UnsupportedOperationException notPosix) {
      // Not a POSIX file system: its own access rules apply.
    }
  }

  /** Files only their owner may read. */
  public static final class SecretFiles {
    private SecretFiles() {}

    /**
     * Writes {@code content} to a new file beside {@code file}, readable by its owner only, and
     * moves it into place in one step, so no reader ever sees it half written; false (and nothing
     * changed) when {@code file} exists by then.
     */
    public static boolean createOnce(Path file, String content) throws IOException {
      Path target = file.toAbsolutePath();
      Files.createDirectories(target.getParent());
      Path temporary;
      try {
        temporary =
            Files.createTempFile(
                target.getParent(),
                ".meridian-",
                ".tmp",
                java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                    java.nio.file.attribute.PosixFilePermissions.fromString("rw-------")));
      } catch (UnsupportedOperationException notPosix) {
        temporary = Files.createTempFile(target.getParent(), ".meridian-", ".tmp");
      }
      try {
        Files.writeString(temporary, content, StandardOpenOption.SYNC);
        try {
          // A hard link fails if the name is taken: the first writer wins, atomically.
          Files.createLink(target, temporary);
          return true;
        } catch (FileAlreadyExistsException taken) {
          return false;
        } catch (UnsupportedOperationException noLinks) {
          if (Files.exists(target)) {
            return false;
          }
          Files.move(temporary, target, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
          return true;
        }
      } finally {
        Files.deleteIfExists(temporary);
      }
    }
  }
}
