package dev.meridian.global.log;

import dev.meridian.global.config.GlobalProperties;
import dev.meridian.kernel.log.LogClientConfig;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.springframework.stereotype.Component;

/** Builds the Kafka clients from the kernel's {@link LogClientConfig} and global's settings. */
@Component
public class KafkaClients {
  private static final String CLIENT_ID = "meridian-global";
  private final GlobalProperties.Kafka settings;

  public KafkaClients(GlobalProperties properties) {
    this.settings = properties.kafka();
  }

  public KafkaProducer<String, byte[]> producer() {
    return new KafkaProducer<>(
        LogClientConfig.producer(
            settings.bootstrapServers(), settings.properties(), CLIENT_ID + "-publisher"));
  }

  public KafkaConsumer<String, byte[]> consumer(String role) {
    return new KafkaConsumer<>(
        LogClientConfig.consumer(
            settings.bootstrapServers(), settings.properties(), CLIENT_ID + "-" + role));
  }

  /** A consumer for reading a whole log from its beginning (rebuilds, history views). */
  public KafkaConsumer<String, byte[]> logReader(String role) {
    return new KafkaConsumer<>(
        LogClientConfig.logReader(
            settings.bootstrapServers(), settings.properties(), CLIENT_ID + "-" + role));
  }

  public Admin admin() {
    return Admin.create(
        LogClientConfig.admin(
            settings.bootstrapServers(), settings.properties(), CLIENT_ID + "-admin"));
  }

  public GlobalProperties.Kafka settings() {
    return settings;
  }
}
