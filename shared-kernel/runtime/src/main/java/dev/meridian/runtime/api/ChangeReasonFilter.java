package dev.meridian.runtime.api;

import dev.meridian.kernel.api.Problem;
import dev.meridian.kernel.json.DomainJson;
import dev.meridian.kernel.validation.Violation;
import dev.meridian.runtime.command.ChangeReason;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Takes a request's {@code X-Meridian-Reason} as the reason of the changes it makes ({@link
 * ChangeReason}); a reason too long or with control characters is a 400 and nothing is done.
 */
@Component
class ChangeReasonFilter extends OncePerRequestFilter {
  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    String reason = request.getHeader(ChangeReason.HEADER);
    Optional<String> invalid = reason == null ? Optional.empty() : ChangeReason.invalid(reason);
    if (invalid.isPresent()) {
      Problem problem =
          Problem.invalid(
              400,
              "Bad Request",
              "the reason given is not valid",
              List.of(new Violation("header " + ChangeReason.HEADER, invalid.get())));
      response.setStatus(400);
      response.setContentType(Problem.MEDIA_TYPE);
      response.getOutputStream().write(DomainJson.canonical().writeValueAsBytes(problem));
      return;
    }
    try {
      ChangeReason.with(reason, () -> chain.doFilter(request, response));
    } catch (ServletException | IOException | RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new ServletException(e);
    }
  }
}
