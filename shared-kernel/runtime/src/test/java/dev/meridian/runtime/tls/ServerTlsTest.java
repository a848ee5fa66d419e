package dev.meridian.runtime.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.meridian.runtime.settings.ConfigurationProblem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.core.env.StandardEnvironment;

class ServerTlsTest {
  @TempDir Path dir;

  static ServerTls serverTls(TlsSettings settings) {
    return new ServerTls(
        settings,
        new StandardEnvironment(),
        new StaticListableBeanFactory().getBeanProvider(TlsServerNames.class));
  }

  static TlsSettings settings(boolean enabled, Path cert, Path key, Path ca, Path generated) {
    return new TlsSettings(enabled, cert, key, ca, null, null, generated, List.of());
  }

  @Test
  void offMeansNoCertificateAtAll() {
    ServerTls tls = serverTls(settings(false, null, null, null, dir.resolve("tls")));

    assertThat(tls.enabled()).isFalse();
    assertThat(tls.api()).isEmpty();
    assertThat(tls.dataplaneServer()).isEmpty();
    assertThat(tls.trustedCaPem()).isEmpty();
    assertThat(dir.resolve("tls")).doesNotExist();
  }

  @Test
  void withoutFilesBothServersPresentTheGeneratedCertificateAndProxiesTrustItsCa()
      throws Exception {
    ServerTls tls = serverTls(settings(true, null, null, null, dir.resolve("tls")));

    assertThat(tls.api()).contains(tls.dataplaneServer().orElseThrow());
    assertThat(tls.api().orElseThrow().certFile()).isEqualTo(dir.resolve("tls/server.crt"));
    assertThat(tls.trustedCaPem()).contains(Files.readString(dir.resolve("tls/ca.crt")));
  }

  @Test
  void givenFilesAreUsedAndTheChainsLastCertificateIsTrustedByDefault() throws Exception {
    GeneratedCertificates.Result elsewhere =
        GeneratedCertificates.ensure(dir.resolve("own"), List.of("cp.example"), Clock.systemUTC());
    Path chain = dir.resolve("chain.pem");
    Files.writeString(
        chain, Files.readString(elsewhere.certFile()) + Files.readString(elsewhere.caFile()));

    ServerTls tls = serverTls(settings(true, chain, elsewhere.keyFile(), null, dir.resolve("tls")));

    assertThat(tls.api().orElseThrow().certFile()).isEqualTo(chain);
    assertThat(tls.api().orElseThrow().chain()).hasSize(2);
    assertThat(tls.trustedCaPem()).contains(Files.readString(elsewhere.caFile()));
    assertThat(dir.resolve("tls")).as("nothing generated").doesNotExist();
  }

  @Test
  void aCertificateWithoutItsKeyNamesTheMissingSetting() {
    assertThatThrownBy(
            () ->
                serverTls(settings(true, dir.resolve("server.crt"), null, null, dir.resolve("g"))))
        .isInstanceOf(ConfigurationProblem.class)
        .hasMessage("meridian.tls.key-file: is needed too, since meridian.tls.cert-file is set");
  }

  @Test
  void aMissingFileIsNamedWithItsSetting() {
    Path missing = dir.resolve("nope.crt");
    assertThatThrownBy(
            () -> serverTls(settings(true, missing, dir.resolve("k"), null, dir.resolve("g"))))
        .isInstanceOf(ConfigurationProblem.class)
        .hasMessageStartingWith("meridian.tls.cert-file: ")
        .hasMessageContaining("does not exist");
  }

  @Test
  void aKeyOfAnotherCertificateIsRefused() {
    GeneratedCertificates.Result one =
        GeneratedCertificates.ensure(dir.resolve("one"), List.of("a"), Clock.systemUTC());
    GeneratedCertificates.Result two =
        GeneratedCertificates.ensure(dir.resolve("two"), List.of("b"), Clock.systemUTC());

    assertThatThrownBy(
            () -> serverTls(settings(true, one.certFile(), two.keyFile(), null, dir.resolve("g"))))
        .isInstanceOf(ConfigurationProblem.class)
        .hasMessageStartingWith("meridian.tls.key-file: ")
        .hasMessageContaining("is not the private key");
  }

  @Test
  void aFileThatIsNotPemIsRefused() throws Exception {
    Path garbage = Files.writeString(dir.resolve("garbage.crt"), "hello");
    Path key = Files.writeString(dir.resolve("garbage.key"), "hello");
    assertThatThrownBy(() -> serverTls(settings(true, garbage, key, null, dir.resolve("g"))))
        .isInstanceOf(ConfigurationProblem.class)
        .hasMessageStartingWith("meridian.tls.cert-file: ")
        .hasMessageContaining("holds no PEM certificate");
  }
}
