package dev.meridian.kernel.command;

import dev.meridian.kernel.event.DomainEvent;
import java.util.Optional;

/** What a write decided: the outcome the caller sees and the event to append, if any. */
public record Decision(Outcome outcome, Optional<DomainEvent> event) {
  public enum Outcome {
    CREATED,
    UPDATED,
    /** The resource already looked exactly like this: nothing is appended to the log. */
    UNCHANGED,
    DELETED,
    NOT_FOUND
  }

  static Decision of(Outcome outcome, DomainEvent event) {
    return new Decision(outcome, Optional.of(event));
  }

  static Decision none(Outcome outcome) {
    return new Decision(outcome, Optional.empty());
  }
}
