package dev.meridian.zone.command;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import dev.meridian.kernel.command.Decision;
import dev.meridian.kernel.command.ResourceDecisions;
import dev.meridian.kernel.event.DataplaneEvent;
import dev.meridian.kernel.resource.DataplaneSpec;
import dev.meridian.kernel.resource.ResourceKey;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;

/**
 * One Dataplane's history. It is never marked deleted in Axon's sense, so a deregistered name can
 * be registered again and its sequence simply continues.
 */
@Aggregate(cache = AxonConfig.AGGREGATE_CACHE)
public class DataplaneAggregate {
  @AggregateIdentifier private String id;
  private DataplaneSpec current;
  private long sequence = -1;

  protected DataplaneAggregate() {}

  @CommandHandler
  @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
  public WriteResult handle(Commands.PutDataplane command) {
    return decide(
        ResourceDecisions.putDataplane(command.mesh(), command.name(), current, command.spec()));
  }

  @CommandHandler
  public WriteResult handle(Commands.DeleteDataplane command) {
    return decide(ResourceDecisions.deleteDataplane(command.mesh(), command.name(), current));
  }

  private WriteResult decide(Decision decision) {
    decision.event().ifPresent(event -> apply(event));
    return new WriteResult(decision.outcome(), sequence);
  }

  @EventSourcingHandler
  void on(DataplaneEvent.DataplaneRegistered event) {
    id = ResourceKey.dataplane(event.mesh(), event.name()).logKey();
    current = event.spec();
    sequence++;
  }

  @EventSourcingHandler
  void on(DataplaneEvent.DataplaneUpdated event) {
    current = event.spec();
    sequence++;
  }

  @EventSourcingHandler
  void on(DataplaneEvent.DataplaneDeregistered event) {
    current = null;
    sequence++;
  }
}
