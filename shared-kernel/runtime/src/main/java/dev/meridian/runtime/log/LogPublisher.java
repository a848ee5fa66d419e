package dev.meridian.runtime.log;

import dev.meridian.kernel.event.DomainEvent;
import dev.meridian.kernel.event.EventEnvelope;
import dev.meridian.kernel.event.LogRecordCodec;
import dev.meridian.kernel.log.OutboxSequencer;
import dev.meridian.kernel.log.OwnLogReadBack;
import dev.meridian.kernel.projection.LogSource;
import dev.meridian.kernel.projection.Projection;
import dev.meridian.runtime.command.ResourceCommands;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.messaging.annotation.MessageIdentifier;
import org.axonframework.messaging.annotation.MetaDataValue;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The outbox (ADR 002, 014): a tracking processor reads the event store (which commits with the
 * aggregate) and returns from each event only once the broker has acknowledged it on this control
 * plane's own topic (its role's {@code ownSource}), so its token never passes an event the log
 * lacks; a crash between the two re-sends the event, and consumers drop it by sequence. The
 * committing thread appends the event first, right after its commit ({@link PublishOnCommit}); the
 * processor, which such a commit does not wake ({@link CommitAwareEventStore}), later finds it
 * acknowledged or already read back from the log.
 */
@Component
@ProcessingGroup(LogPublisher.PROCESSING_GROUP)
public class LogPublisher implements DisposableBean {
  public static final String PROCESSING_GROUP = "meridian-log-publisher";
  private static final Duration FIRST_READ_BACK_WAIT = Duration.ofSeconds(60);

  private final KafkaClients clients;
  private final LogRecordCodec codec = new LogRecordCodec();
  private final String topic;
  private final String origin;
  private final OutboxSequencer sequencer;
  private final Counter appendedOnCommit;
  private final Counter appendedByProcessor;
  private final OwnLogReadBack readBack;
  private volatile KafkaProducer<String, byte[]> producer;

  public LogPublisher(
      KafkaClients clients,
      LogSource ownSource,
      MeterRegistry meters,
      Projection projection,
      ProjectionFeed feed,
      @Value("${meridian.log.publisher-memory:100000}") int publisherMemory) {
    this.readBack =
        new OwnLogReadBack(projection::lastSequence, feed::caughtUp, FIRST_READ_BACK_WAIT);
    this.clients = clients;
    this.topic = ownSource.topic();
    this.origin = ownSource.origin();
    this.sequencer = new OutboxSequencer(publisherMemory);
    this.appendedOnCommit = appended(meters, "commit");
    this.appendedByProcessor = appended(meters, "tracking-processor");
  }

  private static Counter appended(MeterRegistry meters, String by) {
    return Counter.builder("meridian_log_appends_total")
        .description("Events appended to the control plane's own topic, by which publisher")
        .tag("publisher", by)
        .register(meters);
  }

  /** The complete path: every stored event, in the store's order. */
  @EventHandler
  public void on(
      DomainEvent event,
      @MessageIdentifier String eventId,
      @SequenceNumber Long sequence,
      @Timestamp Instant timestamp,
      @MetaDataValue(ResourceCommands.ACTOR) String actor,
      @MetaDataValue(ResourceCommands.ACTOR_GROUPS) String actorGroups,
      @MetaDataValue(ResourceCommands.REASON) String reason)
      throws Exception {
    if (readBack.holds(event.key().logKey(), sequence)) {
      // Already on the log, as this control plane has read it back: the fast path's append, or
      // one made before a restart that came before this processor confirmed it.
      return;
    }
    EventEnvelope envelope =
        envelope(
            event,
            eventId,
            sequence,
            timestamp,
            actor,
            ResourceCommands.groups(actorGroups),
            reason);
    if (sequencer.publish(envelope.aggregateId(), sequence, () -> append(envelope))
        == OutboxSequencer.Outcome.APPENDED) {
      appendedByProcessor.increment();
    }
  }

  /**
   * The fast path: an event whose transaction has just committed, appended now if it is its
   * resource's next one; never waits for the broker and never fails the caller. Returns whether it
   * started the append (if not, the tracking processor appends the event).
   */
  public boolean appendCommitted(DomainEventMessage<?> message) {
    if (!(message.getPayload() instanceof DomainEvent event)) {
      return false;
    }
    EventEnvelope envelope =
        envelope(
            event,
            message.getIdentifier(),
            message.getSequenceNumber(),
            message.getTimestamp(),
            (String) message.getMetaData().get(ResourceCommands.ACTOR),
            ResourceCommands.groups(message.getMetaData().get(ResourceCommands.ACTOR_GROUPS)),
            (String) message.getMetaData().get(ResourceCommands.REASON));
    if (!sequencer.appendIfNext(
        envelope.aggregateId(), message.getSequenceNumber(), () -> append(envelope))) {
      return false;
    }
    appendedOnCommit.increment();
    return true;
  }

  private EventEnvelope envelope(
      DomainEvent event,
      String eventId,
      long sequence,
      Instant timestamp,
      String actor,
      java.util.List<String> actorGroups,
      String reason) {
    return new EventEnvelope(
        eventId,
        origin,
        event.key().logKey(),
        sequence,
        timestamp,
        actor,
        actorGroups,
        event,
        reason);
  }

  private CompletableFuture<Void> append(EventEnvelope envelope) {
    CompletableFuture<Void> acknowledged = new CompletableFuture<>();
    producer()
        .send(
            LogRecords.toProducerRecord(topic, codec.encode(envelope)),
            (metadata, failure) -> {
              if (failure == null) {
                acknowledged.complete(null);
              } else {
                acknowledged.completeExceptionally(failure);
              }
            });
    return acknowledged;
  }

  private KafkaProducer<String, byte[]> producer() {
    KafkaProducer<String, byte[]> current = producer;
    if (current == null) {
      synchronized (this) {
        if (producer == null) {
          producer = clients.producer();
        }
        current = producer;
      }
    }
    return current;
  }

  @Override
  public void destroy() {
    KafkaProducer<String, byte[]> current = producer;
    if (current != null) {
      current.close(java.time.Duration.ofSeconds(5));
    }
  }
}
