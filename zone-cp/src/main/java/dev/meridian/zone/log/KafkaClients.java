package dev.meridian.zone.log;

import dev.meridian.zone.config.ZoneProperties;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.stereotype.Component;

/**
 * Builds the Kafka clients. User-supplied properties (SASL, TLS, …) are applied last, over
 * Meridian's defaults, except the settings the log's guarantees depend on.
 */
@Component
public class KafkaClients {
  private final ZoneProperties.Kafka settings;
  private final String clientIdPrefix;

  public KafkaClients(ZoneProperties properties) {
    this.settings = properties.kafka();
    this.clientIdPrefix = "meridian-zone-" + properties.zone();
  }

  private Map<String, Object> common(String role) {
    Map<String, Object> config = new HashMap<>();
    config.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
    config.put(CommonClientConfigs.CLIENT_ID_CONFIG, clientIdPrefix + "-" + role);
    config.putAll(settings.properties());
    return config;
  }

  public KafkaProducer<String, byte[]> producer() {
    Map<String, Object> config = common("publisher");
    // Durability and per-key order are not negotiable for the log of record.
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    config.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
    config.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, 0);
    config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
    config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    return new KafkaProducer<>(config);
  }

  public KafkaConsumer<String, byte[]> consumer(String role) {
    Map<String, Object> config = common(role);
    // Positions are ours (assign + seek), never a consumer group's.
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    config.remove(ConsumerConfig.GROUP_ID_CONFIG);
    config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
    config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    return new KafkaConsumer<>(config);
  }

  public Admin admin() {
    return Admin.create(common("admin"));
  }

  public ZoneProperties.Kafka settings() {
    return settings;
  }
}
