package dev.meridian.zone.xds;

import dev.meridian.kernel.resource.ResourceKey;
import dev.meridian.kernel.xds.ProxyModel;
import io.envoyproxy.controlplane.server.DiscoveryServerCallbacks;
import io.envoyproxy.envoy.service.discovery.v3.DeltaDiscoveryRequest;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryRequest;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryResponse;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * Follows every ADS stream: registers the proxy on its first request (so its snapshot gets built),
 * and records sends, ACKs and NACKs as insights and metrics.
 */
@Component
public class XdsCallbacks implements DiscoveryServerCallbacks {
  private final XdsSnapshots snapshots;
  private final DataplaneInsights insights;
  private final MeterRegistry meters;
  private final Map<Long, String> groupByStream = new ConcurrentHashMap<>();
  private final Map<String, Counter> sent = new ConcurrentHashMap<>();
  private final Map<String, Counter> acknowledged = new ConcurrentHashMap<>();

  public XdsCallbacks(XdsSnapshots snapshots, DataplaneInsights insights, MeterRegistry meters) {
    this.snapshots = snapshots;
    this.insights = insights;
    this.meters = meters;
  }

  @Override
  public void onV3StreamRequest(long streamId, DiscoveryRequest request) {
    if (!groupByStream.containsKey(streamId) && request.hasNode()) {
      String nodeId = request.getNode().getId();
      ResourceKey dataplane =
          ProxyModel.parseIngressNodeId(nodeId)
              .map(ResourceKey::zoneIngress)
              .orElseGet(
                  () -> {
                    String[] meshAndName =
                        ProxyModel.parseNodeId(nodeId).orElse(new String[] {"", nodeId});
                    return ResourceKey.dataplane(meshAndName[0], meshAndName[1]);
                  });
      ProxyKind kind = ProxyKind.of(request.getNode());
      String group = ProxyKind.group(request.getNode());
      groupByStream.put(streamId, group);
      insights.connected(streamId, dataplane, kind);
      snapshots.streamOpened(group, dataplane, kind);
    }
    if (!request.getResponseNonce().isEmpty()) {
      if (request.hasErrorDetail()) {
        insights.rejected(streamId, request.getTypeUrl(), request.getErrorDetail().getMessage());
        String group = groupByStream.get(streamId);
        if (group != null) {
          snapshots.rejected(group, request.getTypeUrl(), request.getErrorDetail().getMessage());
        }
      } else {
        insights.acknowledged(streamId, request.getTypeUrl());
        String group = groupByStream.get(streamId);
        if (group != null) {
          snapshots.acknowledged(group);
        }
        counter(acknowledged, "xds_delivery_acknowledged_total", request.getTypeUrl()).increment();
      }
    }
  }

  @Override
  public void onV3StreamResponse(
      long streamId, DiscoveryRequest request, DiscoveryResponse response) {
    insights.sent(streamId, response.getTypeUrl());
    counter(sent, "xds_delivery_sent_total", response.getTypeUrl()).increment();
  }

  /** One counter per type URL, looked up in the registry once (this runs for every response). */
  private Counter counter(Map<String, Counter> byType, String name, String typeUrl) {
    return byType.computeIfAbsent(
        typeUrl, t -> meters.counter(name, "type", DataplaneInsights.shortType(t)));
  }

  @Override
  public void onV3StreamDeltaRequest(long streamId, DeltaDiscoveryRequest request) {
    // Delta xDS is not offered: proxies use state-of-the-world ADS.
  }

  @Override
  public void onStreamClose(long streamId, String typeUrl) {
    closed(streamId);
  }

  @Override
  public void onStreamCloseWithError(long streamId, String typeUrl, Throwable error) {
    closed(streamId);
  }

  private void closed(long streamId) {
    String group = groupByStream.remove(streamId);
    insights.disconnected(streamId);
    if (group != null) {
      snapshots.streamClosed(group);
    }
  }
}
