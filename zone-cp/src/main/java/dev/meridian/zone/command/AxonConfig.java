package dev.meridian.zone.command;

import dev.meridian.zone.log.LogPublisher;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.axonframework.messaging.correlation.CorrelationDataProvider;
import org.axonframework.messaging.correlation.SimpleCorrelationDataProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Axon wiring that is a decision, not a default. */
@Configuration
public class AxonConfig {
  /** The bean name of the aggregates' cache. */
  public static final String AGGREGATE_CACHE = "aggregateCache";

  /**
   * Commands load their aggregate from memory, not by replaying its events from the store (ADR
   * 010). Bounded: a zone with more resources than this replays the least recently written ones.
   */
  @Bean(AGGREGATE_CACHE)
  public AggregateCache aggregateCache(
      @Value("${meridian.command.aggregate-cache-size:10000}") int size) {
    return new AggregateCache(size);
  }

  /** Every event remembers who asked for it: the command's actor becomes the event's. */
  @Bean
  public CorrelationDataProvider actorCorrelation() {
    return new SimpleCorrelationDataProvider(ResourceCommands.ACTOR);
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
