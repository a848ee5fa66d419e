package dev.meridian.e2e.bench;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.meridian.testkit.KafkaFixture;
import dev.meridian.zone.xds.DataplaneServer;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.core.v3.Node;
import io.envoyproxy.envoy.service.discovery.v3.AggregatedDiscoveryServiceGrpc;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryRequest;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryResponse;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * From a user's {@code PUT} of a MeshTimeout to the moment every one of N simulated Envoy proxies
 * (raw ADS streams that ACK what they get) has acknowledged the cluster carrying the new connect
 * timeout: REST API, aggregate, event store, outbox, Kafka, projection, rules of every connected
 * proxy, regeneration, ADS push, N ACKs. Baseline in the same run, one round after each change:
 * pushing the CDS response the proxies just ACKed, pre-built, to N streams of a bare ADS server and
 * collecting N ACKs; the ratio is also taken change by change. Beside it, one record's round trip
 * through the same broker (send with acks=all until polled) and the API's round trip for a request
 * that does nothing. Each change starts once the zone has taken in the previous change's ACKs.
 *
 * <p>Run (see docs/benchmarks.md): {@code mvn -B -q -Pbench -pl e2e/scenarios -am
 * process-test-classes -Dbench=dev.meridian.e2e.bench.PolicyPushBenchmark}. Settings: {@code
 * bench.sizes} (default {@code 100,1000}), {@code bench.changes} (default 30 per size), {@code
 * bench.warmup} (rounds before those, default 300).
 */
public final class PolicyPushBenchmark {
  static final String CDS = "type.googleapis.com/envoy.config.cluster.v3.Cluster";
  static final long ROUND_TIMEOUT_SECONDS = 60;

  /**
   * Untimed rounds before the measured ones, for the measured path and for the baseline alike: a
   * policy change runs code (command, outbox, broker, regeneration) that nothing else in the run
   * has exercised, and its first few hundred rounds run before the JIT has compiled it.
   */
  static final int WARM_UP = Integer.getInteger("bench.warmup", 300);

  /** Records timed for the raw Kafka round trip (after that benchmark's own warm-up). */
  static final int KAFKA_SAMPLES = 300;

  private PolicyPushBenchmark() {}

  public static void main(String[] args) throws Exception {
    PutToRoutingLatencyBenchmark.quietLogs();
    List<Integer> sizes = new ArrayList<>();
    for (String size : System.getProperty("bench.sizes", "100,1000").split(",")) {
      sizes.add(Integer.parseInt(size.trim()));
    }
    int changes = Integer.getInteger("bench.changes", 30);
    int status = 0;
    try {
      run(sizes, changes);
    } catch (Exception e) {
      e.printStackTrace();
      status = 1;
    } finally {
      System.exit(status);
    }
  }

  static void run(List<Integer> sizes, int changes) throws Exception {
    System.out.println("# PolicyPushBenchmark");
    System.out.println("machine: " + Bench.machine());
    KafkaFixture kafka = KafkaFixture.shared();
    Path dataDir = Files.createTempDirectory("meridian-bench-");
    String zoneName = "bench-" + UUID.randomUUID().toString().substring(0, 8);
    ConfigurableApplicationContext zone =
        PutToRoutingLatencyBenchmark.startZone(zoneName, dataDir, kafka);
    Bench.Table table = new Bench.Table("N proxies", "changes", "what", "p50", "p99", "max");
    try {
      String api = "http://127.0.0.1:" + PutToRoutingLatencyBenchmark.webPort(zone);
      int adsPort = zone.getBean(DataplaneServer.class).port();
      PutToRoutingLatencyBenchmark.awaitStatus(api, "/meshes/default", 200, Duration.ofSeconds(60));
      int largest = sizes.stream().mapToInt(Integer::intValue).max().orElse(0);
      register(api, "bench-1", PutToRoutingLatencyBenchmark.backend("bench-1", 9090));
      for (int i = 0; i < largest; i++) {
        register(api, "p-" + i, proxy("p-" + i, i));
      }
      System.out.println("registered " + largest + " proxies");
      for (int n : sizes) {
        Bench.Samples policy = new Bench.Samples();
        Bench.Samples raw = new Bench.Samples();
        Bench.Samples response = new Bench.Samples();
        Bench.Samples firstAck = new Bench.Samples();
        List<Double> ratios = new ArrayList<>();
        measure(
            api,
            adsPort,
            zone.getBean(MeterRegistry.class),
            n,
            changes,
            policy,
            raw,
            response,
            firstAck,
            ratios);
        percentiles(table, n, changes, "breakdown: PUT -> API response", response);
        percentiles(table, n, changes, "breakdown: PUT -> first ACKed", firstAck);
        percentiles(table, n, changes, "policy PUT -> all ACKed", policy);
        percentiles(table, n, changes, "baseline: push -> all ACKed", raw);
        Collections.sort(ratios);
        table.row(
            n,
            changes,
            "ratio per change: all ACKed / its baseline round",
            String.format("%.2fx", ratios.get((ratios.size() - 1) / 2)),
            String.format("%.2fx", ratios.get((int) Math.ceil(ratios.size() * 0.99) - 1)),
            String.format("%.2fx", ratios.get(ratios.size() - 1)));
      }
      // The log's own round trip on the same broker, with the zone's client settings: part of the
      // measured path that no implementation on the log can avoid, which the push baseline lacks.
      Bench.Samples kafkaRoundTrip =
          PutToRoutingLatencyBenchmark.kafkaRoundTrips(kafka.bootstrapServers(), KAFKA_SAMPLES);
      percentiles(
          table,
          "-",
          KAFKA_SAMPLES,
          "baseline: raw Kafka send -> consumed (acks=all)",
          kafkaRoundTrip);
      // And the API's own round trip for a request that does nothing (same client, same server):
      // with the two rows above, the least any REST API over a log can take for one change.
      Bench.Samples apiRoundTrip = apiRoundTrips(api, KAFKA_SAMPLES);
      percentiles(
          table, "-", KAFKA_SAMPLES, "baseline: API round trip (GET liveness)", apiRoundTrip);
      System.out.println(table.render());
    } finally {
      zone.close();
      PutToRoutingLatencyBenchmark.deleteRecursively(dataDir);
    }
  }

  /** One row of the table: p50, p99 and max of {@code samples}. */
  static void percentiles(
      Bench.Table table, Object size, Object count, String what, Bench.Samples samples) {
    table.row(
        size,
        count,
        what,
        ms(samples.percentile(50)),
        ms(samples.percentile(99)),
        ms(samples.max()));
  }

  static String ms(long nanos) {
    return Bench.ms(nanos);
  }

  static void measure(
      String api,
      int adsPort,
      MeterRegistry zoneMeters,
      int n,
      int changes,
      Bench.Samples policy,
      Bench.Samples raw,
      Bench.Samples response,
      Bench.Samples firstAck,
      List<Double> ratios)
      throws Exception {
    ManagedChannel channel =
        NettyChannelBuilder.forAddress("127.0.0.1", adsPort).usePlaintext().build();
    List<Proxy> proxies = new ArrayList<>();
    try (Baseline baseline = new Baseline(n)) {
      for (int i = 0; i < n; i++) {
        proxies.add(Proxy.connect(channel, "default.p-" + i));
      }
      // Warm-up: every proxy has its first clusters before anything is timed.
      for (Proxy proxy : proxies) {
        proxy.awaitAnyCluster();
      }
      for (int change = -WARM_UP; change < changes; change++) {
        long millis = 1000 + (change + WARM_UP) + n * 100_000L;
        CountDownLatch done = new CountDownLatch(n);
        proxies.forEach(p -> p.expect(millis, done));
        double acksBefore = acknowledged(zoneMeters);
        long start = System.nanoTime();
        put(api, millis);
        long responded = System.nanoTime() - start;
        if (!done.await(ROUND_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
          throw new IllegalStateException(
              "not every proxy ACKed within " + ROUND_TIMEOUT_SECONDS + "s");
        }
        long all = proxies.stream().mapToLong(Proxy::ackedAt).max().orElseThrow() - start;
        long first = proxies.stream().mapToLong(Proxy::ackedAt).min().orElseThrow() - start;
        if (change >= 0) {
          policy.add(all);
          response.add(responded);
          firstAck.add(first);
        }
        // Each change starts on a quiet zone, as the baseline's pushes do: the last ACKs counted
        // above were sent by the proxies, and the zone has yet to take them in.
        awaitAcknowledged(zoneMeters, acksBefore + n);
        // Then the baseline's round, with the response the proxies just ACKed.
        long pushed = baseline.push(proxies.get(0).lastCds, change);
        if (change >= 0) {
          raw.add(pushed);
          ratios.add((double) all / pushed);
        }
      }
    } finally {
      proxies.forEach(Proxy::close);
      channel.shutdownNow();
    }
  }

  /** {@code samples} timed round trips of the API's liveness probe, after as many untimed ones. */
  static Bench.Samples apiRoundTrips(String api, int samples) throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(api + "/actuator/health/liveness"))
            .timeout(Duration.ofSeconds(30))
            .GET()
            .build();
    Bench.Samples out = new Bench.Samples();
    for (int i = -samples; i < samples; i++) {
      long start = System.nanoTime();
      HttpResponse<String> response =
          PutToRoutingLatencyBenchmark.HTTP.send(request, HttpResponse.BodyHandlers.ofString());
      long took = System.nanoTime() - start;
      PutToRoutingLatencyBenchmark.expect(response, 200);
      if (i >= 0) {
        out.add(took);
      }
    }
    return out;
  }

  /** ACKs the zone has taken in, of every type. */
  static double acknowledged(MeterRegistry zoneMeters) {
    return zoneMeters.find("xds_delivery_acknowledged_total").counters().stream()
        .mapToDouble(Counter::count)
        .sum();
  }

  static void awaitAcknowledged(MeterRegistry zoneMeters, double atLeast) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(ROUND_TIMEOUT_SECONDS);
    while (acknowledged(zoneMeters) < atLeast) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("the zone did not take in every ACK");
      }
      LockSupport.parkNanos(100_000);
    }
  }

  /**
   * The same N streams' worth of ACKs for a response that is already built: the floor. A bare ADS
   * server in this JVM with N simulated proxies of its own on one channel; {@link #push} times one
   * round. Its rounds alternate with the measured changes, so both see the machine in the same
   * state.
   */
  static final class Baseline implements AutoCloseable {
    final BareAds ads = new BareAds();
    final Server server;
    final ManagedChannel channel;
    final List<Proxy> proxies = new ArrayList<>();

    Baseline(int n) throws Exception {
      server =
          NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
              .addService(ads)
              .build()
              .start();
      channel =
          NettyChannelBuilder.forAddress("127.0.0.1", server.getPort()).usePlaintext().build();
      for (int i = 0; i < n; i++) {
        proxies.add(Proxy.connect(channel, "default.p-" + i));
      }
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(ROUND_TIMEOUT_SECONDS);
      while (ads.streams.size() < n) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("baseline: not every stream opened");
        }
        LockSupport.parkNanos(100_000);
      }
    }

    /** Pushes {@code response} (new nonce and version) to every stream; nanos until all ACKed. */
    long push(DiscoveryResponse response, int round) throws InterruptedException {
      CountDownLatch done = new CountDownLatch(ads.streams.size());
      ads.done = done;
      DiscoveryResponse push =
          response.toBuilder().setNonce("n" + round).setVersionInfo("v" + round).build();
      long start = System.nanoTime();
      ads.streams.values().forEach(s -> s.onNext(push));
      if (!done.await(ROUND_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        throw new IllegalStateException("baseline: not every stream ACKed");
      }
      return System.nanoTime() - start;
    }

    @Override
    public void close() {
      proxies.forEach(Proxy::close);
      channel.shutdownNow();
      server.shutdownNow();
    }
  }

  /** An ADS server that only pushes what it is told to and counts ACKs. */
  static final class BareAds
      extends AggregatedDiscoveryServiceGrpc.AggregatedDiscoveryServiceImplBase {
    final ConcurrentHashMap<Object, StreamObserver<DiscoveryResponse>> streams =
        new ConcurrentHashMap<>();
    volatile CountDownLatch done = new CountDownLatch(0);

    @Override
    public StreamObserver<DiscoveryRequest> streamAggregatedResources(
        StreamObserver<DiscoveryResponse> responses) {
      Object id = new Object();
      return new StreamObserver<>() {
        @Override
        public void onNext(DiscoveryRequest request) {
          if (request.getResponseNonce().isEmpty()) {
            streams.put(id, responses);
          } else {
            done.countDown();
          }
        }

        @Override
        public void onError(Throwable t) {
          streams.remove(id);
        }

        @Override
        public void onCompleted() {
          streams.remove(id);
          responses.onCompleted();
        }
      };
    }
  }

  /**
   * A simulated Envoy: subscribes to clusters and ACKs every response; notes when it ACKed the
   * cluster {@code bench} with the awaited connect timeout.
   */
  static final class Proxy {
    final StreamObserver<DiscoveryRequest> requests;

    /** Sent with every request, as Envoy does by default. */
    final Node node;

    volatile long expectedMillis = -1;
    volatile CountDownLatch done;
    volatile long ackedAt;
    volatile DiscoveryResponse lastCds;
    final CountDownLatch first = new CountDownLatch(1);

    private Proxy(AggregatedDiscoveryServiceGrpc.AggregatedDiscoveryServiceStub stub, String id) {
      Proxy self = this;
      node = Node.newBuilder().setId(id).setUserAgentName("envoy").build();
      requests =
          stub.streamAggregatedResources(
              new StreamObserver<>() {
                @Override
                public void onNext(DiscoveryResponse response) {
                  self.onResponse(response);
                }

                @Override
                public void onError(Throwable t) {}

                @Override
                public void onCompleted() {}
              });
      synchronized (requests) {
        requests.onNext(DiscoveryRequest.newBuilder().setNode(node).setTypeUrl(CDS).build());
      }
    }

    static Proxy connect(ManagedChannel channel, String node) {
      return new Proxy(AggregatedDiscoveryServiceGrpc.newStub(channel), node);
    }

    void expect(long millis, CountDownLatch latch) {
      done = latch;
      expectedMillis = millis;
    }

    void awaitAnyCluster() throws InterruptedException {
      if (!first.await(ROUND_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        throw new IllegalStateException("a proxy got no clusters");
      }
    }

    long ackedAt() {
      return ackedAt;
    }

    private void onResponse(DiscoveryResponse response) {
      boolean awaited = expectedMillis >= 0 && carries(response, expectedMillis);
      synchronized (requests) {
        requests.onNext(
            DiscoveryRequest.newBuilder()
                .setNode(node)
                .setTypeUrl(response.getTypeUrl())
                .setVersionInfo(response.getVersionInfo())
                .setResponseNonce(response.getNonce())
                .build());
      }
      lastCds = response;
      first.countDown();
      if (awaited) {
        ackedAt = System.nanoTime();
        expectedMillis = -1;
        done.countDown();
      }
    }

    private static boolean carries(DiscoveryResponse response, long millis) {
      for (Any any : response.getResourcesList()) {
        try {
          Cluster cluster = Cluster.parseFrom(any.getValue());
          if (cluster.getName().equals("bench")) {
            long got =
                cluster.getConnectTimeout().getSeconds() * 1000
                    + cluster.getConnectTimeout().getNanos() / 1_000_000;
            return got == millis;
          }
        } catch (InvalidProtocolBufferException e) {
          return false;
        }
      }
      return false;
    }

    void close() {
      synchronized (requests) {
        requests.onCompleted();
      }
    }
  }

  static String proxy(String name, int i) {
    return """
        {"type": "Dataplane", "mesh": "default", "name": "%s",
         "networking": {"address": "10.%d.%d.%d",
           "inbound": [{"port": 8080, "tags": {"kuma.io/service": "bench-client", "kuma.io/protocol": "http"}}],
           "outbound": [{"port": 10001, "tags": {"kuma.io/service": "bench"}}]}}
        """
        .formatted(name, 1 + i / 65536, (i / 256) % 256, i % 256);
  }

  static void register(String api, String name, String body) {
    PutToRoutingLatencyBenchmark.expect(
        PutToRoutingLatencyBenchmark.put(api, name, body), 201, 200);
  }

  /** The timed write: the MeshTimeout's connect timeout becomes {@code millis}. */
  static void put(String api, long millis) throws Exception {
    String body =
        """
        {"type": "MeshTimeout", "mesh": "default", "name": "bench-timeout",
         "spec": {"targetRef": {"kind": "Mesh"},
           "to": [{"targetRef": {"kind": "MeshService", "name": "bench"},
                   "default": {"connectionTimeout": "%dms"}}]}}
        """
            .formatted(millis);
    HttpResponse<String> response =
        PutToRoutingLatencyBenchmark.HTTP.send(
            HttpRequest.newBuilder(URI.create(api + "/meshes/default/meshtimeouts/bench-timeout"))
                .header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(30))
                .PUT(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    PutToRoutingLatencyBenchmark.expect(response, 201, 200);
  }
}
