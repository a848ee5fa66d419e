package dev.meridian.global.api;

import dev.meridian.kernel.api.Problem;
import dev.meridian.kernel.api.Problems;
import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/** Every failure as a problem document; never a stack trace (see the zone's for the rationale). */
@RestControllerAdvice
public class ProblemHandler {
  private static final Logger log = LoggerFactory.getLogger(ProblemHandler.class);

  @ExceptionHandler(NoResourceFoundException.class)
  ResponseEntity<Problem> noRoute(NoResourceFoundException e, HttpServletRequest request) {
    return respond(Problem.of(404, "Not Found", "No such endpoint"), request);
  }

  @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
  ResponseEntity<Problem> method(
      HttpRequestMethodNotSupportedException e, HttpServletRequest request) {
    return respond(Problem.of(405, "Method not Allowed", "Method not allowed"), request);
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

  private static ResponseEntity<Problem> respond(Problem problem, HttpServletRequest request) {
    return ResponseEntity.status(problem.status())
        .contentType(MediaType.parseMediaType(Problem.MEDIA_TYPE))
        .body(problem.withInstance(request.getRequestURI()));
  }
}
