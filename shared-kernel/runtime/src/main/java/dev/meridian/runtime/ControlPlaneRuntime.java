package dev.meridian.runtime;

import dev.meridian.runtime.security.AuthSettings;
import dev.meridian.runtime.settings.ApiSettings;
import dev.meridian.runtime.settings.KafkaSettings;
import dev.meridian.runtime.tls.TlsSettings;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.Configuration;

/**
 * Everything both control planes run on, in one import: the log's reader, feed and publisher (the
 * outbox), the event store and its recovery from the log, the Mesh and policy aggregates, the
 * resource, policy and history API, problem handling, health, info and metrics, and who may use the
 * API (user tokens, the access audit). An application imports this and declares its {@link
 * ControlPlaneRole}; the settings both share ({@code meridian.kafka.*}, {@code meridian.api.*}) are
 * bound here.
 */
@Configuration
@ComponentScan(basePackageClasses = ControlPlaneRuntime.class)
@EnableConfigurationProperties({
  KafkaSettings.class,
  ApiSettings.class,
  AuthSettings.class,
  TlsSettings.class
})
public class ControlPlaneRuntime {}
