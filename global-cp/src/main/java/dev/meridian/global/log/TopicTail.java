package dev.meridian.global.log;

import dev.meridian.kernel.runtime.BackgroundLoop;
import dev.meridian.runtime.log.KafkaClients;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a whole topic from its beginning and then follows it, handing every record to a handler:
 * how global keeps state that is not the log of record (heartbeats, insights).
 */
final class TopicTail {
  private static final Logger log = LoggerFactory.getLogger(TopicTail.class);

  private final KafkaClients clients;
  private final String topic;
  private final Runnable ensureTopic;
  private final Consumer<ConsumerRecord<String, byte[]>> handler;
  private final Runnable afterPoll;
  private final BackgroundLoop loop;
  private volatile KafkaConsumer<String, byte[]> consumer;

  TopicTail(
      KafkaClients clients,
      String topic,
      Runnable ensureTopic,
      Consumer<ConsumerRecord<String, byte[]>> handler,
      Runnable afterPoll) {
    this.clients = clients;
    this.topic = topic;
    this.ensureTopic = ensureTopic;
    this.handler = handler;
    this.afterPoll = afterPoll;
    this.loop =
        new BackgroundLoop(
            "tail-" + topic,
            this::follow,
            () -> {
              KafkaConsumer<String, byte[]> current = consumer;
              if (current != null) {
                current.wakeup();
              }
            },
            Duration.ofSeconds(2),
            e -> log.warn("Reading {} failed, retrying in 2s: {}", topic, e.toString()));
  }

  void start() {
    loop.start();
  }

  void stop() {
    loop.stop(Duration.ofSeconds(5));
  }

  boolean running() {
    return loop.running();
  }

  private void follow() {
    ensureTopic.run();
    try (KafkaConsumer<String, byte[]> kafka = clients.consumer(topic)) {
      consumer = kafka;
      List<TopicPartition> partitions =
          kafka.partitionsFor(topic, Duration.ofSeconds(30)).stream()
              .map(p -> new TopicPartition(p.topic(), p.partition()))
              .toList();
      kafka.assign(partitions);
      kafka.seekToBeginning(partitions);
      while (loop.running()) {
        kafka.poll(Duration.ofMillis(500)).forEach(handler);
        afterPoll.run();
      }
    }
  }
}
