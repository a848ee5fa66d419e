package dev.meridian.zone.xds;

import com.google.common.cache.Cache;
import com.google.common.cache.CacheBuilder;
import com.google.protobuf.ByteString;
import dev.meridian.kernel.mtls.Identity;
import dev.meridian.kernel.mtls.MeshMtls;
import dev.meridian.kernel.resource.DataplaneSpec;
import dev.meridian.kernel.xds.envoy.EnvoyMtls;
import dev.meridian.runtime.mtls.IdentityCertificates;
import io.envoyproxy.envoy.config.core.v3.DataSource;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.CertificateValidationContext;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.Secret;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.TlsCertificate;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * The SDS secrets of an Envoy sidecar in an mTLS mesh: its identity certificate and key, and the
 * mesh CA, under the names its listeners and clusters refer to ({@link EnvoyMtls}). They are issued
 * by this zone from the mesh CA and never written anywhere: a rebuilt zone issues new ones, which
 * the same CA vouches for. What may be shown of them is {@link CertificateInfo}: no key material.
 */
@Component
public class EnvoySecrets {
  /** No certificates at all (for generators without a mesh CA, in tests). */
  static final EnvoySecrets NONE = new EnvoySecrets(null);

  private final IdentityCertificates certificates;

  /** One set of secrets per issued certificate, however many proxies share the identity. */
  private final Cache<IdentityCertificates.Issued, ProxySecrets> rendered =
      CacheBuilder.newBuilder().weakKeys().build();

  @Autowired
  EnvoySecrets(IdentityCertificates certificates) {
    this.certificates = certificates;
  }

  /** The secrets of one proxy, when to replace them, and what they show. */
  public record ProxySecrets(
      List<Secret> secrets, Instant renewAt, List<CertificateInfo> certificates) {}

  /** A certificate as it may be inspected: by its metadata only (times in RFC 3339). */
  public record CertificateInfo(
      String secret,
      String kind,
      String subject,
      String issuer,
      String serialNumber,
      List<String> sans,
      String notBefore,
      String notAfter) {}

  /**
   * The secrets of a dataplane of {@code mesh} with {@code mtls}; empty when mTLS is off, the
   * dataplane serves no service, or the mesh CA has not reached this zone yet.
   */
  Optional<ProxySecrets> of(String mesh, DataplaneSpec dataplane, MeshMtls mtls) {
    if (certificates == null || !mtls.enabled()) {
      return Optional.empty();
    }
    return certificates
        .current(Identity.of(mesh, dataplane), mtls)
        .map(issued -> render(mesh, issued));
  }

  private ProxySecrets render(String mesh, IdentityCertificates.Issued issued) {
    try {
      return rendered.get(issued, () -> secrets(mesh, issued));
    } catch (ExecutionException e) {
      throw new IllegalStateException("could not render the secrets of mesh " + mesh, e);
    }
  }

  private static ProxySecrets secrets(String mesh, IdentityCertificates.Issued issued) {
    Secret identity =
        Secret.newBuilder()
            .setName(EnvoyMtls.identitySecret(mesh))
            .setTlsCertificate(
                TlsCertificate.newBuilder()
                    .setCertificateChain(inline(issued.certificatePem()))
                    .setPrivateKey(inline(issued.privateKeyPem())))
            .build();
    Secret ca =
        Secret.newBuilder()
            .setName(EnvoyMtls.caSecret(mesh))
            .setValidationContext(
                CertificateValidationContext.newBuilder().setTrustedCa(inline(issued.caPem())))
            .build();
    List<CertificateInfo> infos = new ArrayList<>();
    infos.add(info(EnvoyMtls.identitySecret(mesh), "identity", issued.certificatePem()));
    infos.add(info(EnvoyMtls.caSecret(mesh), "ca", issued.caPem()));
    return new ProxySecrets(List.of(identity, ca), issued.renewAt(), List.copyOf(infos));
  }

  private static DataSource inline(String pem) {
    return DataSource.newBuilder()
        .setInlineBytes(ByteString.copyFrom(pem, StandardCharsets.US_ASCII))
        .build();
  }

  private static CertificateInfo info(String secret, String kind, String pem) {
    X509Certificate certificate = parse(pem);
    List<String> sans = new ArrayList<>();
    try {
      if (certificate.getSubjectAlternativeNames() != null) {
        // Each entry is [type, value]; URIs (6) and DNS names (2) are what identities carry.
        certificate
            .getSubjectAlternativeNames()
            .forEach(san -> sans.add(String.valueOf(san.get(1))));
      }
    } catch (java.security.cert.CertificateParsingException e) {
      throw new IllegalStateException("unreadable subject alternative names", e);
    }
    return new CertificateInfo(
        secret,
        kind,
        certificate.getSubjectX500Principal().getName(),
        certificate.getIssuerX500Principal().getName(),
        certificate.getSerialNumber().toString(16),
        List.copyOf(sans),
        certificate.getNotBefore().toInstant().toString(),
        certificate.getNotAfter().toInstant().toString());
  }

  private static X509Certificate parse(String pem) {
    try {
      return (X509Certificate)
          CertificateFactory.getInstance("X.509")
              .generateCertificate(
                  new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
    } catch (CertificateException e) {
      throw new IllegalStateException("unreadable certificate", e);
    }
  }
}
