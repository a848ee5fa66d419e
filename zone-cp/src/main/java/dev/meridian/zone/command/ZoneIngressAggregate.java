package dev.meridian.zone.command;

import dev.meridian.kernel.command.ResourceDecisions;
import dev.meridian.kernel.resource.ZoneIngressSpec;
import dev.meridian.runtime.command.AxonConfig;
import dev.meridian.runtime.command.ResourceAggregate;
import dev.meridian.runtime.command.WriteResult;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;

/** One ZoneIngress's history. */
@Aggregate(cache = AxonConfig.AGGREGATE_CACHE)
public class ZoneIngressAggregate extends ResourceAggregate<ZoneIngressSpec> {

  protected ZoneIngressAggregate() {}

  @CommandHandler
  @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
  public WriteResult handle(ZoneCommands.PutZoneIngress command) {
    return decide(ResourceDecisions.putZoneIngress(command.name(), current(), command.spec()));
  }

  @CommandHandler
  public WriteResult handle(ZoneCommands.DeleteZoneIngress command) {
    return decide(ResourceDecisions.deleteZoneIngress(command.name(), current()));
  }
}
