package dev.meridian.kernel.validation;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Envoy access-log format strings as Kuma 2.4 checks them: text with {@code %COMMAND%}, {@code
 * %COMMAND(args)%} or {@code %COMMAND(args):limit%} operators; the header commands need a header,
 * {@code DYNAMIC_METADATA} and {@code FILTER_STATE} a key, and plain fields take no arguments.
 */
final class AccessLogFormat {
  private static final Pattern COMMAND =
      Pattern.compile("^%([A-Z_0-9]+)(?:\\(([^)]*)\\))?(?::([0-9]+))?%");
  private static final Pattern NEWLINE = Pattern.compile("[\\x00\\r\\n]");

  private AccessLogFormat() {}

  /** Why {@code format} is not a valid access-log format, in Kuma's words; empty when it is. */
  static Optional<String> problem(String format) {
    if (format == null) {
      return Optional.empty();
    }
    for (int pos = 0; pos < format.length(); pos++) {
      if (format.charAt(pos) != '%') {
        continue;
      }
      String tail = format.substring(pos);
      Matcher m = COMMAND.matcher(tail);
      if (!m.find()) {
        return invalid(
            "expected a command operator to start at position "
                + (pos + 1)
                + ", instead got: "
                + FieldPath.goQuote(tail));
      }
      String token = m.group();
      Optional<String> problem = commandProblem(token, m.group(1), m.group(2), m.group(3));
      if (problem.isPresent()) {
        return invalid(problem.get());
      }
      pos += token.length() - 1;
    }
    return Optional.empty();
  }

  private static Optional<String> commandProblem(
      String token, String command, String args, String limit) {
    boolean noArguments = args == null && limit == null;
    String quotedCommand = FieldPath.goQuote(command);
    String quotedToken = FieldPath.goQuote(token);
    return switch (command) {
      case "REQ", "RESP", "TRAILER" -> {
        if (args == null || args.isEmpty()) {
          yield Optional.of(
              "command "
                  + quotedCommand
                  + " requires a header and optional alternative header names as its arguments,"
                  + " instead got "
                  + quotedToken);
        }
        if (args.split("\\?", -1).length > 2) {
          yield Optional.of("more than 1 alternative header specified in " + quotedToken);
        }
        yield NEWLINE.matcher(args).find()
            ? Optional.of("header name contains a newline in " + quotedToken)
            : Optional.empty();
      }
      case "DYNAMIC_METADATA" ->
          noArguments
              ? Optional.of(
                  "command "
                      + quotedCommand
                      + " requires a filter namespace and optional path as its arguments, instead"
                      + " got "
                      + quotedToken)
              : Optional.empty();
      case "FILTER_STATE" ->
          args == null || args.isEmpty()
              ? Optional.of(
                  "command "
                      + quotedCommand
                      + " requires a key as its argument, instead got "
                      + quotedToken)
              : Optional.empty();
      case "START_TIME" -> Optional.empty();
      default ->
          noArguments
              ? Optional.empty()
              : Optional.of(
                  "command "
                      + quotedCommand
                      + " doesn't support arguments or max length constraint, instead got "
                      + quotedToken);
    };
  }

  private static Optional<String> invalid(String why) {
    return Optional.of("format string is not valid: " + why);
  }
}
