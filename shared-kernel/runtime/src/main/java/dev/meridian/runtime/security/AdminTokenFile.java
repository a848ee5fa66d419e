package dev.meridian.runtime.security;

import dev.meridian.kernel.auth.Subject;
import dev.meridian.kernel.auth.UserTokens;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.stereotype.Component;

/**
 * As Kuma does, the first start writes an administrator's user token to a file only its owner may
 * read, and says where; later starts keep it while it is still valid for this control plane's key.
 */
@Component
class AdminTokenFile implements InitializingBean {
  private static final Logger log = LoggerFactory.getLogger(AdminTokenFile.class);

  private final ApiTokens tokens;
  private final AuthSettings settings;

  AdminTokenFile(ApiTokens tokens, AuthSettings settings) {
    this.tokens = tokens;
    this.settings = settings;
  }

  @Override
  public void afterPropertiesSet() {
    Path file = settings.adminTokenFile();
    try {
      if (Files.exists(file)
          && tokens.verify(Files.readString(file).trim()) instanceof UserTokens.Valid) {
        return;
      }
      Files.deleteIfExists(file);
      ControlPlaneKey.SecretFiles.createOnce(
          file,
          tokens.issue(new Subject("admin", List.of(Subject.ADMINS)), settings.adminTokenValidity())
              + "\n");
      log.info("Wrote an administrator's user token to {}", file.toAbsolutePath());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the admin token to " + file, e);
    }
  }
}
