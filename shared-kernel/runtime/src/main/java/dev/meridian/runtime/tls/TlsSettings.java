package dev.meridian.runtime.tls;

import java.nio.file.Path;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * TLS on the API and on a zone's dataplane server ({@code meridian.tls.*}; docs/configuration.md,
 * ADR 018). On unless {@code enabled} is set to false.
 *
 * @param enabled false serves plain HTTP and plaintext gRPC: only by explicit setting
 * @param certFile the servers' certificate chain (PEM), leaf first; with {@code keyFile}. Unset: a
 *     CA and a certificate it signs are generated in {@code generatedDir}
 * @param keyFile the private key of {@code certFile} (PEM, PKCS#8 or PKCS#1/SEC1)
 * @param caFile the CA certificate (PEM) proxies are told to trust in their bootstrap, when the
 *     certificate is given; unset, the last certificate of {@code certFile}'s chain
 * @param dataplaneServerCertFile a certificate of its own for a zone's dataplane server, with
 *     {@code dataplaneServerKeyFile} (else the above)
 * @param dataplaneServerKeyFile its private key
 * @param generatedDir where a generated CA ({@code ca.crt}, {@code ca.key}) and server certificate
 *     live; created on first start, reused on later ones
 * @param extraSans names and addresses a generated certificate is valid for, besides localhost,
 *     127.0.0.1, ::1 and the addresses and advertised host the servers are configured with
 */
@ConfigurationProperties(prefix = "meridian.tls")
public record TlsSettings(
    @DefaultValue("true") boolean enabled,
    Path certFile,
    Path keyFile,
    Path caFile,
    Path dataplaneServerCertFile,
    Path dataplaneServerKeyFile,
    Path generatedDir,
    List<String> extraSans) {
  public TlsSettings {
    generatedDir = generatedDir == null ? Path.of("data", "tls") : generatedDir;
    extraSans = extraSans == null ? List.of() : List.copyOf(extraSans);
  }
}
