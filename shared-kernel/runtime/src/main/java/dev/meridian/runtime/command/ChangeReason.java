package dev.meridian.runtime.command;

import java.util.Optional;

/**
 * Why the changes of the request being served are made, as its caller said it ({@code
 * X-Meridian-Reason}); recorded on every event the request writes and shown by the audit log.
 * Commands are sent on the request's thread, so the reason is held for that thread only.
 */
public final class ChangeReason {
  public static final String HEADER = "X-Meridian-Reason";
  public static final int MAX_LENGTH = 512;

  private static final ThreadLocal<String> CURRENT = new ThreadLocal<>();

  private ChangeReason() {}

  /** Why {@code value} cannot be a reason; empty when it can. */
  public static Optional<String> invalid(String value) {
    if (value.length() > MAX_LENGTH) {
      return Optional.of("must be at most " + MAX_LENGTH + " characters");
    }
    if (value.chars().anyMatch(Character::isISOControl)) {
      return Optional.of("must not contain control characters");
    }
    return Optional.empty();
  }

  /** Runs {@code body} with {@code reason} (null or blank: none) as the reason of its changes. */
  public static <E extends Exception> void with(String reason, Body<E> body) throws E {
    String previous = CURRENT.get();
    if (reason == null || reason.isBlank()) {
      CURRENT.remove();
    } else {
      CURRENT.set(reason.strip());
    }
    try {
      body.run();
    } finally {
      if (previous == null) {
        CURRENT.remove();
      } else {
        CURRENT.set(previous);
      }
    }
  }

  /** The reason of the changes being made on this thread, or empty. */
  public static String current() {
    String reason = CURRENT.get();
    return reason == null ? "" : reason;
  }

  @FunctionalInterface
  public interface Body<E extends Exception> {
    void run() throws E;
  }
}
