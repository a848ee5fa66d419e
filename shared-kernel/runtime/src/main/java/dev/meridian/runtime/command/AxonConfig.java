package dev.meridian.runtime.command;

import dev.meridian.runtime.log.CommitAwareEventStore;
import dev.meridian.runtime.log.LogPublisher;
import org.axonframework.common.jdbc.PersistenceExceptionResolver;
import org.axonframework.common.jpa.EntityManagerProvider;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.jpa.JpaEventStorageEngine;
import org.axonframework.messaging.correlation.CorrelationDataProvider;
import org.axonframework.messaging.correlation.SimpleCorrelationDataProvider;
import org.axonframework.serialization.Serializer;
import org.axonframework.springboot.util.RegisterDefaultEntities;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Axon wiring that is a decision, not a default (ADR 002, 010, 014); the same on global and zones.
 */
@Configuration
@RegisterDefaultEntities(packages = "org.axonframework.eventsourcing.eventstore.jpa")
public class AxonConfig {
  /** The bean name of the aggregates' cache. */
  public static final String AGGREGATE_CACHE = "aggregateCache";

  /**
   * Commands load their aggregate from memory, not by replaying its events from the store (ADR
   * 010). Bounded: a control plane with more resources than this replays the least recently written
   * ones.
   */
  @Bean(AGGREGATE_CACHE)
  public AggregateCache aggregateCache(
      @Value("${meridian.command.aggregate-cache-size:10000}") int size) {
    return new AggregateCache(size);
  }

  /**
   * Axon's embedded event store, which leaves the outbox's tracking processor asleep when a
   * commit's events were already appended to the log (ADR 014).
   */
  @Bean
  public EmbeddedEventStore eventStore(EventStorageEngine storageEngine) {
    return CommitAwareEventStore.over(storageEngine);
  }

  /**
   * The JPA event storage Axon's auto-configuration would create; it leaves it out once an event
   * store is defined here.
   */
  @Bean
  public EventStorageEngine eventStorageEngine(
      Serializer serializer,
      PersistenceExceptionResolver persistenceExceptionResolver,
      @Qualifier("eventSerializer") Serializer eventSerializer,
      org.axonframework.config.Configuration configuration,
      EntityManagerProvider entityManagerProvider,
      TransactionManager transactionManager) {
    return JpaEventStorageEngine.builder()
        .snapshotSerializer(serializer)
        .upcasterChain(configuration.upcasterChain())
        .persistenceExceptionResolver(persistenceExceptionResolver)
        .eventSerializer(eventSerializer)
        .snapshotFilter(configuration.snapshotFilter())
        .entityManagerProvider(entityManagerProvider)
        .transactionManager(transactionManager)
        .build();
  }

  /** Every event remembers who asked for it, and why: the command's actor becomes the event's. */
  @Bean
  public CorrelationDataProvider actorCorrelation() {
    return new SimpleCorrelationDataProvider(
        ResourceCommands.ACTOR, ResourceCommands.ACTOR_GROUPS, ResourceCommands.REASON);
  }

  /**
   * The log publisher must never skip an event: a failed publish propagates, the tracking processor
   * backs off and retries from the same token.
   */
  @Bean
  public ConfigurerModule logPublisherRetries() {
    return configurer ->
        configurer
            .eventProcessing()
            .registerListenerInvocationErrorHandler(
                LogPublisher.PROCESSING_GROUP, c -> PropagatingErrorHandler.instance());
  }
}
