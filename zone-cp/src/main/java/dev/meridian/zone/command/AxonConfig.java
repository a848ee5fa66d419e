package dev.meridian.zone.command;

import dev.meridian.zone.log.LogPublisher;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.axonframework.messaging.correlation.CorrelationDataProvider;
import org.axonframework.messaging.correlation.SimpleCorrelationDataProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Axon wiring that is a decision, not a default. */
@Configuration
public class AxonConfig {

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
