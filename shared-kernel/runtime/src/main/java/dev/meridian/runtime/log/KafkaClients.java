package dev.meridian.runtime.log;

import dev.meridian.kernel.log.LogClientConfig;
import dev.meridian.runtime.ControlPlaneRole;
import dev.meridian.runtime.settings.KafkaSettings;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.springframework.stereotype.Component;

/**
 * Builds the Kafka clients from the kernel's {@link LogClientConfig} and this control plane's
 * settings; every client id starts with the role's prefix.
 */
@Component
public class KafkaClients {
  private final KafkaSettings settings;
  private final String clientIdPrefix;

  public KafkaClients(KafkaSettings settings, ControlPlaneRole role) {
    this.settings = settings;
    this.clientIdPrefix = role.clientIdPrefix();
  }

  public KafkaProducer<String, byte[]> producer() {
    return new KafkaProducer<>(
        LogClientConfig.producer(
            settings.bootstrapServers(), settings.properties(), clientIdPrefix + "-publisher"));
  }

  public KafkaConsumer<String, byte[]> consumer(String role) {
    return new KafkaConsumer<>(
        LogClientConfig.consumer(
            settings.bootstrapServers(), settings.properties(), clientIdPrefix + "-" + role));
  }

  /** A consumer for reading a whole log from its beginning (rebuilds, history views). */
  public KafkaConsumer<String, byte[]> logReader(String role) {
    return new KafkaConsumer<>(
        LogClientConfig.logReader(
            settings.bootstrapServers(), settings.properties(), clientIdPrefix + "-" + role));
  }

  public Admin admin() {
    return Admin.create(
        LogClientConfig.admin(
            settings.bootstrapServers(), settings.properties(), clientIdPrefix + "-admin"));
  }

  public KafkaSettings settings() {
    return settings;
  }
}
