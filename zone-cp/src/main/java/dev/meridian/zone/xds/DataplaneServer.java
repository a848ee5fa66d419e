package dev.meridian.zone.xds;

import dev.meridian.runtime.tls.ServerTls;
import dev.meridian.zone.config.ZoneProperties;
import io.envoyproxy.controlplane.server.DefaultExecutorGroup;
import io.envoyproxy.controlplane.server.V3DiscoveryServer;
import io.envoyproxy.controlplane.server.serializer.CachedProtoResourcesSerializer;
import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.InternalNettyServerCredentials;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.ApplicationProtocolConfig;
import io.grpc.netty.shaded.io.netty.handler.ssl.ApplicationProtocolNames;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * The dataplane server: ADS over gRPC and {@code POST /bootstrap} over HTTP/1.1 on one port, as
 * Kuma's dataplane server does, both over TLS unless it is explicitly off (ADR 018). The first
 * bytes of each connection decide which it is.
 */
@Component
public class DataplaneServer implements SmartLifecycle {
  private static final Logger log = LoggerFactory.getLogger(DataplaneServer.class);

  private final ZoneProperties.DataplaneServer settings;
  private final V3DiscoveryServer discovery;
  private final BootstrapHandler.Factory bootstrap;
  private final DataplaneTokenInterceptor tokens;
  private final ServerTls tls;
  private volatile Server server;

  public DataplaneServer(
      ZoneProperties properties,
      XdsSnapshots snapshots,
      XdsCallbacks callbacks,
      BootstrapHandler.Factory bootstrap,
      DataplaneAuthentication authentication,
      ServerTls tls) {
    this.settings = properties.dataplaneServer();
    this.tls = tls;
    // Resources are shared across proxies (XdsSnapshots interns them): each is packed into an Any
    // once while in use, not once per proxy it is sent to.
    this.discovery =
        new V3DiscoveryServer(
            List.of(callbacks),
            snapshots.cache(),
            new DefaultExecutorGroup(),
            new CachedProtoResourcesSerializer());
    this.bootstrap = bootstrap;
    this.tokens = new DataplaneTokenInterceptor(authentication);
  }

  @Override
  public void start() {
    try {
      server =
          NettyServerBuilder.forAddress(
                  new InetSocketAddress(settings.address(), settings.port()),
                  InternalNettyServerCredentials.create(
                      new SniffingNegotiator.Factory(bootstrap, sslContext())))
              .addService(
                  ServerInterceptors.intercept(
                      discovery.getAggregatedDiscoveryServiceImpl(), tokens))
              .addService(
                  ServerInterceptors.intercept(discovery.getClusterDiscoveryServiceImpl(), tokens))
              .addService(
                  ServerInterceptors.intercept(discovery.getEndpointDiscoveryServiceImpl(), tokens))
              .addService(
                  ServerInterceptors.intercept(discovery.getListenerDiscoveryServiceImpl(), tokens))
              .addService(
                  ServerInterceptors.intercept(discovery.getRouteDiscoveryServiceImpl(), tokens))
              .addService(ServerInterceptors.intercept(new LoadReports(), tokens))
              .keepAliveTime(60, TimeUnit.SECONDS)
              .permitKeepAliveTime(10, TimeUnit.SECONDS)
              .build()
              .start();
      log.info(
          "Dataplane server (ADS + bootstrap) on {}:{}{}",
          settings.address(),
          port(),
          tls.enabled() ? " (TLS)" : " (plaintext: meridian.tls.enabled=false)");
    } catch (IOException e) {
      throw new UncheckedIOException(
          "could not listen on " + settings.address() + ":" + settings.port(), e);
    }
  }

  /**
   * TLS for both protocols on the port. ALPN prefers http/1.1 whenever the client offers it: a gRPC
   * client or Envoy's ADS cluster offers h2 alone, while curl and HTTP libraries offer both and
   * must get the HTTP/1.1 bootstrap. A client that offers neither is served by the first bytes it
   * sends. Null when TLS is off.
   */
  private SslContext sslContext() {
    if (tls.dataplaneServer().isEmpty()) {
      return null;
    }
    ServerTls.KeyPairFiles files = tls.dataplaneServer().get();
    try {
      return GrpcSslContexts.configure(
              SslContextBuilder.forServer(
                  files.privateKey(), files.chain().toArray(X509Certificate[]::new)))
          .applicationProtocolConfig(
              new ApplicationProtocolConfig(
                  ApplicationProtocolConfig.Protocol.ALPN,
                  ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
                  ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT,
                  ApplicationProtocolNames.HTTP_1_1,
                  ApplicationProtocolNames.HTTP_2))
          .build();
    } catch (SSLException e) {
      throw new IllegalStateException(
          "cannot use the dataplane server's certificate " + files.certFile(), e);
    }
  }

  /** The bound port (differs from the configured one when that is 0). */
  public int port() {
    Server current = server;
    return current == null ? settings.port() : current.getPort();
  }

  @Override
  public void stop() {
    Server current = server;
    if (current != null) {
      current.shutdown();
      try {
        if (!current.awaitTermination(5, TimeUnit.SECONDS)) {
          current.shutdownNow();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        current.shutdownNow();
      }
      server = null;
    }
  }

  @Override
  public boolean isRunning() {
    return server != null;
  }
}
