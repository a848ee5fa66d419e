package dev.meridian.zone.command;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import dev.meridian.kernel.command.Decision;
import dev.meridian.kernel.command.ResourceDecisions;
import dev.meridian.kernel.event.ZoneIngressEvent;
import dev.meridian.kernel.resource.ResourceKey;
import dev.meridian.kernel.resource.ZoneIngressSpec;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;

/** One ZoneIngress's history; decisions are the kernel's. */
@Aggregate(cache = AxonConfig.AGGREGATE_CACHE)
public class ZoneIngressAggregate {
  @AggregateIdentifier private String id;
  private ZoneIngressSpec current;
  private long sequence = -1;

  protected ZoneIngressAggregate() {}

  @CommandHandler
  @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
  public WriteResult handle(Commands.PutZoneIngress command) {
    return decide(ResourceDecisions.putZoneIngress(command.name(), current, command.spec()));
  }

  @CommandHandler
  public WriteResult handle(Commands.DeleteZoneIngress command) {
    return decide(ResourceDecisions.deleteZoneIngress(command.name(), current));
  }

  private WriteResult decide(Decision decision) {
    decision.event().ifPresent(event -> apply(event));
    return new WriteResult(decision.outcome(), sequence);
  }

  @EventSourcingHandler
  void on(ZoneIngressEvent.ZoneIngressRegistered event) {
    id = ResourceKey.zoneIngress(event.name()).logKey();
    current = event.spec();
    sequence++;
  }

  @EventSourcingHandler
  void on(ZoneIngressEvent.ZoneIngressUpdated event) {
    current = event.spec();
    sequence++;
  }

  @EventSourcingHandler
  void on(ZoneIngressEvent.ZoneIngressDeregistered event) {
    current = null;
    sequence++;
  }
}
