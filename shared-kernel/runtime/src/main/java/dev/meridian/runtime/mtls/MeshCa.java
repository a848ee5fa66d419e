package dev.meridian.runtime.mtls;

import dev.meridian.kernel.command.Decision;
import dev.meridian.kernel.mtls.MeshMtls;
import dev.meridian.kernel.projection.Projection;
import dev.meridian.kernel.resource.MeshSpec;
import dev.meridian.kernel.resource.Resource;
import dev.meridian.kernel.resource.ResourceKey;
import dev.meridian.kernel.resource.ResourceKind;
import dev.meridian.runtime.ControlPlaneRole;
import dev.meridian.runtime.command.Commands;
import dev.meridian.runtime.command.ResourceCommands;
import dev.meridian.runtime.command.WriteResult;
import dev.meridian.runtime.log.ProjectionFeed;
import dev.meridian.runtime.secret.Secrets;
import dev.meridian.runtime.settings.ApiSettings;
import dev.meridian.runtime.tls.Pem;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The CA of each mesh's mTLS backends. A {@code builtin} one's is generated where meshes are owned
 * when the backend appears, kept as two Secrets of the mesh with Kuma's names ({@code
 * <mesh>.ca-builtin-cert-<backend>}, {@code <mesh>.ca-builtin-key-<backend>}), sealed on the log
 * like every secret, and opened by every zone (which issues the proxies' identity certificates from
 * it). A rebuild reads the same CA back from the log.
 */
@Component
public class MeshCa {
  private static final Logger log = LoggerFactory.getLogger(MeshCa.class);
  static final String ACTOR = "system";
  static final Duration DEFAULT_CA_VALIDITY = Duration.ofDays(3650);

  private final Projection projection;
  private final Secrets secrets;
  private final ResourceCommands commands;
  private final ControlPlaneRole role;
  private final ProjectionFeed feed;
  private final ApiSettings api;
  private final Clock clock = Clock.systemUTC();

  public MeshCa(
      Projection projection,
      Secrets secrets,
      ResourceCommands commands,
      ControlPlaneRole role,
      ProjectionFeed feed,
      ApiSettings api) {
    this.projection = projection;
    this.secrets = secrets;
    this.commands = commands;
    this.role = role;
    this.feed = feed;
    this.api = api;
  }

  /** A mesh CA: its certificate and key. */
  public record Authority(X509Certificate certificate, PrivateKey key) {}

  public static String certSecretName(String mesh, String backend) {
    return mesh + ".ca-builtin-cert-" + backend;
  }

  public static String keySecretName(String mesh, String backend) {
    return mesh + ".ca-builtin-key-" + backend;
  }

  /**
   * Creates the CA of every builtin backend of {@code mesh} that has none yet, where meshes are
   * owned; a no-op elsewhere. Each secret is created once: a CA is never silently replaced.
   */
  public synchronized void ensure(String mesh) {
    if (role.refusedWrite(ResourceKind.SECRET).isPresent()) {
      return;
    }
    Optional<Resource> found = projection.get(ResourceKey.mesh(mesh));
    if (found.isEmpty()) {
      return;
    }
    MeshMtls mtls = MeshMtls.of((MeshSpec) found.get().spec());
    for (MeshMtls.Backend backend : mtls.backends()) {
      if (!backend.type().equals(MeshMtls.BUILTIN)) {
        continue;
      }
      ResourceKey certKey = ResourceKey.secret(mesh, certSecretName(mesh, backend.name()));
      ResourceKey keyKey = ResourceKey.secret(mesh, keySecretName(mesh, backend.name()));
      if (projection.get(certKey).isPresent() || projection.get(keyKey).isPresent()) {
        continue;
      }
      Instant now = clock.instant();
      KeyPair pair = dev.meridian.runtime.pki.Pki.newKeyPair();
      X509Certificate ca =
          dev.meridian.runtime.pki.Pki.ca(
              "O=Meridian,OU=" + mesh + ",CN=" + mesh + " CA (" + backend.name() + ")",
              pair,
              now.minus(Duration.ofMinutes(5)),
              now.plus(DEFAULT_CA_VALIDITY),
              List.of("spiffe://" + mesh));
      // The key first: a certificate on the log whose key is not there yet would look usable.
      write(keyKey, Pem.privateKey(pair.getPrivate()));
      write(certKey, Pem.certificates(List.of(ca)));
      log.info("Created the builtin CA of mesh {} (backend {})", mesh, backend.name());
    }
  }

  private void write(ResourceKey key, String pem) {
    WriteResult result =
        commands.send(
            new Commands.CreateResourceOnce(
                key, secrets.seal(key, pem.getBytes(StandardCharsets.US_ASCII))),
            ACTOR);
    if (result.outcome() == Decision.Outcome.CREATED) {
      feed.awaitApplied(key.logKey(), result.sequence(), api.writeVisibilityTimeout());
    }
  }

  /**
   * The CA of {@code mesh}'s {@code backend}, opened from the projection: the generated one of a
   * builtin backend, the user's Secrets of a provided one; empty until they are there.
   */
  public Optional<Authority> authority(String mesh, String backend) {
    Optional<MeshMtls.Backend> found =
        projection
            .get(ResourceKey.mesh(mesh))
            .flatMap(
                m ->
                    MeshMtls.of((MeshSpec) m.spec()).backends().stream()
                        .filter(b -> b.name().equals(backend))
                        .findFirst());
    boolean provided = found.isPresent() && found.get().type().equals(MeshMtls.PROVIDED);
    String certName = provided ? found.get().certSecret() : certSecretName(mesh, backend);
    String keyName = provided ? found.get().keySecret() : keySecretName(mesh, backend);
    if (certName == null || keyName == null) {
      return Optional.empty();
    }
    Optional<Resource> cert = projection.get(ResourceKey.secret(mesh, certName));
    Optional<Resource> key = projection.get(ResourceKey.secret(mesh, keyName));
    if (cert.isEmpty() || key.isEmpty()) {
      return Optional.empty();
    }
    try {
      List<X509Certificate> chain =
          Pem.parseCertificates(new String(secrets.open(cert.get()), StandardCharsets.US_ASCII));
      PrivateKey privateKey =
          Pem.parsePrivateKey(new String(secrets.open(key.get()), StandardCharsets.US_ASCII));
      return chain.isEmpty()
          ? Optional.empty()
          : Optional.of(new Authority(chain.get(0), privateKey));
    } catch (IllegalArgumentException notPem) {
      // A provided Secret that holds no PEM CA: no identities until the user fixes it.
      log.error(
          "The CA of mesh {} backend {} is not usable: {}", mesh, backend, notPem.getMessage());
      return Optional.empty();
    }
  }
}
