package dev.meridian.runtime.security;

import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * The access audit: every refused request is counted ({@code meridian_api_denied_total{reason}};
 * proxies refused on the dataplane server in {@code meridian_dataplane_denied_total}) and the
 * latest are kept for {@code GET /audit/access}. Never a resource event: a refusal changes nothing.
 */
@Component
public class AccessDenials {
  private static final int KEPT = 200;

  /** One refusal: when (RFC 3339), what was asked, by whom (null when no valid token), and why. */
  public record Denial(
      String time, String method, String path, String subject, String reason, String detail) {}

  private final MeterRegistry meters;
  private final Deque<Denial> recent = new ArrayDeque<>();
  private long total;

  public AccessDenials(MeterRegistry meters) {
    this.meters = meters;
  }

  public void record(Denial denial) {
    meters.counter("meridian_api_denied_total", "reason", denial.reason()).increment();
    keep(denial);
  }

  /**
   * A proxy refused on the dataplane server ({@code endpoint}: {@code bootstrap} or {@code ads}),
   * counted in {@code meridian_dataplane_denied_total{endpoint,reason}} and listed with the rest.
   */
  public void recordDataplane(String endpoint, Denial denial) {
    meters
        .counter("meridian_dataplane_denied_total", "endpoint", endpoint, "reason", denial.reason())
        .increment();
    keep(denial);
  }

  private void keep(Denial denial) {
    synchronized (recent) {
      total++;
      recent.addFirst(denial);
      if (recent.size() > KEPT) {
        recent.removeLast();
      }
    }
  }

  /** The latest refusals, newest first. */
  public List<Denial> recent() {
    synchronized (recent) {
      return List.copyOf(recent);
    }
  }

  public long total() {
    synchronized (recent) {
      return total;
    }
  }
}
