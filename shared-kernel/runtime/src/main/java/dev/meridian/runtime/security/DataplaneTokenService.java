package dev.meridian.runtime.security;

import dev.meridian.kernel.auth.DataplaneTokens;
import dev.meridian.kernel.auth.DataplaneTokens.Identity;
import dev.meridian.kernel.auth.DataplaneTokens.SigningKey;
import dev.meridian.kernel.command.Decision;
import dev.meridian.kernel.projection.Projection;
import dev.meridian.kernel.resource.Resource;
import dev.meridian.kernel.resource.ResourceKey;
import dev.meridian.kernel.resource.ResourceKind;
import dev.meridian.kernel.secret.SecretBox;
import dev.meridian.runtime.ControlPlaneRole;
import dev.meridian.runtime.command.Commands;
import dev.meridian.runtime.command.ResourceCommands;
import dev.meridian.runtime.command.WriteResult;
import dev.meridian.runtime.log.ProjectionFeed;
import dev.meridian.runtime.secret.Secrets;
import dev.meridian.runtime.settings.ApiSettings;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Dataplane tokens of every mesh: their signing keys are sealed secrets on the log (created where
 * meshes are owned, opened by every zone with the shared key file), and their revocations are
 * resources of the mesh. Verifying reads both from the projection, so a rebuilt control plane
 * accepts and refuses exactly the same tokens.
 */
@Component
public class DataplaneTokenService {
  private static final Logger log = LoggerFactory.getLogger(DataplaneTokenService.class);
  static final String ACTOR = "system";

  private final Projection projection;
  private final Secrets secrets;
  private final ResourceCommands commands;
  private final ControlPlaneRole role;
  private final ProjectionFeed feed;
  private final ApiSettings api;
  private final Duration grace;
  private final Clock clock = Clock.systemUTC();
  private final SecureRandom random = new SecureRandom();
  private final Set<String> unopenable = ConcurrentHashMap.newKeySet();

  public DataplaneTokenService(
      Projection projection,
      Secrets secrets,
      ResourceCommands commands,
      ControlPlaneRole role,
      ProjectionFeed feed,
      ApiSettings api,
      AuthSettings settings) {
    this.projection = projection;
    this.secrets = secrets;
    this.commands = commands;
    this.role = role;
    this.feed = feed;
    this.api = api;
    this.grace = settings.dataplaneTokenRotationGrace();
  }

  /** Whether this control plane creates the signing keys (it owns meshes). */
  public boolean createsSigningKeys() {
    return role.refusedWrite(ResourceKind.SECRET).isEmpty();
  }

  /** The signing keys of {@code mesh} this control plane can open, oldest first. */
  public List<SigningKey> signingKeys(String mesh) {
    List<Resource> opened = new ArrayList<>();
    List<Resource> all = projection.list(ResourceKind.SECRET, mesh);
    for (Resource secret : all) {
      if (DataplaneTokens.serialOf(mesh, secret.key().name()).isEmpty()) {
        continue;
      }
      try {
        secrets.open(secret);
        opened.add(secret);
      } catch (SecretBox.CannotOpen e) {
        if (unopenable.add(secret.key().logKey())) {
          log.error("Cannot open {}: {}", secret.key().logKey(), e.getMessage());
        }
      }
    }
    return DataplaneTokens.signingKeys(mesh, opened, secrets::open, grace);
  }

  private boolean hasSigningKeySecrets(String mesh) {
    return projection.list(ResourceKind.SECRET, mesh).stream()
        .anyMatch(r -> DataplaneTokens.serialOf(mesh, r.key().name()).isPresent());
  }

  /** The key that signs new tokens of {@code mesh}. */
  public Optional<SigningKey> signingKey(String mesh) {
    List<SigningKey> keys = signingKeys(mesh);
    return keys.isEmpty() ? Optional.empty() : Optional.of(keys.get(keys.size() - 1));
  }

  /**
   * Makes sure {@code mesh} has a signing key (where meshes are owned), creating the first one if
   * none is there; empty when this control plane does not create keys.
   */
  public synchronized Optional<SigningKey> ensureSigningKey(String mesh) {
    Optional<SigningKey> existing = signingKey(mesh);
    if (existing.isPresent() || !createsSigningKeys()) {
      return existing;
    }
    if (hasSigningKeySecrets(mesh)) {
      // Keys this control plane cannot open (another key file): a new one would silently void
      // every token, so none is made; the error names the key to give it instead.
      return Optional.empty();
    }
    createNext(mesh);
    return signingKey(mesh);
  }

  /**
   * Rotates {@code mesh}'s signing key: a new key signs from now on, and tokens of the previous one
   * are accepted for the grace period only. Returns the new key's serial.
   */
  public int rotate(String mesh) {
    int serial = createNext(mesh);
    log.info(
        "Rotated the dataplane-token signing key of mesh {} to serial {} (old tokens accepted for {})",
        mesh,
        serial,
        grace);
    return serial;
  }

  public Duration rotationGrace() {
    return grace;
  }

  /**
   * Writes the next signing key of {@code mesh} and waits until the projection holds it. A serial
   * is never used twice (a deleted mesh's keys stay retired), so the first free one is taken.
   */
  private synchronized int createNext(String mesh) {
    int serial = signingKeys(mesh).stream().mapToInt(SigningKey::serial).max().orElse(0) + 1;
    for (int attempt = 0; attempt < 1000; attempt++, serial++) {
      ResourceKey key = ResourceKey.secret(mesh, DataplaneTokens.signingKeyName(mesh, serial));
      byte[] material = new byte[32];
      random.nextBytes(material);
      WriteResult result =
          commands.send(new Commands.CreateResourceOnce(key, secrets.seal(key, material)), ACTOR);
      if (result.outcome() == Decision.Outcome.CREATED) {
        feed.awaitApplied(key.logKey(), result.sequence(), api.writeVisibilityTimeout());
        return serial;
      }
    }
    throw new IllegalStateException("no free signing-key serial for mesh " + mesh);
  }

  /** A token for {@code identity}, valid for {@code validFor}, signed with the newest key. */
  public Optional<String> issue(Identity identity, Duration validFor) {
    Instant now = clock.instant();
    return ensureSigningKey(identity.mesh())
        .map(key -> DataplaneTokens.issue(key, identity, now, now.plus(validFor)));
  }

  /** Checks {@code token}: signature, key still accepted, expiry, and not revoked. */
  public DataplaneTokens.Verification verify(String token) {
    DataplaneTokens.Verification verification =
        DataplaneTokens.verify(token, clock.instant(), this::signingKeys);
    if (verification instanceof DataplaneTokens.Valid valid
        && projection
            .get(ResourceKey.dataplaneTokenRevocation(valid.identity().mesh(), valid.tokenId()))
            .isPresent()) {
      return new DataplaneTokens.Invalid("revoked");
    }
    return verification;
  }
}
