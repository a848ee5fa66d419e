package dev.meridian.zone.xds;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.meridian.kernel.api.Problem;
import dev.meridian.kernel.json.DomainJson;
import dev.meridian.kernel.projection.Projection;
import dev.meridian.kernel.resource.DataplaneSpec;
import dev.meridian.kernel.resource.Resource;
import dev.meridian.kernel.resource.ResourceKey;
import dev.meridian.kernel.xds.Bootstrap;
import dev.meridian.kernel.xds.ProxyModel;
import dev.meridian.runtime.tls.ServerTls;
import dev.meridian.zone.config.ZoneProperties;
import io.grpc.netty.shaded.io.netty.buffer.Unpooled;
import io.grpc.netty.shaded.io.netty.channel.ChannelFutureListener;
import io.grpc.netty.shaded.io.netty.channel.ChannelHandler;
import io.grpc.netty.shaded.io.netty.channel.ChannelHandlerContext;
import io.grpc.netty.shaded.io.netty.channel.SimpleChannelInboundHandler;
import io.grpc.netty.shaded.io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.grpc.netty.shaded.io.netty.handler.codec.http.FullHttpRequest;
import io.grpc.netty.shaded.io.netty.handler.codec.http.FullHttpResponse;
import io.grpc.netty.shaded.io.netty.handler.codec.http.HttpHeaderNames;
import io.grpc.netty.shaded.io.netty.handler.codec.http.HttpMethod;
import io.grpc.netty.shaded.io.netty.handler.codec.http.HttpResponseStatus;
import io.grpc.netty.shaded.io.netty.handler.codec.http.HttpUtil;
import io.grpc.netty.shaded.io.netty.handler.codec.http.HttpVersion;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * {@code POST /bootstrap} on the dataplane server: a proxy agent sends its mesh and name (Kuma's
 * request shape) and gets the bootstrap that points it at this zone's ADS. {@code "proxyType":
 * "grpc"} asks for the bootstrap of a gRPC client's xDS resolver instead of Envoy's; with TLS on,
 * {@code "caCertificateFile"} says where that workload keeps the CA it is told to trust.
 */
final class BootstrapHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
  private static final Logger log = LoggerFactory.getLogger(BootstrapHandler.class);
  private static final ObjectMapper JSON = DomainJson.canonical();

  private final Projection projection;
  private final ZoneProperties.DataplaneServer settings;
  private final DataplaneServerPort port;
  private final DataplaneAuthentication authentication;
  private final Optional<String> trustedCa;
  private final IdentityEndpoint identities;

  /** Builds a handler per HTTP connection. */
  @Component
  static class Factory {
    private final Projection projection;
    private final ZoneProperties properties;
    private final DataplaneServerPort port;
    private final DataplaneAuthentication authentication;
    private final ServerTls tls;
    private final IdentityEndpoint identities;

    Factory(
        Projection projection,
        ZoneProperties properties,
        DataplaneServerPort port,
        DataplaneAuthentication authentication,
        ServerTls tls,
        IdentityEndpoint identities) {
      this.projection = projection;
      this.properties = properties;
      this.port = port;
      this.authentication = authentication;
      this.tls = tls;
      this.identities = identities;
    }

    ChannelHandler newHandler() {
      return new BootstrapHandler(
          projection,
          properties.dataplaneServer(),
          port,
          authentication,
          tls.trustedCaPem(),
          identities);
    }
  }

  private BootstrapHandler(
      Projection projection,
      ZoneProperties.DataplaneServer settings,
      DataplaneServerPort port,
      DataplaneAuthentication authentication,
      Optional<String> trustedCa,
      IdentityEndpoint identities) {
    this.projection = projection;
    this.settings = settings;
    this.port = port;
    this.authentication = authentication;
    this.trustedCa = trustedCa;
    this.identities = identities;
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
    FullHttpResponse response;
    try {
      response = handle(request);
    } catch (RuntimeException e) {
      log.error("Bootstrap request failed", e);
      response = problem(Problem.of(500, "Internal Server Error", "Internal Server Error"));
    }
    boolean keepAlive = HttpUtil.isKeepAlive(request);
    HttpUtil.setKeepAlive(response, keepAlive);
    HttpUtil.setContentLength(response, response.content().readableBytes());
    var written = ctx.writeAndFlush(response);
    if (!keepAlive) {
      written.addListener(ChannelFutureListener.CLOSE);
    }
  }

  private FullHttpResponse handle(FullHttpRequest request) {
    String path = request.uri().split("\\?", 2)[0];
    boolean identity = path.equals("/identity");
    if (!path.equals("/bootstrap") && !identity) {
      return problem(Problem.of(404, "Not Found", "No such endpoint"));
    }
    if (!request.method().equals(HttpMethod.POST)) {
      return problem(Problem.of(405, "Method not Allowed", "Method not allowed"));
    }
    JsonNode body;
    try {
      body = JSON.readTree(request.content().toString(StandardCharsets.UTF_8));
    } catch (IOException e) {
      return problem(Problem.of(400, "Bad Request", "the body is not JSON: " + e.getMessage()));
    }
    String mesh = text(body, "mesh").orElse("default");
    Optional<String> name = text(body, "name");
    if (name.isEmpty()) {
      return problem(
          Problem.invalid(
              400,
              "Could not generate a bootstrap",
              "Resource is not valid",
              List.of(new dev.meridian.kernel.validation.Violation("name", "cannot be empty"))));
    }
    String token =
        text(body, "dataplaneToken")
            .orElse(request.headers().get(HttpHeaderNames.AUTHORIZATION, ""));
    if (!identity && "ingress".equals(text(body, "proxyType").orElse(""))) {
      return ingressBootstrap(request, body, name.get(), token);
    }
    Optional<DataplaneAuthentication.Refusal> refusal =
        authentication.check(identity ? "identity" : "bootstrap", token, mesh, name.get());
    if (refusal.isPresent()) {
      // Checked before the dataplane is looked up: without a token, nobody learns which exist.
      return refused(refusal.get(), refusal.get().told());
    }
    Bootstrap.Credentials credentials =
        authentication.required()
            ? new Bootstrap.Credentials(
                bearerless(token), text(body, "dataplaneTokenPath").orElse(null))
            : Bootstrap.Credentials.NONE;
    ResourceKey key = ResourceKey.dataplane(mesh, name.get());
    Optional<Resource> dataplane = projection.get(key);
    if (identity && dataplane.isPresent()) {
      return identities.answer(key, (DataplaneSpec) dataplane.get().spec());
    }
    if (dataplane.isEmpty()) {
      return problem(
          Problem.of(
              404,
              "Dataplane not found",
              "Dataplane "
                  + name.get()
                  + " in mesh "
                  + mesh
                  + " is not registered: register it first (PUT /meshes/"
                  + mesh
                  + "/dataplanes/"
                  + name.get()
                  + ")"));
    }
    String host = settings.advertisedHost();
    // The proxy is told to trust this server's CA; a gRPC workload says where it keeps that CA.
    Bootstrap.AdsTls tls =
        trustedCa
            .map(
                ca ->
                    new Bootstrap.AdsTls(
                        ca,
                        text(body, "caCertificateFile").orElse(Bootstrap.DEFAULT_WORKLOAD_CA_FILE)))
            .orElse(null);
    ObjectNode bootstrap;
    if ("grpc".equals(text(body, "proxyType").orElse(""))) {
      bootstrap =
          Bootstrap.grpc(
              mesh,
              name.get(),
              host,
              port.get(),
              credentials,
              tls,
              text(body, "identityDirectory").orElse(null));
    } else {
      DataplaneSpec.Networking net = ((DataplaneSpec) dataplane.get().spec()).networking();
      String service =
          net.inbounds().stream()
              .map(in -> in.tags().get(DataplaneSpec.SERVICE_TAG))
              .findFirst()
              .orElse(
                  net.gateway() == null
                      ? null
                      : net.gateway().tags().get(DataplaneSpec.SERVICE_TAG));
      int adminPort =
          net.admin() != null && net.admin().port() != null && net.admin().port() != 0
              ? net.admin().port()
              : ProxyModel.DEFAULT_ADMIN_PORT;
      bootstrap =
          Bootstrap.envoy(mesh, name.get(), service, host, port.get(), adminPort, credentials, tls);
    }
    String accept = request.headers().get(HttpHeaderNames.ACCEPT, "");
    if (accept.contains("yaml")) {
      return response(HttpResponseStatus.OK, "application/yaml", DomainJson.toYaml(bootstrap));
    }
    return response(HttpResponseStatus.OK, "application/json", DomainJson.toJson(bootstrap));
  }

  private static FullHttpResponse refused(DataplaneAuthentication.Refusal refusal, String told) {
    FullHttpResponse refused =
        problem(
            Problem.of(
                refusal.status(), refusal.status() == 401 ? "Unauthorized" : "Forbidden", told));
    if (refusal.status() == 401) {
      refused.headers().set(HttpHeaderNames.WWW_AUTHENTICATE, "Bearer realm=\"meridian\"");
    }
    return refused;
  }

  /**
   * The bootstrap of this zone's ZoneIngress {@code name} ({@code "proxyType": "ingress"}): node
   * {@code .<name>}, as Kuma's agent presents it; the zone token it showed goes on its ADS stream.
   */
  private FullHttpResponse ingressBootstrap(
      FullHttpRequest request, JsonNode body, String name, String token) {
    Optional<DataplaneAuthentication.Refusal> refusal =
        authentication.checkIngress("bootstrap", token, name);
    if (refusal.isPresent()) {
      return refused(
          refusal.get(),
          refusal.get().status() == 401
              ? "A valid zone token is required"
              : refusal.get().detail());
    }
    if (projection.get(ResourceKey.zoneIngress(name)).isEmpty()) {
      return problem(
          Problem.of(
              404,
              "ZoneIngress not found",
              "ZoneIngress "
                  + name
                  + " is not registered: register it first (PUT /zoneingresses/"
                  + name
                  + ")"));
    }
    Bootstrap.Credentials credentials =
        authentication.required()
            ? new Bootstrap.Credentials(bearerless(token), null)
            : Bootstrap.Credentials.NONE;
    ObjectNode bootstrap =
        Bootstrap.envoy(
            "",
            name,
            name,
            settings.advertisedHost(),
            port.get(),
            ProxyModel.DEFAULT_ADMIN_PORT,
            credentials,
            trustedCa.map(ca -> new Bootstrap.AdsTls(ca, null)).orElse(null));
    String accept = request.headers().get(HttpHeaderNames.ACCEPT, "");
    return accept.contains("yaml")
        ? response(HttpResponseStatus.OK, "application/yaml", DomainJson.toYaml(bootstrap))
        : response(HttpResponseStatus.OK, "application/json", DomainJson.toJson(bootstrap));
  }

  private static String bearerless(String token) {
    String value = token.trim();
    return value.regionMatches(true, 0, "Bearer ", 0, 7) ? value.substring(7).trim() : value;
  }

  private static Optional<String> text(JsonNode body, String field) {
    JsonNode node = body == null ? null : body.get(field);
    return node == null || !node.isTextual() || node.asText().isEmpty()
        ? Optional.empty()
        : Optional.of(node.asText());
  }

  static FullHttpResponse problem(Problem problem) {
    return response(
        HttpResponseStatus.valueOf(problem.status()),
        Problem.MEDIA_TYPE,
        DomainJson.toJson(problem));
  }

  static FullHttpResponse response(HttpResponseStatus status, String contentType, String body) {
    FullHttpResponse response =
        new DefaultFullHttpResponse(
            HttpVersion.HTTP_1_1, status, Unpooled.copiedBuffer(body, StandardCharsets.UTF_8));
    response.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
    return response;
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    log.debug("Bootstrap connection failed", cause);
    ctx.close();
  }
}
