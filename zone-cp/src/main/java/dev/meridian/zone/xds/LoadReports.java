package dev.meridian.zone.xds;

import com.google.protobuf.Duration;
import io.envoyproxy.envoy.service.load_stats.v3.LoadReportingServiceGrpc;
import io.envoyproxy.envoy.service.load_stats.v3.LoadStatsRequest;
import io.envoyproxy.envoy.service.load_stats.v3.LoadStatsResponse;
import io.grpc.stub.StreamObserver;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A load reporting (LRS) endpoint that takes reports and keeps nothing. grpc-java counts a
 * cluster's in-flight requests — and so enforces a circuit breaker's {@code max_requests} — only
 * for clusters that report load, so the proxyless rendering names this server as every cluster's
 * LRS server.
 */
final class LoadReports extends LoadReportingServiceGrpc.LoadReportingServiceImplBase {
  static final Duration INTERVAL = Duration.newBuilder().setSeconds(60).build();

  @Override
  public StreamObserver<LoadStatsRequest> streamLoadStats(
      StreamObserver<LoadStatsResponse> responses) {
    AtomicBoolean answered = new AtomicBoolean();
    return new StreamObserver<>() {
      @Override
      public void onNext(LoadStatsRequest request) {
        if (answered.compareAndSet(false, true)) {
          responses.onNext(
              LoadStatsResponse.newBuilder()
                  .setSendAllClusters(true)
                  .setLoadReportingInterval(INTERVAL)
                  .build());
        }
      }

      @Override
      public void onError(Throwable t) {}

      @Override
      public void onCompleted() {
        responses.onCompleted();
      }
    };
  }
}
