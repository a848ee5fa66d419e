package dev.meridian.runtime.secret;

import dev.meridian.kernel.resource.Resource;
import dev.meridian.kernel.resource.ResourceKey;
import dev.meridian.kernel.resource.SecretSpec;
import dev.meridian.kernel.secret.SecretBox;
import dev.meridian.runtime.security.ControlPlaneKey;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * Seals secrets for the log and opens them from the projection, under a key derived from the
 * control plane key (ADR 019). Every control plane that must open a secret another one sealed
 * (zones open the signing keys global creates) is given the same key file.
 */
@Component
public class Secrets {
  private final SecretBox box;
  // Opened values by sealed form: a proxy's every connection checks its token against the keys.
  private final Map<String, byte[]> opened = new ConcurrentHashMap<>();

  public Secrets(ControlPlaneKey key) {
    this.box = new SecretBox(key.derive("secret-encryption/v1"));
  }

  public SecretSpec seal(ResourceKey owner, byte[] clear) {
    return new SecretSpec(box.seal(owner, clear));
  }

  /** The clear bytes of {@code secret}; {@link SecretBox.CannotOpen} when this key can't. */
  public byte[] open(Resource secret) {
    String sealed = ((SecretSpec) secret.spec()).sealed();
    byte[] clear =
        opened.computeIfAbsent(
            secret.key().logKey() + "|" + sealed, k -> box.open(secret.key(), sealed));
    return clear.clone();
  }

  /** Names the key-encryption key (not the key): sealed values carry it. */
  public String fingerprint() {
    return box.fingerprint();
  }
}
