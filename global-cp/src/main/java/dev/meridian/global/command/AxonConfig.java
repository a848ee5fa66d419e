package dev.meridian.global.command;

import dev.meridian.global.log.LogPublisher;
import dev.meridian.kernel.projection.Projection;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.axonframework.messaging.correlation.CorrelationDataProvider;
import org.axonframework.messaging.correlation.SimpleCorrelationDataProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Axon wiring that is a decision, not a default (as on a zone: see ADR 002). */
@Configuration
public class AxonConfig {

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
