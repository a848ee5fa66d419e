package dev.meridian.zone.command;

import dev.meridian.kernel.command.ResourceDecisions;
import dev.meridian.kernel.resource.DataplaneSpec;
import dev.meridian.runtime.command.AxonConfig;
import dev.meridian.runtime.command.ResourceAggregate;
import dev.meridian.runtime.command.WriteResult;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;

/**
 * One Dataplane's history. A deregistered name can be registered again and its sequence simply
 * continues.
 */
@Aggregate(cache = AxonConfig.AGGREGATE_CACHE)
public class DataplaneAggregate extends ResourceAggregate<DataplaneSpec> {

  protected DataplaneAggregate() {}

  @CommandHandler
  @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
  public WriteResult handle(ZoneCommands.PutDataplane command) {
    return decide(
        ResourceDecisions.putDataplane(command.mesh(), command.name(), current(), command.spec()));
  }

  @CommandHandler
  public WriteResult handle(ZoneCommands.DeleteDataplane command) {
    return decide(ResourceDecisions.deleteDataplane(command.mesh(), command.name(), current()));
  }
}
