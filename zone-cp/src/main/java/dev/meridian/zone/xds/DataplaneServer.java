package dev.meridian.zone.xds;

import dev.meridian.zone.config.ZoneProperties;
import io.envoyproxy.controlplane.server.DefaultExecutorGroup;
import io.envoyproxy.controlplane.server.V3DiscoveryServer;
import io.envoyproxy.controlplane.server.serializer.CachedProtoResourcesSerializer;
import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.netty.shaded.io.grpc.netty.InternalNettyServerCredentials;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * The dataplane server: ADS over gRPC and {@code POST /bootstrap} over HTTP/1.1 on one port, as
 * Kuma's dataplane server does. The first bytes of each connection decide which it is.
 */
@Component
public class DataplaneServer implements SmartLifecycle {
  private static final Logger log = LoggerFactory.getLogger(DataplaneServer.class);

  private final ZoneProperties.DataplaneServer settings;
  private final V3DiscoveryServer discovery;
  private final BootstrapHandler.Factory bootstrap;
  private final DataplaneTokenInterceptor tokens;
  private volatile Server server;

  public DataplaneServer(
      ZoneProperties properties,
      XdsSnapshots snapshots,
      XdsCallbacks callbacks,
      BootstrapHandler.Factory bootstrap,
      DataplaneAuthentication authentication) {
    this.settings = properties.dataplaneServer();
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
                  InternalNettyServerCredentials.create(new SniffingNegotiator.Factory(bootstrap)))
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
      log.info("Dataplane server (ADS + bootstrap) on {}:{}", settings.address(), port());
    } catch (IOException e) {
      throw new UncheckedIOException(
          "could not listen on " + settings.address() + ":" + settings.port(), e);
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
