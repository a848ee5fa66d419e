package dev.meridian.runtime.mtls;

import dev.meridian.kernel.mtls.Identity;
import dev.meridian.kernel.mtls.MeshMtls;
import dev.meridian.runtime.pki.Pki;
import dev.meridian.runtime.tls.Pem;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.springframework.stereotype.Component;

/**
 * Identity certificates of proxies, issued by the zone from the mesh's enabled CA: short-lived (the
 * backend's {@code dpCert.rotation.expiration}, 24 h by default), for server and client
 * authentication, naming the proxy by its SPIFFE ids and Kuma tag URIs. One certificate serves
 * every proxy with the same identity; it is renewed once two thirds of its life have passed, so a
 * proxy always holds one with a third of its life left.
 */
@Component
public class IdentityCertificates {
  private final MeshCa meshCa;
  private final Clock clock;
  private final Map<String, Issued> issued = new ConcurrentHashMap<>();

  @org.springframework.beans.factory.annotation.Autowired
  public IdentityCertificates(MeshCa meshCa) {
    this(meshCa, Clock.systemUTC());
  }

  IdentityCertificates(MeshCa meshCa, Clock clock) {
    this.meshCa = meshCa;
    this.clock = clock;
  }

  /**
   * A certificate, its key and the CA that signed it (PEM), with when it stops being valid and when
   * it should be replaced.
   */
  public record Issued(
      String backend,
      String certificatePem,
      String privateKeyPem,
      String caPem,
      List<String> uris,
      Instant notAfter,
      Instant renewAt) {}

  /**
   * The current certificate of {@code identity} in a mesh with {@code mtls}; empty when mTLS is off
   * or the CA is not on this control plane yet.
   */
  public Optional<Issued> current(Identity identity, MeshMtls mtls) {
    Optional<MeshMtls.Backend> backend = mtls.activeBackend();
    if (backend.isEmpty() || identity.spiffeIds().isEmpty()) {
      return Optional.empty();
    }
    Optional<MeshCa.Authority> ca = meshCa.authority(identity.mesh(), backend.get().name());
    if (ca.isEmpty()) {
      return Optional.empty();
    }
    String key =
        identity.mesh()
            + "|"
            + backend.get().name()
            + "|"
            + ca.get().certificate().getSerialNumber()
            + "|"
            + String.join(",", identity.uris());
    Instant now = clock.instant();
    Issued existing = issued.get(key);
    if (existing != null && now.isBefore(existing.renewAt())) {
      return Optional.of(existing);
    }
    Issued fresh = issue(identity, backend.get(), ca.get(), now);
    // Identities no proxy asked for since their certificate expired are forgotten.
    issued.values().removeIf(i -> !now.isBefore(i.notAfter()));
    issued.put(key, fresh);
    return Optional.of(fresh);
  }

  private static Issued issue(
      Identity identity, MeshMtls.Backend backend, MeshCa.Authority ca, Instant now) {
    Duration validity = backend.dpCertValidity();
    KeyPair pair = Pki.newKeyPair();
    Instant notBefore = now.minus(Duration.ofMinutes(1));
    Instant notAfter = now.plus(validity);
    String service =
        identity.spiffeIds().get(0).substring(identity.spiffeIds().get(0).lastIndexOf('/') + 1);
    X509Certificate certificate =
        Pki.leaf(
            ca.certificate(),
            ca.key(),
            pair.getPublic(),
            "O=Meridian,OU=" + identity.mesh() + ",CN=" + service.replace(",", ""),
            notBefore,
            notAfter,
            Pki.uris(identity.uris()),
            KeyPurposeId.id_kp_serverAuth,
            KeyPurposeId.id_kp_clientAuth);
    return new Issued(
        backend.name(),
        Pem.certificates(List.of(certificate)),
        Pem.privateKey(pair.getPrivate()),
        Pem.certificates(List.of(ca.certificate())),
        identity.uris(),
        notAfter,
        now.plus(validity.multipliedBy(2).dividedBy(3)));
  }
}
