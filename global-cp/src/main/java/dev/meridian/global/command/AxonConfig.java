package dev.meridian.global.command;

import dev.meridian.global.log.CommitAwareEventStore;
import dev.meridian.global.log.LogPublisher;
import dev.meridian.kernel.projection.Projection;
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
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Axon wiring that is a decision, not a default (as on a zone: see ADR 002). */
@Configuration
@RegisterDefaultEntities(packages = "org.axonframework.eventsourcing.eventstore.jpa")
public class AxonConfig {

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

  /** Every event remembers who asked for it. */
  @Bean
  public CorrelationDataProvider actorCorrelation() {
    return new SimpleCorrelationDataProvider(ResourceCommands.ACTOR);
  }

  /** A failed publish is retried from the same token, never skipped. */
  @Bean
  public ConfigurerModule logPublisherRetries() {
    return configurer ->
        configurer
            .eventProcessing()
            .registerListenerInvocationErrorHandler(
                LogPublisher.PROCESSING_GROUP, c -> PropagatingErrorHandler.instance());
  }

  /** The read side: meshes from the global topic, dataplanes from every zone's. */
  @Bean
  public Projection projection() {
    return new Projection();
  }
}
