package dev.meridian.runtime.tls;

import dev.meridian.runtime.settings.ConfigurationProblem;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * The certificates the API and the dataplane server present, decided once at start from {@code
 * meridian.tls.*} (ADR 018): the files given, or else a CA and a server certificate generated in
 * {@code meridian.tls.generated-dir}; none when TLS is explicitly off. Also the CA certificate
 * proxies are told to trust in their bootstrap.
 */
@Component
public class ServerTls {
  private static final Logger log = LoggerFactory.getLogger(ServerTls.class);

  /** A certificate chain file and its private key file, both PEM. */
  public record KeyPairFiles(Path certFile, Path keyFile) {
    /** The certificate chain, leaf first. */
    public List<X509Certificate> chain() {
      return Pem.readCertificates(certFile, "meridian.tls.cert-file");
    }

    public PrivateKey privateKey() {
      return Pem.readPrivateKey(keyFile, "meridian.tls.key-file");
    }
  }

  private final boolean enabled;
  private final KeyPairFiles api;
  private final KeyPairFiles dataplaneServer;
  private final String trustedCaPem;

  public ServerTls(
      TlsSettings settings, Environment environment, ObjectProvider<TlsServerNames> names) {
    this.enabled = settings.enabled();
    if (!enabled) {
      log.warn(
          "TLS is off (meridian.tls.enabled=false): the API and the dataplane server take"
              + " plaintext connections");
      api = null;
      dataplaneServer = null;
      trustedCaPem = null;
      return;
    }
    KeyPairFiles given =
        pair(
            settings.certFile(),
            settings.keyFile(),
            "meridian.tls.cert-file",
            "meridian.tls.key-file");
    KeyPairFiles givenForDataplanes =
        pair(
            settings.dataplaneServerCertFile(),
            settings.dataplaneServerKeyFile(),
            "meridian.tls.dataplane-server-cert-file",
            "meridian.tls.dataplane-server-key-file");
    String generatedCa = null;
    if (given == null) {
      List<String> serverNames = new ArrayList<>(List.of("localhost", "127.0.0.1", "::1"));
      serverNames.add(environment.getProperty("server.address"));
      names.orderedStream().forEach(n -> serverNames.addAll(n.serverNames()));
      serverNames.addAll(settings.extraSans());
      GeneratedCertificates.Result generated =
          GeneratedCertificates.ensure(settings.generatedDir(), serverNames, Clock.systemUTC());
      if (generated.caCreated()) {
        log.info(
            "Created a CA for the API and the dataplane server: {} (clients trust it, e.g. curl"
                + " --cacert {})",
            generated.caFile().toAbsolutePath(),
            generated.caFile().toAbsolutePath());
      } else if (generated.issued()) {
        log.info(
            "Issued a new server certificate {} from the CA {}",
            generated.certFile().toAbsolutePath(),
            generated.caFile().toAbsolutePath());
      }
      given = new KeyPairFiles(generated.certFile(), generated.keyFile());
      generatedCa = read(generated.caFile());
    }
    this.api = given;
    this.dataplaneServer = givenForDataplanes != null ? givenForDataplanes : given;
    if (settings.caFile() != null) {
      trustedCaPem =
          Pem.certificates(Pem.readCertificates(settings.caFile(), "meridian.tls.ca-file"));
    } else if (givenForDataplanes == null && generatedCa != null) {
      trustedCaPem = generatedCa;
    } else {
      // The chain's last certificate is the nearest to a root it holds.
      List<X509Certificate> chain =
          Pem.readCertificates(this.dataplaneServer.certFile(), "meridian.tls.ca-file");
      trustedCaPem = Pem.certificates(List.of(chain.get(chain.size() - 1)));
    }
  }

  public boolean enabled() {
    return enabled;
  }

  /** What the API presents; empty when TLS is off. */
  public Optional<KeyPairFiles> api() {
    return Optional.ofNullable(api);
  }

  /** What a zone's dataplane server presents; empty when TLS is off. */
  public Optional<KeyPairFiles> dataplaneServer() {
    return Optional.ofNullable(dataplaneServer);
  }

  /** The CA certificate(s), PEM, proxies trust the dataplane server with; empty when TLS is off. */
  public Optional<String> trustedCaPem() {
    return Optional.ofNullable(trustedCaPem);
  }

  /** Both files or neither; both readable PEM, the key the certificate's. */
  private static KeyPairFiles pair(Path cert, Path key, String certSetting, String keySetting) {
    if (cert == null && key == null) {
      return null;
    }
    if (cert == null || key == null) {
      String missing = cert == null ? certSetting : keySetting;
      String set = cert == null ? keySetting : certSetting;
      throw new ConfigurationProblem(missing, "is needed too, since " + set + " is set");
    }
    List<X509Certificate> chain = Pem.readCertificates(cert, certSetting);
    if (!KeyMatch.matches(chain.get(0).getPublicKey(), Pem.readPrivateKey(key, keySetting))) {
      throw new ConfigurationProblem(
          keySetting, key + " is not the private key of the first certificate in " + cert);
    }
    return new KeyPairFiles(cert, key);
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }
}
