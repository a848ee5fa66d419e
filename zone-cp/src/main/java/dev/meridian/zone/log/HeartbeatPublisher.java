package dev.meridian.zone.log;

import dev.meridian.kernel.log.LogClientConfig;
import dev.meridian.kernel.zone.Heartbeat;
import dev.meridian.runtime.log.KafkaClients;
import dev.meridian.zone.config.ManagementInstance;
import dev.meridian.zone.config.ZoneProperties;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * In multizone mode, tells global this zone is alive every {@code meridian.heartbeat-interval}:
 * which instance, and how far its projection is behind the log. A zone that stops beating is shown
 * offline on global after its timeout.
 */
@Component
public class HeartbeatPublisher implements SmartLifecycle {
  private final ZoneProperties properties;
  private final MeterRegistry meters;
  private final PeriodicSender sender;

  public HeartbeatPublisher(KafkaClients clients, ZoneProperties properties, MeterRegistry meters) {
    this.properties = properties;
    this.meters = meters;
    this.sender =
        new PeriodicSender(
            clients,
            "zone-heartbeat",
            Heartbeat.TOPIC,
            LogClientConfig.heartbeatTopic(),
            this::beat);
  }

  private void beat(KafkaProducer<String, byte[]> producer) {
    var lag = meters.find("meridian_log_consumer_lag").gauge();
    Heartbeat heartbeat =
        new Heartbeat(
            properties.zone(),
            ManagementInstance.id(),
            Instant.now(),
            lag == null ? -1 : (long) lag.value());
    producer.send(new ProducerRecord<>(Heartbeat.TOPIC, properties.zone(), heartbeat.toBytes()));
  }

  @Override
  public void start() {
    if (properties.multizone()) {
      sender.start(Duration.ZERO, properties.heartbeatInterval());
    }
  }

  @Override
  public void stop() {
    sender.stop();
  }

  @Override
  public boolean isRunning() {
    return sender.running();
  }
}
