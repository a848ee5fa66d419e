package dev.meridian.testkit.grpc;

import com.google.common.util.concurrent.ListenableFuture;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientInterceptors;
import io.grpc.InsecureServerCredentials;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.ServerCalls;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Real gRPC servers on 127.0.0.1 that answer "who are you?" with their name, so a test can see
 * where traffic lands. No code generation: the method uses a plain UTF-8 string marshaller.
 */
public final class EchoServers {
  public static final MethodDescriptor<String, String> WHO =
      MethodDescriptor.<String, String>newBuilder()
          .setType(MethodDescriptor.MethodType.UNARY)
          .setFullMethodName("meridian.test.Echo/Who")
          .setRequestMarshaller(new Utf8())
          .setResponseMarshaller(new Utf8())
          .build();

  private EchoServers() {}

  /**
   * How a server treats its {@code call}-th call (1-based): fail it with a status, or answer after
   * a delay (without holding a thread).
   */
  @FunctionalInterface
  public interface Behaviour {
    Reply reply(int call);

    Behaviour ANSWER = call -> Reply.now();
  }

  /** Fail with {@code failure} (when not null), else answer after {@code delayMillis}. */
  public record Reply(Status failure, long delayMillis) {
    public static Reply now() {
      return new Reply(null, 0);
    }

    public static Reply fail(Status status) {
      return new Reply(status, 0);
    }

    public static Reply after(long delayMillis) {
      return new Reply(null, delayMillis);
    }
  }

  private static final ScheduledExecutorService LATER =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "echo-delayed-replies");
            t.setDaemon(true);
            return t;
          });

  /** A running echo server, how many calls it received and how many it is still answering. */
  public record Echo(String name, Server server, AtomicInteger calls, AtomicInteger inFlight)
      implements AutoCloseable {
    public int port() {
      return server.getPort();
    }

    @Override
    public void close() {
      server.shutdownNow();
      try {
        server.awaitTermination(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  public static Echo start(String name) {
    return start(name, Behaviour.ANSWER);
  }

  public static Echo start(String name, Behaviour behaviour) {
    AtomicInteger calls = new AtomicInteger();
    AtomicInteger inFlight = new AtomicInteger();
    ServerServiceDefinition service =
        ServerServiceDefinition.builder("meridian.test.Echo")
            .addMethod(
                WHO,
                ServerCalls.asyncUnaryCall(
                    (request, response) -> {
                      Reply reply = behaviour.reply(calls.incrementAndGet());
                      if (reply.failure() != null) {
                        response.onError(reply.failure().asRuntimeException());
                        return;
                      }
                      inFlight.incrementAndGet();
                      Runnable answer =
                          () -> {
                            inFlight.decrementAndGet();
                            response.onNext(name);
                            response.onCompleted();
                          };
                      if (reply.delayMillis() <= 0) {
                        answer.run();
                      } else {
                        LATER.schedule(answer, reply.delayMillis(), TimeUnit.MILLISECONDS);
                      }
                    }))
            .build();
    try {
      Server server =
          NettyServerBuilder.forAddress(
                  new InetSocketAddress("127.0.0.1", 0), InsecureServerCredentials.create())
              .addService(service)
              .build()
              .start();
      return new Echo(name, server, calls, inFlight);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** One call through {@code channel}: the name of the server that answered. */
  public static String who(Channel channel, long timeoutMillis) {
    return ClientCalls.blockingUnaryCall(
        channel,
        WHO,
        CallOptions.DEFAULT.withDeadlineAfter(timeoutMillis, TimeUnit.MILLISECONDS),
        "who?");
  }

  /** As {@link #who(Channel, long)}, sending {@code headers} with the call. */
  public static String who(Channel channel, long timeoutMillis, Map<String, String> headers) {
    Metadata metadata = new Metadata();
    headers.forEach(
        (key, value) ->
            metadata.put(Metadata.Key.of(key, Metadata.ASCII_STRING_MARSHALLER), value));
    return who(
        ClientInterceptors.intercept(channel, MetadataUtils.newAttachHeadersInterceptor(metadata)),
        timeoutMillis);
  }

  /** A call that is answered later: for holding a request in flight. */
  public static ListenableFuture<String> whoLater(Channel channel, long timeoutMillis) {
    return ClientCalls.futureUnaryCall(
        channel.newCall(
            WHO, CallOptions.DEFAULT.withDeadlineAfter(timeoutMillis, TimeUnit.MILLISECONDS)),
        "who?");
  }

  private static final class Utf8 implements MethodDescriptor.Marshaller<String> {
    @Override
    public InputStream stream(String value) {
      return new ByteArrayInputStream(value.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String parse(InputStream stream) {
      try {
        return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
