package dev.meridian.kernel.validation;

/** Input that cannot even be read as a resource document (not JSON/YAML, not an object). */
public class MalformedInputException extends RuntimeException {
  public MalformedInputException(String message) {
    super(message);
  }
}
