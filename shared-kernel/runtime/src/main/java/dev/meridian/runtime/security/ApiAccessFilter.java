package dev.meridian.runtime.security;

import dev.meridian.kernel.api.Problem;
import dev.meridian.kernel.auth.Subject;
import dev.meridian.kernel.auth.UserTokens;
import dev.meridian.kernel.json.DomainJson;
import dev.meridian.kernel.projection.Projection;
import dev.meridian.kernel.resource.ResourceKey;
import dev.meridian.runtime.log.ProjectionFeed;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.UriUtils;

/**
 * Every API request but health, metrics and the web GUI's assets needs a valid user token ({@code
 * Authorization: Bearer …}), and the permission its groups or its roles grant ({@link RoleGrants}).
 * A refusal is a 401 or 403 problem naming what is missing, counted and listed ({@link
 * AccessDenials}); the request never reaches a controller, so nothing is written. An accepted
 * request carries its {@link Subject}: the name is the actor of every change it makes.
 */
@Component
class ApiAccessFilter extends OncePerRequestFilter {
  private static final Logger log = LoggerFactory.getLogger(ApiAccessFilter.class);
  private static final RefusalLog refusals = new RefusalLog(log);
  private static final String BEARER = "Bearer ";

  private final ApiTokens tokens;
  private final AuthSettings settings;
  private final AccessDenials denials;
  private final Projection projection;
  private final ProjectionFeed feed;
  private final RoleGrants roles;

  ApiAccessFilter(
      ApiTokens tokens,
      AuthSettings settings,
      AccessDenials denials,
      Projection projection,
      ProjectionFeed feed,
      RoleGrants roles,
      @Value("${server.address:}") String serverAddress) {
    if (settings.anonymousLocalhost() && !loopbackLiteral(serverAddress)) {
      throw new IllegalStateException(
          "meridian.auth.anonymous-localhost is for local development: it needs server.address on"
              + " a loopback address, not '"
              + serverAddress
              + "'");
    }
    this.tokens = tokens;
    this.settings = settings;
    this.denials = denials;
    this.projection = projection;
    this.feed = feed;
    this.roles = roles;
  }

  /**
   * A path with nothing a container or router would rewrite: no empty, {@code .} or {@code ..}
   * segment, no path parameter ({@code ;}), no backslash and no percent-encoded dot, slash or
   * backslash.
   */
  static boolean canonical(String path) {
    if (path.isEmpty() || path.equals("/")) {
      return true;
    }
    if (!path.startsWith("/") || path.indexOf(';') >= 0 || path.indexOf('\\') >= 0) {
      return false;
    }
    String lower = path.toLowerCase(java.util.Locale.ROOT);
    if (lower.contains("%2e") || lower.contains("%2f") || lower.contains("%5c")) {
      return false;
    }
    String[] segments = path.substring(1).split("/", -1);
    for (int i = 0; i < segments.length; i++) {
      String segment = segments[i];
      boolean trailingSlash = i == segments.length - 1 && segment.isEmpty();
      if ((segment.isEmpty() && !trailingSlash) || segment.equals(".") || segment.equals("..")) {
        return false;
      }
    }
    return true;
  }

  /**
   * Probes and scrapers carry no token: liveness, readiness and metrics stay open. So do the web
   * GUI's assets under {@code /gui}: they hold no data, and the page that asks for a token must
   * load before it has one; every API call the GUI makes carries the user's token.
   */
  static boolean open(String path) {
    return path.equals("/actuator/health")
        || path.startsWith("/actuator/health/")
        || path.equals("/actuator/prometheus")
        || path.equals("/gui")
        || path.startsWith("/gui/");
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    String path = request.getRequestURI().substring(request.getContextPath().length());
    if (!canonical(path)) {
      // What is checked must be what is served: a path the container or Spring would rewrite
      // (dot segments, encoded separators, path parameters) could be checked as one route and
      // served as another, so it is refused before anything else.
      refuse(request, response, 400, null, "malformed_path", "The request path is not canonical");
      return;
    }
    // Checked as Spring will route it: each segment decoded (the canonical check above leaves no
    // escape that could decode to a separator or a dot segment).
    path = UriUtils.decode(path, StandardCharsets.UTF_8);
    if (open(path)) {
      chain.doFilter(request, response);
      return;
    }
    String header = request.getHeader("Authorization");
    if (header == null) {
      if (settings.anonymousLocalhost() && fromThisMachine(request)) {
        chain.doFilter(request, response); // local development, by explicit setting
        return;
      }
      refuse(
          request,
          response,
          401,
          null,
          "unauthenticated",
          "Send a user token as 'Authorization: Bearer <token>'");
      return;
    }
    if (!header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
      refuse(request, response, 401, null, "unauthenticated", "Only bearer tokens are accepted");
      return;
    }
    UserTokens.Verification verification = tokens.verify(header.substring(BEARER.length()).trim());
    if (verification instanceof UserTokens.Invalid invalid) {
      refuse(request, response, 401, null, "invalid_token", invalid.reason());
      return;
    }
    UserTokens.Valid valid = (UserTokens.Valid) verification;
    if (!feed.caughtUp() && !path.equals("/status/rebuild")) {
      // Revocations are on the log: until it has been read, a revoked token cannot be told.
      response.setHeader("Retry-After", "2");
      writeProblem(
          response,
          Problem.of(
                  503,
                  "Service Unavailable",
                  "The control plane is still reading the log; retry shortly")
              .withInstance(request.getRequestURI()));
      return;
    }
    if (projection.get(ResourceKey.userTokenRevocation(valid.tokenId())).isPresent()) {
      refuse(request, response, 401, null, "invalid_token", "revoked");
      return;
    }
    Subject subject = valid.subject();
    Optional<String> missing = roles.missingPermission(subject, request.getMethod(), path);
    if (missing.isPresent()) {
      refuse(
          request,
          response,
          403,
          subject,
          "forbidden",
          "'" + subject.name() + "' lacks the permission: " + missing.get());
      return;
    }
    chain.doFilter(new Authenticated(request, subject), response);
  }

  private void refuse(
      HttpServletRequest request,
      HttpServletResponse response,
      int status,
      Subject subject,
      String reason,
      String detail)
      throws IOException {
    String path = request.getRequestURI();
    // The caller learns only that its token is not valid; why is for the access audit.
    String told = reason.equals("invalid_token") ? "The token is not valid" : detail;
    denials.record(
        new AccessDenials.Denial(
            Instant.now().toString(),
            request.getMethod(),
            path,
            subject == null ? null : subject.name(),
            reason,
            detail));
    refusals.warn("Refused {} {} ({}): {}", request.getMethod(), path, reason, detail);
    Problem problem = Problem.of(status, title(status), told).withInstance(path);
    if (status == 401) {
      response.setHeader(
          "WWW-Authenticate",
          reason.equals("invalid_token")
              ? "Bearer realm=\"meridian\", error=\"invalid_token\""
              : "Bearer realm=\"meridian\"");
    }
    writeProblem(response, problem);
  }

  private static void writeProblem(HttpServletResponse response, Problem problem)
      throws IOException {
    response.setStatus(problem.status());
    response.setContentType(Problem.MEDIA_TYPE);
    response.getOutputStream().write(DomainJson.canonical().writeValueAsBytes(problem));
  }

  private static String title(int status) {
    return switch (status) {
      case 400 -> "Bad Request";
      case 401 -> "Unauthorized";
      default -> "Forbidden";
    };
  }

  /**
   * A request made on this machine, directly: from a loopback address, to a loopback host name (a
   * page elsewhere cannot rebind its DNS name onto this port), and through no proxy.
   */
  static boolean fromThisMachine(HttpServletRequest request) {
    if (request.getHeader("Forwarded") != null
        || request.getHeader("X-Forwarded-For") != null
        || request.getHeader("X-Forwarded-Host") != null) {
      return false;
    }
    String host = request.getServerName();
    boolean loopbackHost =
        host.equals("localhost") || host.equals("[::1]") || loopbackLiteral(host);
    return loopbackHost && loopbackLiteral(request.getRemoteAddr());
  }

  /** An IP literal of the loopback network; never a name to resolve. */
  static boolean loopbackLiteral(String address) {
    if (address == null) {
      return false;
    }
    String a =
        address.startsWith("[") && address.endsWith("]")
            ? address.substring(1, address.length() - 1)
            : address;
    return a.equals("::1")
        || a.equals("0:0:0:0:0:0:0:1")
        || a.startsWith("127.")
        || a.startsWith("::ffff:127.")
        || a.equals("localhost");
  }

  /** The request as the token's subject makes it: its principal names the subject. */
  private static final class Authenticated extends HttpServletRequestWrapper {
    private final Subject subject;

    Authenticated(HttpServletRequest request, Subject subject) {
      super(request);
      this.subject = subject;
    }

    @Override
    public Principal getUserPrincipal() {
      return subject::name;
    }

    @Override
    public Object getAttribute(String name) {
      return Subject.class.getName().equals(name) ? subject : super.getAttribute(name);
    }
  }
}
