package dev.meridian.kernel.xds.envoy;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.Duration;
import com.google.protobuf.Message;
import com.google.protobuf.Struct;
import com.google.protobuf.UInt32Value;
import com.google.protobuf.Value;
import dev.meridian.kernel.policy.ProxyRules;
import dev.meridian.kernel.policy.TrafficPermissions;
import dev.meridian.kernel.resource.ResourceKind;
import dev.meridian.kernel.validation.Addresses;
import dev.meridian.kernel.xds.Protocol;
import dev.meridian.kernel.xds.ProxyModel;
import dev.meridian.kernel.xds.SharedResources;
import dev.meridian.kernel.xds.XdsResources;
import dev.meridian.kernel.xds.policy.ClusterPolicies;
import dev.meridian.kernel.xds.policy.Confs;
import dev.meridian.kernel.xds.policy.HttpRoutes;
import dev.meridian.kernel.xds.policy.InboundFilters;
import dev.meridian.kernel.xds.policy.InboundPolicies;
import dev.meridian.kernel.xds.policy.OutboundPolicies;
import dev.meridian.kernel.xds.policy.TrafficPermissionFilters;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.core.v3.Address;
import io.envoyproxy.envoy.config.core.v3.AggregatedConfigSource;
import io.envoyproxy.envoy.config.core.v3.ApiVersion;
import io.envoyproxy.envoy.config.core.v3.ConfigSource;
import io.envoyproxy.envoy.config.core.v3.Http2ProtocolOptions;
import io.envoyproxy.envoy.config.core.v3.Locality;
import io.envoyproxy.envoy.config.core.v3.Metadata;
import io.envoyproxy.envoy.config.core.v3.SocketAddress;
import io.envoyproxy.envoy.config.core.v3.TrafficDirection;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import io.envoyproxy.envoy.config.endpoint.v3.Endpoint;
import io.envoyproxy.envoy.config.endpoint.v3.LbEndpoint;
import io.envoyproxy.envoy.config.endpoint.v3.LocalityLbEndpoints;
import io.envoyproxy.envoy.config.listener.v3.Filter;
import io.envoyproxy.envoy.config.listener.v3.FilterChain;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.config.route.v3.Route;
import io.envoyproxy.envoy.config.route.v3.RouteAction;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.envoyproxy.envoy.config.route.v3.RouteMatch;
import io.envoyproxy.envoy.config.route.v3.VirtualHost;
import io.envoyproxy.envoy.extensions.filters.http.router.v3.Router;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpFilter;
import io.envoyproxy.envoy.extensions.filters.network.tcp_proxy.v3.TcpProxy;
import io.envoyproxy.envoy.extensions.upstreams.http.v3.HttpProtocolOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Renders a {@link ProxyModel} as the Envoy v3 resources of a Kuma (2.4) sidecar: per inbound a
 * listener and the local workload's static cluster, per outbound a listener, per service an EDS
 * cluster and its load assignment, and the admin cluster (plus a {@code /ready}-only admin listener
 * on the dataplane's address). Route configurations are inline in the listeners, so RDS stays
 * empty. In an mTLS mesh inbounds require and service clusters present the proxy's identity, both
 * named as SDS secrets ({@link EnvoyMtls}) the zone serves beside this rendering.
 *
 * <p>A pure function: equal models give equal messages (every {@link Any} is packed with
 * deterministic bytes), so {@link XdsResources} versions are stable. When two resources of one type
 * would share a name the first wins, in this order: the admin resources, then inbounds (the model's
 * order), then outbounds and services.
 */
public final class EnvoySidecarRenderer {

  static final Duration LOCAL_CONNECT_TIMEOUT = seconds(10);
  static final Duration SERVICE_CONNECT_TIMEOUT = seconds(5);
  static final Duration ADMIN_CONNECT_TIMEOUT = seconds(5);
  static final String ADMIN_CLUSTER_ADDRESS = "127.0.0.1";

  private static final String TYPE_URL_PREFIX = "type.googleapis.com/";

  /** Keys of the per-service resources in {@link SharedResources}. */
  public static final String ENVOY_CLUSTER = "envoy-cluster";

  public static final String ENDPOINTS = "endpoints";

  private EnvoySidecarRenderer() {}

  public static XdsResources render(ProxyModel model) {
    return render(model, SharedResources.NONE);
  }

  /**
   * Renders with each service's cluster and endpoints taken from {@code shared}, and every other
   * resource from {@link SharedResources#memo} keyed by exactly what it is rendered from.
   */
  public static XdsResources render(ProxyModel model, SharedResources shared) {
    SortedMap<String, Message> listeners = new TreeMap<>();
    SortedMap<String, Message> clusters = new TreeMap<>();
    SortedMap<String, Message> endpoints = new TreeMap<>();

    // System resources first: a service that happens to be named like one cannot replace them.
    int adminPort = model.adminPort();
    clusters.put(
        EnvoyNames.ADMIN, shared.memo(ADMIN_CLUSTER, adminPort, () -> adminCluster(adminPort)));
    if (exposesAdminListener(model.address())) {
      String address = model.address();
      listeners.put(
          EnvoyNames.ADMIN,
          shared.memo(
              ADMIN_LISTENER,
              new AdminInputs(address, adminPort),
              () -> adminListener(address, adminPort)));
    }

    ProxyRules rules = model.rules();
    for (ProxyModel.Inbound inbound : model.inbounds()) {
      InboundInputs in = InboundInputs.of(inbound, rules, model.mesh());
      Listener listener = shared.memo(INBOUND_LISTENER, in, () -> inboundListener(in));
      listeners.putIfAbsent(listener.getName(), listener);
      // Inbounds forwarding to one workload port share its cluster.
      String local = EnvoyNames.localCluster(inbound.workloadPort());
      if (!clusters.containsKey(local)) {
        LocalClusterInputs lc = LocalClusterInputs.of(inbound, rules);
        clusters.put(local, shared.memo(LOCAL_CLUSTER, lc, () -> localCluster(lc)));
      }
    }
    // What an outbound listener reads of the rules: everything but the inbound rules.
    ProxyRules outboundRules = rules.inbound().isEmpty() ? rules : rules.withoutInbound();
    for (ProxyModel.Outbound outbound : model.outbounds()) {
      Listener listener =
          shared.memo(
              OUTBOUND_LISTENER,
              new OutboundInputs(outbound, outboundRules),
              () -> outboundListener(outbound, outboundRules));
      listeners.putIfAbsent(listener.getName(), listener);
    }
    for (ProxyModel.ServiceCluster service : model.clusters()) {
      // A service named like a system or local cluster loses its cluster, and so its endpoints.
      String owner = rules.serviceOf(service.service());
      Cluster base = shared.get(ENVOY_CLUSTER, service, EnvoySidecarRenderer::serviceCluster);
      ClusterPolicies.Confs4 confs = OutboundPolicies.clusterConfs(rules, owner);
      // In an mTLS mesh the cluster asks for the service it stands for: a route backend's.
      String tlsMesh = rules.mtls() ? model.mesh() : null;
      Cluster cluster =
          shared.memo(
              SERVICE_CLUSTER,
              new ServiceClusterInputs(base, confs, service.protocol(), tlsMesh, owner),
              () -> serviceCluster(base, confs, service.protocol(), tlsMesh, owner));
      if (clusters.putIfAbsent(service.service(), cluster) == null) {
        endpoints.put(
            service.service(),
            OutboundPolicies.endpoints(
                shared.get(ENDPOINTS, service, EnvoySidecarRenderer::loadAssignment),
                rules,
                owner,
                model.zone()));
      }
    }
    return new XdsResources(listeners, new TreeMap<>(), clusters, endpoints);
  }

  // ---------------------------------------------------------------- memo keys

  /** Keys of the resources a {@link SharedResources#memo} may share. */
  public static final String ADMIN_CLUSTER = "envoy-admin-cluster";

  public static final String ADMIN_LISTENER = "envoy-admin-listener";
  public static final String INBOUND_LISTENER = "envoy-inbound-listener";
  public static final String LOCAL_CLUSTER = "envoy-local-cluster";
  public static final String OUTBOUND_LISTENER = "envoy-outbound-listener";
  public static final String SERVICE_CLUSTER = "envoy-service-cluster-with-policies";

  record AdminInputs(String address, int port) {}

  /**
   * All an inbound listener is rendered from: the inbound, its {@code from} confs and, when the
   * mesh has mTLS, its traffic permissions and the mesh they name callers in (else both null), and
   * the mTLS mode.
   */
  record InboundInputs(
      ProxyModel.Inbound inbound,
      JsonNode timeout,
      JsonNode rateLimit,
      JsonNode faults,
      String mesh,
      List<TrafficPermissions.Rule> permissions,
      ProxyRules.MtlsMode mtls) {
    static InboundInputs of(ProxyModel.Inbound inbound, ProxyRules rules, String mesh) {
      String key = ProxyRules.inboundKey(inbound.address(), inbound.port());
      List<TrafficPermissions.Rule> permissions = rules.permissions(key).orElse(null);
      return new InboundInputs(
          inbound,
          rules.from(ResourceKind.MESH_TIMEOUT, key).orElse(null),
          rules.from(ResourceKind.MESH_RATE_LIMIT, key).orElse(null),
          rules.from(ResourceKind.MESH_FAULT_INJECTION, key).orElse(null),
          rules.mtls() ? mesh : null,
          permissions,
          rules.mtlsMode());
    }
  }

  /** All a local (workload) cluster is rendered from: not the inbound's own address. */
  record LocalClusterInputs(
      String workloadAddress,
      int workloadPort,
      Protocol protocol,
      JsonNode timeout,
      JsonNode circuitBreaker) {
    static LocalClusterInputs of(ProxyModel.Inbound inbound, ProxyRules rules) {
      String key = ProxyRules.inboundKey(inbound.address(), inbound.port());
      return new LocalClusterInputs(
          inbound.workloadAddress(),
          inbound.workloadPort(),
          inbound.protocol(),
          rules.from(ResourceKind.MESH_TIMEOUT, key).orElse(null),
          rules.from(ResourceKind.MESH_CIRCUIT_BREAKER, key).orElse(null));
    }
  }

  record OutboundInputs(ProxyModel.Outbound outbound, ProxyRules rules) {}

  /** A service's shared cluster (compared by identity first: it is one instance per service). */
  record ServiceClusterInputs(
      Cluster base,
      ClusterPolicies.Confs4 confs,
      Protocol protocol,
      String tlsMesh,
      String service) {}

  /** A service's cluster with its policies and, in an mTLS mesh ({@code tlsMesh}), its TLS. */
  private static Cluster serviceCluster(
      Cluster base,
      ClusterPolicies.Confs4 confs,
      Protocol protocol,
      String tlsMesh,
      String service) {
    Cluster cluster = ClusterPolicies.apply(base, confs, protocol, false);
    return tlsMesh == null
        ? cluster
        : cluster.toBuilder().setTransportSocket(EnvoyMtls.upstream(tlsMesh, service)).build();
  }

  // ---------------------------------------------------------------- service-only resources

  /**
   * The EDS cluster of a service, built from the service alone so that equal services give equal
   * messages (and can be shared across proxies).
   */
  public static Cluster serviceCluster(ProxyModel.ServiceCluster service) {
    Cluster.Builder cluster =
        Cluster.newBuilder()
            .setName(service.service())
            .setType(Cluster.DiscoveryType.EDS)
            .setEdsClusterConfig(
                Cluster.EdsClusterConfig.newBuilder()
                    .setEdsConfig(
                        ConfigSource.newBuilder()
                            .setAds(AggregatedConfigSource.getDefaultInstance())
                            .setResourceApiVersion(ApiVersion.V3)))
            .setConnectTimeout(SERVICE_CONNECT_TIMEOUT)
            .setLbPolicy(Cluster.LbPolicy.ROUND_ROBIN);
    if (service.protocol().needsHttp2Upstream()) {
      http2(cluster);
    }
    return cluster.build();
  }

  /**
   * The endpoints of a service, one locality per zone. Built from the service alone, like {@link
   * #serviceCluster}. A service without endpoints gets an assignment with no localities.
   */
  public static ClusterLoadAssignment loadAssignment(ProxyModel.ServiceCluster service) {
    ClusterLoadAssignment.Builder assignment =
        ClusterLoadAssignment.newBuilder().setClusterName(service.service());
    for (ProxyModel.Locality locality : service.localities()) {
      LocalityLbEndpoints.Builder group =
          LocalityLbEndpoints.newBuilder()
              .setLocality(Locality.newBuilder().setZone(locality.zone()))
              .setLoadBalancingWeight(UInt32Value.of(locality.weight()));
      for (ProxyModel.Endpoint endpoint : locality.endpoints()) {
        group.addLbEndpoints(
            LbEndpoint.newBuilder()
                .setEndpoint(
                    Endpoint.newBuilder().setAddress(address(endpoint.address(), endpoint.port())))
                .setMetadata(lbMetadata(endpoint.tags()))
                .setLoadBalancingWeight(UInt32Value.of(endpoint.weight())));
      }
      assignment.addEndpoints(group);
    }
    return assignment.build();
  }

  // ---------------------------------------------------------------- inbound

  static Listener inboundListener(ProxyModel.Inbound inbound) {
    return inboundListener(inbound, ProxyRules.NONE);
  }

  /** The inbound listener with its {@code from} policies: timeouts, faults, rate limits. */
  static Listener inboundListener(ProxyModel.Inbound inbound, ProxyRules rules) {
    return inboundListener(InboundInputs.of(inbound, rules, "default"));
  }

  private static Listener inboundListener(InboundInputs in) {
    ProxyModel.Inbound inbound = in.inbound();
    String name = EnvoyNames.inboundListener(inbound.address(), inbound.port());
    Listener.Builder listener =
        Listener.newBuilder()
            .setName(name)
            .setAddress(address(inbound.address(), inbound.port()))
            .setTrafficDirection(TrafficDirection.INBOUND);
    switch (in.mtls()) {
      case OFF -> listener.addFilterChains(FilterChain.newBuilder().addAllFilters(filters(in)));
      case STRICT ->
          listener.addFilterChains(
              FilterChain.newBuilder()
                  .addAllFilters(filters(in))
                  .setTransportSocket(EnvoyMtls.downstream(in.mesh())));
      case PERMISSIVE -> {
        // Mutual TLS for callers that have moved to it, plaintext for those that have not: the
        // TLS inspector picks the chain. Plaintext callers have no identity, so no permission can
        // name them: their chain enforces none (Kuma's permissive mode is a migration step).
        listener.addListenerFilters(EnvoyMtls.tlsInspector());
        listener.addFilterChains(
            FilterChain.newBuilder()
                .setFilterChainMatch(EnvoyMtls.transportProtocol(EnvoyMtls.TLS))
                .addAllFilters(filters(in))
                .setTransportSocket(EnvoyMtls.downstream(in.mesh())));
        InboundInputs plaintext =
            new InboundInputs(
                inbound, in.timeout(), in.rateLimit(), in.faults(), null, null, in.mtls());
        listener.addFilterChains(
            FilterChain.newBuilder()
                .setFilterChainMatch(EnvoyMtls.transportProtocol(EnvoyMtls.RAW_BUFFER))
                .addAllFilters(filters(plaintext)));
      }
    }
    return listener.build();
  }

  /** An inbound's network filters: who may call, then the {@code from} policies, then the proxy. */
  private static List<Filter> filters(InboundInputs in) {
    ProxyModel.Inbound inbound = in.inbound();
    String localCluster = EnvoyNames.localCluster(inbound.workloadPort());
    String statPrefix = EnvoyNames.statPrefix(localCluster);
    Optional<JsonNode> timeout = Optional.ofNullable(in.timeout());
    Optional<JsonNode> rateLimit = Optional.ofNullable(in.rateLimit());
    List<Filter> filters = new ArrayList<>();
    // Who may call comes first: a denied caller must not cost a fault or a rate-limit token.
    Optional<List<TrafficPermissions.Rule>> permissions = Optional.ofNullable(in.permissions());
    if (inbound.protocol().isHttp()) {
      List<HttpFilter> before = new ArrayList<>();
      permissions.ifPresent(p -> before.add(TrafficPermissionFilters.http(in.mesh(), p)));
      Optional.ofNullable(in.faults())
          .ifPresent(conf -> before.addAll(InboundFilters.faults(conf)));
      rateLimit
          .flatMap(conf -> InboundFilters.httpRateLimit(conf, statPrefix))
          .ifPresent(before::add);
      RouteAction.Builder action = RouteAction.newBuilder().setCluster(localCluster);
      timeout.ifPresent(conf -> InboundPolicies.routeTimeouts(action, conf));
      filters.add(
          httpConnectionManager(
              statPrefix,
              routeConfiguration(
                  EnvoyNames.inboundRoute(inbound.service()),
                  inbound.service(),
                  List.of(
                      Route.newBuilder()
                          .setMatch(RouteMatch.newBuilder().setPrefix("/"))
                          .setRoute(action)
                          .build())),
              before,
              hcm -> timeout.ifPresent(conf -> InboundPolicies.managerTimeouts(hcm, conf))));
    } else {
      String listenerName = EnvoyNames.inboundListener(inbound.address(), inbound.port());
      permissions.ifPresent(
          p ->
              filters.add(
                  TrafficPermissionFilters.network(
                      in.mesh(), p, EnvoyNames.statPrefix(listenerName))));
      rateLimit
          .flatMap(conf -> InboundFilters.tcpRateLimit(conf, statPrefix))
          .ifPresent(filters::add);
      TcpProxy.Builder proxy =
          TcpProxy.newBuilder().setStatPrefix(statPrefix).setCluster(localCluster);
      timeout.ifPresent(conf -> Confs.idleTimeout(conf, proxy::setIdleTimeout));
      filters.add(tcpProxy(proxy.build()));
    }
    return filters;
  }

  static Cluster localCluster(ProxyModel.Inbound inbound) {
    return localCluster(inbound, ProxyRules.NONE);
  }

  static Cluster localCluster(ProxyModel.Inbound inbound, ProxyRules rules) {
    return localCluster(LocalClusterInputs.of(inbound, rules));
  }

  private static Cluster localCluster(LocalClusterInputs in) {
    String name = EnvoyNames.localCluster(in.workloadPort());
    Cluster.Builder cluster =
        staticCluster(name, in.workloadAddress(), in.workloadPort(), LOCAL_CONNECT_TIMEOUT);
    if (in.protocol().needsHttp2Upstream()) {
      http2(cluster);
    }
    return ClusterPolicies.apply(
        cluster.build(),
        new ClusterPolicies.Confs4(in.timeout(), in.circuitBreaker(), null, null),
        in.protocol(),
        false);
  }

  // ---------------------------------------------------------------- outbound

  static Listener outboundListener(ProxyModel.Outbound outbound) {
    return outboundListener(outbound, ProxyRules.NONE);
  }

  /** The outbound listener: the service's routes (http) or its tcp_proxy, with their policies. */
  static Listener outboundListener(ProxyModel.Outbound outbound, ProxyRules rules) {
    String service = outbound.service();
    String statPrefix = EnvoyNames.statPrefix(service);
    Filter filter =
        outbound.protocol().isHttp()
            ? httpConnectionManager(
                statPrefix,
                routeConfiguration(
                    EnvoyNames.outboundRoute(service),
                    service,
                    HttpRoutes.routes(service, rules, outbound.protocol(), false, "/")),
                List.of(),
                hcm -> {})
            : tcpProxy(OutboundPolicies.tcpProxy(statPrefix, service, rules));
    return listener(
        EnvoyNames.outboundListener(outbound.address(), outbound.port()),
        outbound.address(),
        outbound.port(),
        TrafficDirection.OUTBOUND,
        List.of(filter));
  }

  // ---------------------------------------------------------------- admin

  static Cluster adminCluster(int adminPort) {
    return staticCluster(EnvoyNames.ADMIN, ADMIN_CLUSTER_ADDRESS, adminPort, ADMIN_CONNECT_TIMEOUT)
        .build();
  }

  static Listener adminListener(String address, int adminPort) {
    return listener(
        EnvoyNames.ADMIN,
        address,
        adminPort,
        TrafficDirection.INBOUND,
        httpConnectionManager(
            EnvoyNames.statPrefix(EnvoyNames.ADMIN),
            EnvoyNames.ADMIN,
            EnvoyNames.ADMIN,
            EnvoyNames.READY_PATH,
            EnvoyNames.ADMIN));
  }

  /**
   * Whether the public admin listener can be added. Envoy's own admin server is bound to loopback
   * on the admin port, so a listener on a loopback (or wildcard) address with the same port would
   * fail to bind. Envoy binds listeners to IP literals only, so a host name (unresolved: this
   * function is pure) gets no admin listener either, rather than a listener Envoy would reject.
   */
  static boolean exposesAdminListener(String address) {
    if (address == null || !Addresses.isIp(address)) {
      return false;
    }
    try {
      // An IP literal: parsed, never resolved.
      InetAddress ip = InetAddress.getByName(address);
      return !ip.isLoopbackAddress() && !ip.isAnyLocalAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }

  // ---------------------------------------------------------------- building blocks

  private static Listener listener(
      String name, String address, int port, TrafficDirection direction, Filter filter) {
    return listener(name, address, port, direction, List.of(filter));
  }

  private static Listener listener(
      String name, String address, int port, TrafficDirection direction, List<Filter> filters) {
    return Listener.newBuilder()
        .setName(name)
        .setAddress(address(address, port))
        .setTrafficDirection(direction)
        .addFilterChains(FilterChain.newBuilder().addAllFilters(filters))
        .build();
  }

  /** An HCM with one inline route config: any host, {@code pathPrefix} → {@code cluster}. */
  private static Filter httpConnectionManager(
      String statPrefix, String routeName, String virtualHost, String pathPrefix, String cluster) {
    return httpConnectionManager(
        statPrefix,
        routeConfiguration(
            routeName,
            virtualHost,
            List.of(
                Route.newBuilder()
                    .setMatch(RouteMatch.newBuilder().setPrefix(pathPrefix))
                    .setRoute(RouteAction.newBuilder().setCluster(cluster))
                    .build())),
        List.of(),
        hcm -> {});
  }

  private static RouteConfiguration routeConfiguration(
      String routeName, String virtualHost, List<Route> routes) {
    return RouteConfiguration.newBuilder()
        .setName(routeName)
        .addVirtualHosts(
            VirtualHost.newBuilder().setName(virtualHost).addDomains("*").addAllRoutes(routes))
        .build();
  }

  /** An HCM with an inline route config; {@code before} are HTTP filters ahead of the router. */
  private static Filter httpConnectionManager(
      String statPrefix,
      RouteConfiguration routes,
      List<HttpFilter> before,
      Consumer<HttpConnectionManager.Builder> customize) {
    HttpConnectionManager.Builder hcm =
        HttpConnectionManager.newBuilder()
            .setStatPrefix(statPrefix)
            .setCodecType(HttpConnectionManager.CodecType.AUTO)
            .setRouteConfig(routes)
            .addAllHttpFilters(before)
            // The router must be the last HTTP filter, and Envoy requires its typed_config.
            .addHttpFilters(
                HttpFilter.newBuilder()
                    .setName(EnvoyNames.ROUTER)
                    .setTypedConfig(pack(Router.getDefaultInstance())));
    customize.accept(hcm);
    return Filter.newBuilder()
        .setName(EnvoyNames.HTTP_CONNECTION_MANAGER)
        .setTypedConfig(pack(hcm.build()))
        .build();
  }

  private static Filter tcpProxy(String statPrefix, String cluster) {
    return tcpProxy(TcpProxy.newBuilder().setStatPrefix(statPrefix).setCluster(cluster).build());
  }

  private static Filter tcpProxy(TcpProxy proxy) {
    return Filter.newBuilder().setName(EnvoyNames.TCP_PROXY).setTypedConfig(pack(proxy)).build();
  }

  private static Cluster.Builder staticCluster(
      String name, String address, int port, Duration connectTimeout) {
    return Cluster.newBuilder()
        .setName(name)
        .setType(Cluster.DiscoveryType.STATIC)
        .setConnectTimeout(connectTimeout)
        .setLoadAssignment(
            ClusterLoadAssignment.newBuilder()
                .setClusterName(name)
                .addEndpoints(
                    LocalityLbEndpoints.newBuilder()
                        .addLbEndpoints(
                            LbEndpoint.newBuilder()
                                .setEndpoint(
                                    Endpoint.newBuilder().setAddress(address(address, port))))));
  }

  private static void http2(Cluster.Builder cluster) {
    HttpProtocolOptions options =
        HttpProtocolOptions.newBuilder()
            .setExplicitHttpConfig(
                HttpProtocolOptions.ExplicitHttpConfig.newBuilder()
                    .setHttp2ProtocolOptions(Http2ProtocolOptions.getDefaultInstance()))
            .build();
    cluster.putTypedExtensionProtocolOptions(EnvoyNames.HTTP_PROTOCOL_OPTIONS, pack(options));
  }

  private static Metadata lbMetadata(Map<String, String> tags) {
    Struct.Builder struct = Struct.newBuilder();
    new TreeMap<>(tags)
        .forEach(
            (key, value) ->
                struct.putFields(key, Value.newBuilder().setStringValue(value).build()));
    return Metadata.newBuilder().putFilterMetadata(EnvoyNames.LB_METADATA, struct.build()).build();
  }

  private static Address address(String address, int port) {
    return Address.newBuilder()
        .setSocketAddress(SocketAddress.newBuilder().setAddress(address).setPortValue(port))
        .build();
  }

  private static Duration seconds(long seconds) {
    return Duration.newBuilder().setSeconds(seconds).build();
  }

  /**
   * {@link Any#pack} with deterministic bytes: a plain pack serialises maps in hash order, which
   * would make equal configs compare (and hash) unequal.
   */
  public static Any pack(Message message) {
    try {
      ByteString.Output out = ByteString.newOutput(message.getSerializedSize());
      CodedOutputStream coded = CodedOutputStream.newInstance(out);
      coded.useDeterministicSerialization();
      message.writeTo(coded);
      coded.flush();
      return Any.newBuilder()
          .setTypeUrl(TYPE_URL_PREFIX + message.getDescriptorForType().getFullName())
          .setValue(out.toByteString())
          .build();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
