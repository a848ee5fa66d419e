package dev.meridian.runtime.command;

import dev.meridian.kernel.auth.Subject;
import dev.meridian.kernel.command.Decision;
import dev.meridian.kernel.json.DomainJson;
import java.util.List;
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

  /**
   * The actor's groups, as the JSON array text the log header carries (a string, which every
   * metadata serializer keeps as it is).
   */
  public static final String ACTOR_GROUPS = "actorGroups";

  /** Metadata key of why the change was made ({@link ChangeReason}); absent when not given. */
  public static final String REASON = "reason";

  private final CommandGateway gateway;

  public ResourceCommands(CommandGateway gateway) {
    this.gateway = gateway;
  }

  /** On behalf of a system actor (no groups), such as the default mesh's creation. */
  public WriteResult send(Object command, String actor) {
    return send(command, new Subject(actor, List.of()));
  }

  /** On behalf of an authenticated subject: its name and groups become the events' actor. */
  public WriteResult send(Object command, Subject actor) {
    try {
      WriteResult result =
          gateway.sendAndWait(
              GenericCommandMessage.asCommandMessage(command).andMetaData(metaData(actor)));
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

  private static MetaData metaData(Subject actor) {
    String reason = ChangeReason.current();
    return reason.isEmpty()
        ? MetaData.from(Map.of(ACTOR, actor.name(), ACTOR_GROUPS, groupsText(actor.groups())))
        : MetaData.from(
            Map.of(ACTOR, actor.name(), ACTOR_GROUPS, groupsText(actor.groups()), REASON, reason));
  }

  public static String groupsText(List<String> groups) {
    return DomainJson.toJson(groups);
  }

  /**
   * The groups of a metadata value written by {@link #groupsText}; none if absent or unreadable.
   */
  public static List<String> groups(Object metadataValue) {
    if (!(metadataValue instanceof String text) || text.isEmpty()) {
      return List.of();
    }
    try {
      List<String> out = new java.util.ArrayList<>();
      DomainJson.canonical().readTree(text).forEach(g -> out.add(g.asText()));
      return out;
    } catch (java.io.IOException e) {
      return List.of();
    }
  }

  /** Two writers changed the same resource at once; the caller should retry. */
  public static class ConcurrentWriteException extends RuntimeException {
    ConcurrentWriteException(Throwable cause) {
      super("the resource was changed concurrently", cause);
    }
  }
}
