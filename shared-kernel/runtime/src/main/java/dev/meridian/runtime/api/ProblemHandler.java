package dev.meridian.runtime.api;

import dev.meridian.kernel.api.Problem;
import dev.meridian.kernel.api.Problems;
import dev.meridian.runtime.command.ResourceCommands;
import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/**
 * Turns every failure into a problem document. The domain's failures map through {@link Problems};
 * anything unexpected is logged and answered with a bare 500 — a stack trace never leaves the
 * process.
 */
@RestControllerAdvice
public class ProblemHandler {
  private static final Logger log = LoggerFactory.getLogger(ProblemHandler.class);

  @ExceptionHandler(ResourceCommands.ConcurrentWriteException.class)
  ResponseEntity<Problem> conflict(Exception e, HttpServletRequest request) {
    return respond(
        Problem.of(409, "Conflict", "The resource was changed concurrently; retry the request"),
        request);
  }

  @ExceptionHandler(NoResourceFoundException.class)
  ResponseEntity<Problem> noRoute(NoResourceFoundException e, HttpServletRequest request) {
    return respond(Problem.of(404, "Not Found", "No such endpoint"), request);
  }

  @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
  ResponseEntity<Problem> method(
      HttpRequestMethodNotSupportedException e, HttpServletRequest request) {
    return respond(Problem.of(405, "Method not Allowed", "Method not allowed"), request);
  }

  @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
  ResponseEntity<Problem> mediaType(
      HttpMediaTypeNotSupportedException e, HttpServletRequest request) {
    return respond(
        Problem.of(415, "Unsupported Media Type", "Send application/json or application/yaml"),
        request);
  }

  @ExceptionHandler(HttpMediaTypeNotAcceptableException.class)
  ResponseEntity<Problem> notAcceptable(
      HttpMediaTypeNotAcceptableException e, HttpServletRequest request) {
    return respond(
        Problem.of(406, "Not Acceptable", "Ask for application/json or application/yaml"), request);
  }

  @ExceptionHandler(Exception.class)
  ResponseEntity<Problem> any(Exception e, HttpServletRequest request) {
    return respond(
        Problems.of(e)
            .orElseGet(
                () -> {
                  log.error(
                      "Unexpected failure on {} {}",
                      request.getMethod(),
                      request.getRequestURI(),
                      e);
                  return Problems.internal();
                }),
        request);
  }

  static ResponseEntity<Problem> respond(Problem problem, HttpServletRequest request) {
    return ResponseEntity.status(problem.status())
        .contentType(MediaType.parseMediaType(Problem.MEDIA_TYPE))
        .body(problem.withInstance(request.getRequestURI()));
  }
}
