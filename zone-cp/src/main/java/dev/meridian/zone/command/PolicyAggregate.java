package dev.meridian.zone.command;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import dev.meridian.kernel.command.Decision;
import dev.meridian.kernel.command.ResourceDecisions;
import dev.meridian.kernel.event.PolicyEvent;
import dev.meridian.kernel.resource.PolicySpec;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;

/**
 * One targetRef policy's history, whatever its kind, owned by this zone while it runs standalone.
 * Never marked deleted in Axon's sense: a deleted name can be created again.
 */
@Aggregate(cache = AxonConfig.AGGREGATE_CACHE)
public class PolicyAggregate {
  @AggregateIdentifier private String id;
  private PolicySpec current;
  private long sequence = -1;

  protected PolicyAggregate() {}

  @CommandHandler
  @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
  public WriteResult handle(Commands.PutPolicy command) {
    return decide(ResourceDecisions.putPolicy(command.key(), current, command.spec()));
  }

  @CommandHandler
  public WriteResult handle(Commands.DeletePolicy command) {
    return decide(ResourceDecisions.deletePolicy(command.key(), current));
  }

  private WriteResult decide(Decision decision) {
    decision.event().ifPresent(event -> apply(event));
    return new WriteResult(decision.outcome(), sequence);
  }

  @EventSourcingHandler
  void on(PolicyEvent.PolicyCreated event) {
    id = event.key().logKey();
    current = event.spec();
    sequence++;
  }

  @EventSourcingHandler
  void on(PolicyEvent.PolicyUpdated event) {
    current = event.spec();
    sequence++;
  }

  @EventSourcingHandler
  void on(PolicyEvent.PolicyDeleted event) {
    current = null;
    sequence++;
  }
}
