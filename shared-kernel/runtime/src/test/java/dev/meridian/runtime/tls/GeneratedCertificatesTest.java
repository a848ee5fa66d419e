package dev.meridian.runtime.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.meridian.runtime.settings.ConfigurationProblem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GeneratedCertificatesTest {
  static final Clock NOW = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);
  static final List<String> NAMES =
      List.of("localhost", "127.0.0.1", "::1", "CP.example.com", "10.1.2.3", "0.0.0.0", "[::]");

  @TempDir Path dir;

  @Test
  void firstStartMakesACaThatSignsAServerCertificateForEveryName() throws Exception {
    GeneratedCertificates.Result result = GeneratedCertificates.ensure(dir, NAMES, NOW);

    assertThat(result.caCreated()).isTrue();
    assertThat(result.caFile()).isEqualTo(dir.resolve("ca.crt"));
    X509Certificate ca = Pem.readCertificates(result.caFile(), "ca").get(0);
    X509Certificate server = Pem.readCertificates(result.certFile(), "cert").get(0);
    assertThat(ca.getBasicConstraints()).isGreaterThanOrEqualTo(0);
    assertThat(ca.getKeyUsage()[5]).as("keyCertSign").isTrue();
    assertThat(GeneratedCertificates.signedBy(server, ca.getPublicKey())).isTrue();
    assertThat(server.getBasicConstraints()).isEqualTo(-1);
    assertThat(server.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.1");
    assertThat(server.getIssuerX500Principal()).isEqualTo(ca.getSubjectX500Principal());
    // DNS names lower-cased, addresses canonical; bind-all addresses are no names to dial.
    assertThat(GeneratedCertificates.subjectAltNames(server))
        .containsExactlyInAnyOrder(
            "localhost", "127.0.0.1", "0:0:0:0:0:0:0:1", "cp.example.com", "10.1.2.3");
    assertThat(server.getSubjectAlternativeNames())
        .contains(List.of(2, "cp.example.com"), List.of(7, "10.1.2.3"));
    assertThat(server.getNotAfter().toInstant())
        .isEqualTo(NOW.instant().plus(GeneratedCertificates.SERVER_VALIDITY));
    assertThat(KeyMatch.matches(server.getPublicKey(), Pem.readPrivateKey(result.keyFile(), "key")))
        .isTrue();
  }

  @Test
  void privateKeysAreForTheirOwnerOnlyAndTheCaCertificateForAnyone() throws Exception {
    GeneratedCertificates.ensure(dir, NAMES, NOW);

    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("ca.key"))))
        .isEqualTo("rw-------");
    assertThat(
            PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("server.key"))))
        .isEqualTo("rw-------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("ca.crt"))))
        .isEqualTo("rw-r--r--");
  }

  @Test
  void laterStartsKeepTheCaAndTheCertificate() throws Exception {
    GeneratedCertificates.ensure(dir, NAMES, NOW);
    byte[] ca = Files.readAllBytes(dir.resolve("ca.crt"));
    byte[] caKey = Files.readAllBytes(dir.resolve("ca.key"));
    byte[] cert = Files.readAllBytes(dir.resolve("server.crt"));

    GeneratedCertificates.Result again =
        GeneratedCertificates.ensure(dir, NAMES, Clock.offset(NOW, Duration.ofDays(30)));

    assertThat(again.caCreated()).isFalse();
    assertThat(again.issued()).isFalse();
    assertThat(Files.readAllBytes(dir.resolve("ca.crt"))).isEqualTo(ca);
    assertThat(Files.readAllBytes(dir.resolve("ca.key"))).isEqualTo(caKey);
    assertThat(Files.readAllBytes(dir.resolve("server.crt"))).isEqualTo(cert);
  }

  @Test
  void aNewServerNameGetsANewCertificateFromTheSameCa() throws Exception {
    GeneratedCertificates.ensure(dir, NAMES, NOW);
    byte[] ca = Files.readAllBytes(dir.resolve("ca.crt"));

    GeneratedCertificates.Result again =
        GeneratedCertificates.ensure(dir, List.of("localhost", "zone-1.meridian.svc"), NOW);

    assertThat(again.caCreated()).isFalse();
    assertThat(again.issued()).isTrue();
    assertThat(Files.readAllBytes(dir.resolve("ca.crt"))).isEqualTo(ca);
    X509Certificate server = Pem.readCertificates(again.certFile(), "cert").get(0);
    assertThat(GeneratedCertificates.subjectAltNames(server)).contains("zone-1.meridian.svc");
    assertThat(
            GeneratedCertificates.signedBy(
                server, Pem.readCertificates(again.caFile(), "ca").get(0).getPublicKey()))
        .isTrue();
  }

  @Test
  void aCertificateNearItsEndIsIssuedAgainFromTheSameCa() throws Exception {
    GeneratedCertificates.ensure(dir, NAMES, NOW);
    byte[] ca = Files.readAllBytes(dir.resolve("ca.crt"));

    Clock later = Clock.offset(NOW, GeneratedCertificates.SERVER_VALIDITY.minusDays(10));
    GeneratedCertificates.Result again = GeneratedCertificates.ensure(dir, NAMES, later);

    assertThat(again.issued()).isTrue();
    assertThat(Files.readAllBytes(dir.resolve("ca.crt"))).isEqualTo(ca);
    assertThat(Pem.readCertificates(again.certFile(), "cert").get(0).getNotAfter().toInstant())
        .isEqualTo(later.instant().plus(GeneratedCertificates.SERVER_VALIDITY));
  }

  @Test
  void aCaKeyThatIsNotTheCertificatesIsRefusedNotReplaced() throws Exception {
    GeneratedCertificates.ensure(dir, NAMES, NOW);
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(256);
    Files.writeString(
        dir.resolve("ca.key"), Pem.privateKey(generator.generateKeyPair().getPrivate()));

    assertThatThrownBy(() -> GeneratedCertificates.ensure(dir, NAMES, NOW))
        .isInstanceOf(ConfigurationProblem.class)
        .hasMessageContaining("meridian.tls.generated-dir")
        .hasMessageContaining("ca.key does not belong to");
  }

  @Test
  void aCaKeyLeftWithoutItsCertificateIsReplaced() throws Exception {
    GeneratedCertificates.ensure(dir, NAMES, NOW);
    Files.delete(dir.resolve("ca.crt"));

    GeneratedCertificates.Result again = GeneratedCertificates.ensure(dir, NAMES, NOW);

    assertThat(again.caCreated()).isTrue();
    assertThat(again.issued()).isTrue();
  }
}
