package dev.meridian.runtime.tls;

import org.springframework.boot.web.server.ConfigurableWebServerFactory;
import org.springframework.boot.web.server.Ssl;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.core.Ordered;
import org.springframework.stereotype.Component;

/**
 * Serves the API (and the actuator on the same port) over HTTPS with Spring Boot's own PEM support
 * ({@code server.ssl.certificate}, {@code certificate-private-key}), from {@link ServerTls}. Runs
 * after Boot's {@code server.*} customizer, so {@code meridian.tls.*} decides.
 */
@Component
class ApiTls implements WebServerFactoryCustomizer<ConfigurableWebServerFactory>, Ordered {
  private final ServerTls tls;

  ApiTls(ServerTls tls) {
    this.tls = tls;
  }

  @Override
  public void customize(ConfigurableWebServerFactory factory) {
    tls.api()
        .ifPresent(
            files -> {
              Ssl ssl = new Ssl();
              ssl.setEnabled(true);
              ssl.setCertificate("file:" + files.certFile().toAbsolutePath());
              ssl.setCertificatePrivateKey("file:" + files.keyFile().toAbsolutePath());
              factory.setSsl(ssl);
            });
  }

  @Override
  public int getOrder() {
    return Ordered.LOWEST_PRECEDENCE;
  }
}
