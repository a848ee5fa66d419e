package dev.meridian.kernel.event;

/** A log record that is not a readable Meridian event. It is reported, never applied. */
public class MalformedEventException extends RuntimeException {
  public MalformedEventException(String message) {
    super(message);
  }

  public MalformedEventException(String message, Throwable cause) {
    super(message, cause);
  }
}
