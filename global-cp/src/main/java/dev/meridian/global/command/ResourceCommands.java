package dev.meridian.global.command;

import dev.meridian.kernel.api.ApiFailure;
import dev.meridian.kernel.command.Decision;
import java.util.Map;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.MetaData;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.springframework.stereotype.Component;

/** Sends commands on behalf of an actor and turns Axon's failures into the API's. */
@Component
public class ResourceCommands {
  public static final String ACTOR = "actor";

  private final CommandGateway gateway;

  public ResourceCommands(CommandGateway gateway) {
    this.gateway = gateway;
  }

  public WriteResult send(Object command, String actor) {
    try {
      return gateway.sendAndWait(
          GenericCommandMessage.asCommandMessage(command)
              .andMetaData(MetaData.from(Map.of(ACTOR, actor))));
    } catch (RuntimeException e) {
      Throwable cause = e instanceof AggregateNotFoundException ? e : e.getCause();
      if (e instanceof AggregateNotFoundException || cause instanceof AggregateNotFoundException) {
        return new WriteResult(Decision.Outcome.NOT_FOUND, -1);
      }
      if (e instanceof ConcurrencyException || cause instanceof ConcurrencyException) {
        throw ApiFailure.of(
            409, "Conflict", "The resource was changed concurrently; retry the request");
      }
      throw e;
    }
  }
}
