package dev.meridian.kernel.xds.policy;

import dev.meridian.kernel.policy.TrafficPermissionAction;
import dev.meridian.kernel.policy.TrafficPermissions;
import dev.meridian.kernel.resource.DataplaneSpec;
import dev.meridian.kernel.xds.envoy.EnvoySidecarRenderer;
import io.envoyproxy.envoy.config.listener.v3.Filter;
import io.envoyproxy.envoy.config.rbac.v3.Permission;
import io.envoyproxy.envoy.config.rbac.v3.Policy;
import io.envoyproxy.envoy.config.rbac.v3.Principal;
import io.envoyproxy.envoy.config.rbac.v3.RBAC;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpFilter;
import io.envoyproxy.envoy.type.matcher.v3.StringMatcher;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The RBAC filters MeshTrafficPermission puts first on an inbound: callers are told apart by the
 * URI SANs of their client certificate ({@code spiffe://<mesh>/<service>} for the service, {@code
 * kuma://<tag>/<value>} for every other tag, Kuma's identities). The enforced rules allow the
 * callers of Allow and AllowWithShadowDeny subsets and nobody else (no rule: everybody is denied);
 * the shadow rules deny the AllowWithShadowDeny callers, which Envoy only counts and logs.
 */
public final class TrafficPermissionFilters {
  public static final String HTTP_RBAC = "envoy.filters.http.rbac";
  public static final String NETWORK_RBAC = "envoy.filters.network.rbac";

  /** The one policy name inside the rules (Kuma's). */
  static final String POLICY = "MeshTrafficPermission";

  private TrafficPermissionFilters() {}

  /** The HTTP RBAC filter of an HTTP or gRPC inbound. */
  public static HttpFilter http(String mesh, List<TrafficPermissions.Rule> rules) {
    var rbac =
        io.envoyproxy
            .envoy
            .extensions
            .filters
            .http
            .rbac
            .v3
            .RBAC
            .newBuilder()
            .setRules(enforced(mesh, rules));
    shadow(mesh, rules).ifPresent(rbac::setShadowRules);
    return HttpFilter.newBuilder()
        .setName(HTTP_RBAC)
        .setTypedConfig(EnvoySidecarRenderer.pack(rbac.build()))
        .build();
  }

  /**
   * The HTTP RBAC filter for a proxyless gRPC server: grpc-java evaluates only the enforced rules,
   * so no shadow rules are sent that would seem to do something.
   */
  public static HttpFilter grpcServer(String mesh, List<TrafficPermissions.Rule> rules) {
    var rbac =
        io.envoyproxy
            .envoy
            .extensions
            .filters
            .http
            .rbac
            .v3
            .RBAC
            .newBuilder()
            .setRules(enforced(mesh, rules));
    return HttpFilter.newBuilder()
        .setName(HTTP_RBAC)
        .setTypedConfig(EnvoySidecarRenderer.pack(rbac.build()))
        .build();
  }

  /** The network RBAC filter of a TCP inbound. */
  public static Filter network(
      String mesh, List<TrafficPermissions.Rule> rules, String statPrefix) {
    var rbac =
        io.envoyproxy
            .envoy
            .extensions
            .filters
            .network
            .rbac
            .v3
            .RBAC
            .newBuilder()
            // The dot keeps the filter's own stat names apart from the prefix.
            .setStatPrefix(statPrefix + ".")
            .setRules(enforced(mesh, rules));
    shadow(mesh, rules).ifPresent(rbac::setShadowRules);
    return Filter.newBuilder()
        .setName(NETWORK_RBAC)
        .setTypedConfig(EnvoySidecarRenderer.pack(rbac.build()))
        .build();
  }

  /** ALLOW with the allowed callers; with none, an ALLOW without policies denies every caller. */
  static RBAC enforced(String mesh, List<TrafficPermissions.Rule> rules) {
    RBAC.Builder rbac = RBAC.newBuilder().setAction(RBAC.Action.ALLOW);
    policy(mesh, rules, r -> r.action().allows()).ifPresent(p -> rbac.putPolicies(POLICY, p));
    return rbac.build();
  }

  static Optional<RBAC> shadow(String mesh, List<TrafficPermissions.Rule> rules) {
    return policy(mesh, rules, r -> r.action() == TrafficPermissionAction.AllowWithShadowDeny)
        .map(p -> RBAC.newBuilder().setAction(RBAC.Action.DENY).putPolicies(POLICY, p).build());
  }

  private static Optional<Policy> policy(
      String mesh, List<TrafficPermissions.Rule> rules, Predicate<TrafficPermissions.Rule> which) {
    List<Principal> principals =
        rules.stream().filter(which).map(r -> principal(mesh, r.subset())).toList();
    if (principals.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        Policy.newBuilder()
            .addPermissions(Permission.newBuilder().setAny(true))
            .addAllPrincipals(principals)
            .build());
  }

  /** Callers of a subset: all of its tags (negated ones absent), by certificate identity. */
  static Principal principal(String mesh, TrafficPermissions.Subset subset) {
    List<Principal> ids =
        subset.tags().stream()
            .map(
                tag -> {
                  Principal id = identity(mesh, tag.key(), tag.value());
                  return tag.not() ? Principal.newBuilder().setNotId(id).build() : id;
                })
            .toList();
    return switch (ids.size()) {
      case 0 -> Principal.newBuilder().setAny(true).build();
      case 1 -> ids.get(0);
      default ->
          Principal.newBuilder().setAndIds(Principal.Set.newBuilder().addAllIds(ids)).build();
    };
  }

  private static Principal identity(String mesh, String key, String value) {
    String uri =
        DataplaneSpec.SERVICE_TAG.equals(key)
            ? spiffeId(mesh, value)
            : "kuma://" + key + "/" + value;
    return Principal.newBuilder()
        .setAuthenticated(
            Principal.Authenticated.newBuilder()
                .setPrincipalName(StringMatcher.newBuilder().setExact(uri)))
        .build();
  }

  /** A service's SPIFFE id in its mesh (Kuma's form). */
  public static String spiffeId(String mesh, String service) {
    return "spiffe://" + mesh + "/" + service;
  }
}
