package dev.meridian.zone.xds;

import io.grpc.internal.ObjectPool;
import io.grpc.netty.shaded.io.grpc.netty.GrpcHttp2ConnectionHandler;
import io.grpc.netty.shaded.io.grpc.netty.InternalProtocolNegotiator;
import io.grpc.netty.shaded.io.grpc.netty.InternalProtocolNegotiators;
import io.grpc.netty.shaded.io.grpc.netty.InternalWriteBufferingAndExceptionHandlerUtils;
import io.grpc.netty.shaded.io.netty.buffer.ByteBuf;
import io.grpc.netty.shaded.io.netty.buffer.ByteBufUtil;
import io.grpc.netty.shaded.io.netty.channel.ChannelHandler;
import io.grpc.netty.shaded.io.netty.channel.ChannelHandlerAdapter;
import io.grpc.netty.shaded.io.netty.channel.ChannelHandlerContext;
import io.grpc.netty.shaded.io.netty.channel.ChannelInboundHandlerAdapter;
import io.grpc.netty.shaded.io.netty.handler.codec.http.HttpObjectAggregator;
import io.grpc.netty.shaded.io.netty.handler.codec.http.HttpServerCodec;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import io.grpc.netty.shaded.io.netty.util.AsciiString;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;

/**
 * Lets gRPC and plain HTTP share the dataplane server's port. A connection that opens with the
 * HTTP/2 client preface is handed to gRPC's own plaintext negotiation; anything else is HTTP/1.1
 * and goes to the bootstrap handler. With TLS, the connection's TLS is ended first (ALPN offers h2
 * and http/1.1) and the same sniffing runs on what it decrypts. (grpc-java's negotiator hooks are
 * internal API; this class is the only place that touches them.)
 */
final class SniffingNegotiator implements InternalProtocolNegotiator.ProtocolNegotiator {
  private static final byte[] HTTP2_PREFACE =
      "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
  static final int MAX_BOOTSTRAP_REQUEST_BYTES = 64 * 1024;
  private static final AsciiString HTTPS = AsciiString.of("https");

  private final InternalProtocolNegotiator.ProtocolNegotiator plaintext =
      InternalProtocolNegotiators.serverPlaintext();
  private final BootstrapHandler.Factory bootstrap;
  private final SslContext tls;

  /** {@code tls} null: plaintext. */
  SniffingNegotiator(BootstrapHandler.Factory bootstrap, SslContext tls) {
    this.bootstrap = bootstrap;
    this.tls = tls;
  }

  @Override
  public AsciiString scheme() {
    return tls == null ? plaintext.scheme() : HTTPS;
  }

  @Override
  public ChannelHandler newHandler(GrpcHttp2ConnectionHandler grpcHandler) {
    Sniffer sniffer = new Sniffer(plaintext.newHandler(grpcHandler), bootstrap);
    return tls == null ? sniffer : new TlsFront(tls, sniffer);
  }

  @Override
  public void close() {
    plaintext.close();
  }

  /** Creates one negotiator per server. */
  static final class Factory implements InternalProtocolNegotiator.ServerFactory {
    private final BootstrapHandler.Factory bootstrap;
    private final SslContext tls;

    Factory(BootstrapHandler.Factory bootstrap, SslContext tls) {
      this.bootstrap = bootstrap;
      this.tls = tls;
    }

    @Override
    public InternalProtocolNegotiator.ProtocolNegotiator newNegotiator(
        ObjectPool<? extends Executor> offloadExecutorPool) {
      return new SniffingNegotiator(bootstrap, tls);
    }
  }

  /**
   * Puts TLS first on the connection and the sniffer right behind it, then steps aside: the sniffer
   * sees decrypted bytes, and everything written leaves encrypted.
   */
  static final class TlsFront extends ChannelHandlerAdapter {
    private final SslContext tls;
    private final Sniffer sniffer;

    TlsFront(SslContext tls, Sniffer sniffer) {
      this.tls = tls;
      this.sniffer = sniffer;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
      ctx.pipeline().addBefore(ctx.name(), "tls", tls.newHandler(ctx.alloc()));
      ctx.pipeline().replace(this, "sniffer", sniffer);
    }
  }

  /** Holds the connection's first bytes (and gRPC's negotiation event) until it can tell. */
  static final class Sniffer extends ChannelInboundHandlerAdapter {
    private final ChannelHandler grpcNegotiation;
    private final BootstrapHandler.Factory bootstrap;
    private final List<Object> heldEvents = new ArrayList<>();
    private ByteBuf held;

    Sniffer(ChannelHandler grpcNegotiation, BootstrapHandler.Factory bootstrap) {
      this.grpcNegotiation = grpcNegotiation;
      this.bootstrap = bootstrap;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
      heldEvents.add(event);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      if (!(msg instanceof ByteBuf bytes)) {
        ctx.fireChannelRead(msg);
        return;
      }
      held = held == null ? bytes : ctx.alloc().compositeBuffer().addComponents(true, held, bytes);
      int seen = Math.min(held.readableBytes(), HTTP2_PREFACE.length);
      boolean prefixOfPreface = true;
      for (int i = 0; i < seen; i++) {
        if (held.getByte(held.readerIndex() + i) != HTTP2_PREFACE[i]) {
          prefixOfPreface = false;
          break;
        }
      }
      if (prefixOfPreface && seen < HTTP2_PREFACE.length) {
        return; // Not enough bytes to tell yet.
      }
      ByteBuf first = held;
      held = null;
      if (prefixOfPreface) {
        ctx.pipeline().addAfter(ctx.name(), null, grpcNegotiation);
        heldEvents.forEach(ctx::fireUserEventTriggered);
      } else {
        // Writes are buffered by gRPC until negotiation ends; HTTP/1.1 ends it here.
        InternalWriteBufferingAndExceptionHandlerUtils.writeBufferingAndRemove(ctx.channel());
        ctx.pipeline()
            .addAfter(ctx.name(), "bootstrap-http", bootstrap.newHandler())
            .addAfter(
                ctx.name(),
                "http-aggregator",
                new HttpObjectAggregator(MAX_BOOTSTRAP_REQUEST_BYTES))
            .addAfter(ctx.name(), "http-codec", new HttpServerCodec());
      }
      heldEvents.clear();
      ctx.pipeline().remove(this);
      ctx.fireChannelRead(first);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
      if (held != null) {
        held.release();
        held = null;
      }
    }

    @Override
    public String toString() {
      return "Sniffer(" + (held == null ? "" : ByteBufUtil.hexDump(held)) + ")";
    }
  }
}
