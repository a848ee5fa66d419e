package dev.meridian.kernel.xds.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.UInt32Value;
import dev.meridian.kernel.policy.BackendRef;
import dev.meridian.kernel.policy.ProxyRules;
import dev.meridian.kernel.policy.ProxyRules.RouteRule;
import dev.meridian.kernel.xds.Protocol;
import io.envoyproxy.envoy.config.core.v3.HeaderValue;
import io.envoyproxy.envoy.config.core.v3.HeaderValueOption;
import io.envoyproxy.envoy.config.core.v3.RuntimeFractionalPercent;
import io.envoyproxy.envoy.config.route.v3.HeaderMatcher;
import io.envoyproxy.envoy.config.route.v3.QueryParameterMatcher;
import io.envoyproxy.envoy.config.route.v3.RedirectAction;
import io.envoyproxy.envoy.config.route.v3.Route;
import io.envoyproxy.envoy.config.route.v3.RouteAction;
import io.envoyproxy.envoy.config.route.v3.RouteMatch;
import io.envoyproxy.envoy.config.route.v3.WeightedCluster;
import io.envoyproxy.envoy.type.matcher.v3.RegexMatchAndSubstitute;
import io.envoyproxy.envoy.type.matcher.v3.RegexMatcher;
import io.envoyproxy.envoy.type.matcher.v3.StringMatcher;
import java.util.ArrayList;
import java.util.List;

/**
 * The routes of one outbound service: its MeshHTTPRoute rules (most specific first), then the
 * catch-all route to the service itself, each with the service's timeout, retry and hash policies.
 * gRPC proxyless clients get no redirects and no header rewrites (grpc-java has neither).
 */
public final class HttpRoutes {
  private HttpRoutes() {}

  public static List<Route> routes(
      String service, ProxyRules rules, Protocol protocol, boolean grpc, String catchAllPrefix) {
    List<Route> routes = new ArrayList<>();
    for (RouteRule rule : rules.httpRoutes().getOrDefault(service, List.of())) {
      Route route = route(service, rule, rules, protocol, grpc);
      if (route != null) {
        routes.add(route);
      }
    }
    RouteAction.Builder action = RouteAction.newBuilder().setCluster(service);
    RoutePolicies.apply(action, rules, service, protocol, grpc);
    routes.add(
        Route.newBuilder()
            .setMatch(RouteMatch.newBuilder().setPrefix(catchAllPrefix))
            .setRoute(action)
            .build());
    return routes;
  }

  private static Route route(
      String service, RouteRule rule, ProxyRules rules, Protocol protocol, boolean grpc) {
    Route.Builder route = Route.newBuilder().setMatch(match(rule.match(), grpc));
    JsonNode filters = rule.defaults().path("filters");
    RouteAction.Builder action = RouteAction.newBuilder();
    for (JsonNode filter : filters) {
      switch (filter.path("type").asText()) {
        case "RequestRedirect" -> {
          if (grpc) {
            return null;
          }
          route.setRedirect(redirect(filter.path("requestRedirect")));
          return route.build();
        }
        case "RequestHeaderModifier" -> {
          if (!grpc) {
            JsonNode m = filter.path("requestHeaderModifier");
            headers(m, route::addRequestHeadersToAdd);
            m.path("remove").forEach(h -> route.addRequestHeadersToRemove(h.asText()));
          }
        }
        case "ResponseHeaderModifier" -> {
          if (!grpc) {
            JsonNode m = filter.path("responseHeaderModifier");
            headers(m, route::addResponseHeadersToAdd);
            m.path("remove").forEach(h -> route.addResponseHeadersToRemove(h.asText()));
          }
        }
        case "URLRewrite" -> {
          if (!grpc) {
            rewrite(action, filter.path("urlRewrite"), rule.match());
          }
        }
        case "RequestMirror" -> {
          if (!grpc) {
            JsonNode mirror = filter.path("requestMirror");
            RouteAction.RequestMirrorPolicy.Builder policy =
                RouteAction.RequestMirrorPolicy.newBuilder()
                    .setCluster(mirrorCluster(mirror.path("backendRef")));
            if (mirror.has("percentage")) {
              policy.setRuntimeFraction(
                  RuntimeFractionalPercent.newBuilder()
                      .setDefaultValue(Confs.fraction(mirror.get("percentage"))));
            }
            action.addRequestMirrorPolicies(policy);
          }
        }
        default -> {}
      }
    }
    target(action, service, rule.backendRefs());
    RoutePolicies.apply(action, rules, service, protocol, grpc);
    return route.setRoute(action).build();
  }

  private static String mirrorCluster(JsonNode ref) {
    java.util.Map<String, String> tags = new java.util.TreeMap<>();
    ref.path("tags").properties().forEach(e -> tags.put(e.getKey(), e.getValue().asText()));
    tags.remove(dev.meridian.kernel.resource.DataplaneSpec.SERVICE_TAG);
    return new BackendRef(ref.path("name").asText(), tags, 1).clusterName();
  }

  /** One backend: its cluster; several: a weighted split; none: the service itself. */
  static void target(RouteAction.Builder action, String service, List<BackendRef> backends) {
    if (backends.isEmpty()) {
      action.setCluster(service);
    } else if (backends.size() == 1) {
      action.setCluster(backends.get(0).clusterName());
    } else {
      WeightedCluster.Builder split = WeightedCluster.newBuilder();
      for (BackendRef backend : backends) {
        split.addClusters(
            WeightedCluster.ClusterWeight.newBuilder()
                .setName(backend.clusterName())
                .setWeight(UInt32Value.of(backend.weight())));
      }
      action.setWeightedClusters(split);
    }
  }

  static RouteMatch match(JsonNode match, boolean grpc) {
    RouteMatch.Builder out = RouteMatch.newBuilder();
    JsonNode path = match.path("path");
    String value = path.path("value").asText("/");
    switch (path.path("type").asText("")) {
      case "Exact" -> out.setPath(value);
      case "RegularExpression" -> out.setSafeRegex(RegexMatcher.newBuilder().setRegex(value));
      case "PathPrefix" -> {
        // Gateway API prefixes match whole segments; grpc-java knows only plain prefixes.
        if (grpc || value.equals("/")) {
          out.setPrefix(value);
        } else {
          out.setPathSeparatedPrefix(value);
        }
      }
      default -> out.setPrefix(grpc ? "" : "/");
    }
    if (match.has("method")) {
      out.addHeaders(
          HeaderMatcher.newBuilder()
              .setName(":method")
              .setStringMatch(StringMatcher.newBuilder().setExact(match.get("method").asText())));
    }
    for (JsonNode header : match.path("headers")) {
      out.addHeaders(headerMatcher(header));
    }
    for (JsonNode query : match.path("queryParams")) {
      StringMatcher.Builder string = StringMatcher.newBuilder();
      if ("RegularExpression".equals(query.path("type").asText())) {
        string.setSafeRegex(RegexMatcher.newBuilder().setRegex(query.path("value").asText()));
      } else {
        string.setExact(query.path("value").asText());
      }
      out.addQueryParameters(
          QueryParameterMatcher.newBuilder()
              .setName(query.path("name").asText())
              .setStringMatch(string));
    }
    return out.build();
  }

  static HeaderMatcher headerMatcher(JsonNode header) {
    HeaderMatcher.Builder out = HeaderMatcher.newBuilder().setName(header.path("name").asText());
    String value = header.path("value").asText("");
    switch (header.path("type").asText("Exact")) {
      case "Present" -> out.setPresentMatch(true);
      case "Absent" -> out.setPresentMatch(true).setInvertMatch(true);
      case "Prefix" -> out.setStringMatch(StringMatcher.newBuilder().setPrefix(value));
      case "RegularExpression" ->
          out.setStringMatch(
              StringMatcher.newBuilder().setSafeRegex(RegexMatcher.newBuilder().setRegex(value)));
      default -> out.setStringMatch(StringMatcher.newBuilder().setExact(value));
    }
    return out.build();
  }

  static void headers(JsonNode modifier, java.util.function.Consumer<HeaderValueOption> add) {
    for (JsonNode header : modifier.path("set")) {
      add.accept(header(header, HeaderValueOption.HeaderAppendAction.OVERWRITE_IF_EXISTS_OR_ADD));
    }
    for (JsonNode header : modifier.path("add")) {
      add.accept(header(header, HeaderValueOption.HeaderAppendAction.APPEND_IF_EXISTS_OR_ADD));
    }
  }

  static HeaderValueOption header(JsonNode header, HeaderValueOption.HeaderAppendAction append) {
    return HeaderValueOption.newBuilder()
        .setHeader(
            HeaderValue.newBuilder()
                .setKey(header.path("name").asText())
                .setValue(header.path("value").asText()))
        .setAppendAction(append)
        .build();
  }

  private static void rewrite(RouteAction.Builder action, JsonNode rewrite, JsonNode match) {
    Confs.ifText(rewrite, "/hostname", action::setHostRewriteLiteral);
    JsonNode path = rewrite.path("path");
    switch (path.path("type").asText("")) {
      case "ReplaceFullPath" ->
          action.setRegexRewrite(
              RegexMatchAndSubstitute.newBuilder()
                  .setPattern(RegexMatcher.newBuilder().setRegex(".*"))
                  .setSubstitution(path.path("replaceFullPath").asText()));
      case "ReplacePrefixMatch" -> {
        String prefix = path.path("replacePrefixMatch").asText();
        boolean prefixMatch = "PathPrefix".equals(match.path("path").path("type").asText());
        if (prefixMatch) {
          action.setPrefixRewrite(prefix);
        } else {
          action.setRegexRewrite(
              RegexMatchAndSubstitute.newBuilder()
                  .setPattern(RegexMatcher.newBuilder().setRegex(".*"))
                  .setSubstitution(prefix));
        }
      }
      default -> {}
    }
  }

  private static RedirectAction redirect(JsonNode redirect) {
    RedirectAction.Builder out = RedirectAction.newBuilder();
    Confs.ifText(redirect, "/scheme", out::setSchemeRedirect);
    Confs.ifText(redirect, "/hostname", out::setHostRedirect);
    if (redirect.has("port")) {
      out.setPortRedirect(redirect.get("port").asInt());
    }
    out.setResponseCode(
        switch (redirect.path("statusCode").asInt(302)) {
          case 301 -> RedirectAction.RedirectResponseCode.MOVED_PERMANENTLY;
          case 303 -> RedirectAction.RedirectResponseCode.SEE_OTHER;
          case 307 -> RedirectAction.RedirectResponseCode.TEMPORARY_REDIRECT;
          case 308 -> RedirectAction.RedirectResponseCode.PERMANENT_REDIRECT;
          default -> RedirectAction.RedirectResponseCode.FOUND;
        });
    return out.build();
  }
}
