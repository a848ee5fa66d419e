package dev.meridian.zone.api;

import dev.meridian.kernel.api.PageRequest;
import dev.meridian.kernel.api.Problem;
import dev.meridian.kernel.validation.InvalidResourceException;
import dev.meridian.kernel.validation.MalformedInputException;
import dev.meridian.zone.command.ResourceCommands;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
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
 * Turns every failure into a problem document. The catch-all logs the cause and returns a generic
 * 500: a stack trace never leaves the process.
 */
@RestControllerAdvice
public class ProblemHandler {
  private static final Logger log = LoggerFactory.getLogger(ProblemHandler.class);

  @ExceptionHandler(ApiException.class)
  ResponseEntity<Problem> api(ApiException e, HttpServletRequest request) {
    return respond(e.problem(), request);
  }

  @ExceptionHandler(InvalidResourceException.class)
  ResponseEntity<Problem> invalid(InvalidResourceException e, HttpServletRequest request) {
    return respond(
        Problem.invalid(
            400, "Could not process a resource", "Resource is not valid", e.violations()),
        request);
  }

  @ExceptionHandler(MalformedInputException.class)
  ResponseEntity<Problem> malformed(MalformedInputException e, HttpServletRequest request) {
    return respond(Problem.of(400, "Bad Request", e.getMessage()), request);
  }

  @ExceptionHandler(PageRequest.InvalidPageException.class)
  ResponseEntity<Problem> page(PageRequest.InvalidPageException e, HttpServletRequest request) {
    return respond(
        Problem.invalid(400, "Could not retrieve resources", e.detail(), List.of(e.violation())),
        request);
  }

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
  ResponseEntity<Problem> unexpected(Exception e, HttpServletRequest request) {
    log.error("Unexpected failure on {} {}", request.getMethod(), request.getRequestURI(), e);
    return respond(Problem.of(500, "Internal Server Error", "Internal Server Error"), request);
  }

  static ResponseEntity<Problem> respond(Problem problem, HttpServletRequest request) {
    return ResponseEntity.status(problem.status())
        .contentType(MediaType.parseMediaType(Problem.MEDIA_TYPE))
        .body(problem.withInstance(request.getRequestURI()));
  }
}
