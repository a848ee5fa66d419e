package dev.meridian.runtime.command;

import dev.meridian.kernel.command.Decision;
import java.util.Map;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.MetaData;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.springframework.stereotype.Component;

/** Sends commands to the aggregates on behalf of an actor and turns Axon's failures into ours. */
@Component
public class ResourceCommands {
  public static final String ACTOR = "actor";

  private final CommandGateway gateway;

  public ResourceCommands(CommandGateway gateway) {
    this.gateway = gateway;
  }

  public WriteResult send(Object command, String actor) {
    try {
      WriteResult result =
          gateway.sendAndWait(
              GenericCommandMessage.asCommandMessage(command)
                  .andMetaData(MetaData.from(Map.of(ACTOR, actor))));
      return result;
    } catch (AggregateNotFoundException e) {
      return new WriteResult(Decision.Outcome.NOT_FOUND, -1);
    } catch (ConcurrencyException e) {
      throw new ConcurrentWriteException(e);
    } catch (RuntimeException e) {
      Throwable cause = e.getCause();
      if (cause instanceof AggregateNotFoundException) {
        return new WriteResult(Decision.Outcome.NOT_FOUND, -1);
      }
      if (cause instanceof ConcurrencyException) {
        throw new ConcurrentWriteException(cause);
      }
      throw e;
    }
  }

  /** Two writers changed the same resource at once; the caller should retry. */
  public static class ConcurrentWriteException extends RuntimeException {
    ConcurrentWriteException(Throwable cause) {
      super("the resource was changed concurrently", cause);
    }
  }
}
