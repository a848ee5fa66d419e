package dev.meridian.zone.log;

import dev.meridian.kernel.runtime.Periodic;
import dev.meridian.runtime.log.KafkaClients;
import dev.meridian.runtime.log.LogTopics;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends to one topic every interval (heartbeats, insights): creates the topic and the producer on
 * first use, reports a failed round and tries again at the next one.
 */
public final class PeriodicSender {
  private static final Logger log = LoggerFactory.getLogger(PeriodicSender.class);

  private final KafkaClients clients;
  private final String name;
  private final String topic;
  private final Map<String, String> topicConfig;
  private final Consumer<KafkaProducer<String, byte[]>> send;
  private volatile Periodic periodic;
  private KafkaProducer<String, byte[]> producer;
  private boolean topicReady;

  public PeriodicSender(
      KafkaClients clients,
      String name,
      String topic,
      Map<String, String> topicConfig,
      Consumer<KafkaProducer<String, byte[]>> send) {
    this.clients = clients;
    this.name = name;
    this.topic = topic;
    this.topicConfig = topicConfig;
    this.send = send;
  }

  public synchronized void start(Duration initialDelay, Duration interval) {
    if (periodic == null) {
      periodic =
          Periodic.start(
              name,
              initialDelay,
              interval,
              this::round,
              e -> log.warn("{} failed: {}", name, e.toString()));
    }
  }

  private void round() {
    if (!topicReady) {
      LogTopics.ensure(clients, Set.of(topic), topicConfig);
      topicReady = true;
    }
    if (producer == null) {
      producer = clients.producer();
    }
    send.accept(producer);
  }

  public synchronized void stop() {
    if (periodic != null) {
      periodic.stop();
      periodic = null;
    }
    if (producer != null) {
      producer.close(Duration.ofSeconds(2));
      producer = null;
    }
  }

  public boolean running() {
    return periodic != null;
  }
}
