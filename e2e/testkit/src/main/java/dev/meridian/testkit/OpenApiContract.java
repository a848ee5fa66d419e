package dev.meridian.testkit;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * An app's OpenAPI document against the routes the app really serves: every served route must be
 * documented and every documented route served. Paths with servers of their own (e.g. {@code POST
 * /bootstrap} on a zone's dataplane-server port) are served outside the API and not compared.
 */
public final class OpenApiContract {
  private OpenApiContract() {}

  /** {@code GET /meshes/{mesh}/dataplanes}: a method and a path template. */
  public record Route(String method, String path) implements Comparable<Route> {
    public Route {
      method = method.toUpperCase(Locale.ROOT);
    }

    @Override
    public int compareTo(Route other) {
      int byPath = path.compareTo(other.path);
      return byPath != 0 ? byPath : method.compareTo(other.method);
    }

    @Override
    public String toString() {
      return method + " " + path;
    }
  }

  /** Parses {@code yaml}; fails with the parser's messages if it is not valid OpenAPI. */
  public static OpenAPI parse(String yaml, String documentName) {
    ParseOptions options = new ParseOptions();
    options.setResolve(true);
    SwaggerParseResult result = new OpenAPIV3Parser().readContents(yaml, null, options);
    List<String> messages = result.getMessages() == null ? List.of() : result.getMessages();
    if (result.getOpenAPI() == null || !messages.isEmpty()) {
      throw new AssertionError(
          documentName + " is not a valid OpenAPI document:\n  " + String.join("\n  ", messages));
    }
    return result.getOpenAPI();
  }

  /** The routes a document describes on the API's own server. */
  public static Set<Route> documented(OpenAPI api) {
    Set<Route> routes = new TreeSet<>();
    api.getPaths()
        .forEach(
            (path, item) -> {
              if (item.getServers() != null && !item.getServers().isEmpty()) {
                return; // Served on another port, outside the API.
              }
              for (PathItem.HttpMethod method : item.readOperationsMap().keySet()) {
                routes.add(new Route(method.name(), path));
              }
            });
    return routes;
  }

  /**
   * Every route of Meridian's own controllers in a running app (not Spring's error page, not
   * actuator, which has a mapping of its own). A mapping without a method gets {@code ANY-METHOD},
   * which no document can describe: every route must name its method.
   */
  public static Set<Route> served(RequestMappingHandlerMapping mapping) {
    Set<Route> routes = new TreeSet<>();
    mapping
        .getHandlerMethods()
        .forEach(
            (info, handler) -> {
              if (!handler.getBeanType().getPackageName().startsWith("dev.meridian")) {
                return;
              }
              Set<String> methods = new TreeSet<>();
              info.getMethodsCondition().getMethods().forEach(m -> methods.add(m.name()));
              if (methods.isEmpty()) {
                methods.add("ANY-METHOD");
              }
              for (String pattern : info.getPatternValues()) {
                for (String path : expand(pattern)) {
                  methods.forEach(method -> routes.add(new Route(method, path)));
                }
              }
            });
    return routes;
  }

  private static final java.util.regex.Pattern ALTERNATIVES =
      java.util.regex.Pattern.compile("\\{\\w+:([\\w|]+)}");

  /**
   * A pattern whose variable is a list of alternatives ({@code {plural:meshtimeouts|meshretries}})
   * is one route per alternative, as users (and the document) see them.
   */
  static List<String> expand(String pattern) {
    java.util.regex.Matcher matcher = ALTERNATIVES.matcher(pattern);
    if (!matcher.find()) {
      return List.of(pattern);
    }
    List<String> out = new ArrayList<>();
    for (String alternative : matcher.group(1).split("\\|")) {
      out.addAll(
          expand(
              pattern.substring(0, matcher.start())
                  + alternative
                  + pattern.substring(matcher.end())));
    }
    return out;
  }

  /**
   * What differs between the served and the documented routes, one line each, naming the route, the
   * app and the document; empty when they agree.
   */
  public static List<String> differences(
      String app, String documentPath, Set<Route> served, Set<Route> documented) {
    List<String> out = new ArrayList<>();
    for (Route route : new TreeSet<>(served)) {
      if (!documented.contains(route)) {
        out.add(route + " is served by " + app + " but missing from " + documentPath);
      }
    }
    for (Route route : new TreeSet<>(documented)) {
      if (!served.contains(route)) {
        out.add(route + " is documented in " + documentPath + " but " + app + " does not serve it");
      }
    }
    return out;
  }
}
