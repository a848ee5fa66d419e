package dev.meridian.zone.config;

import io.prometheus.metrics.core.metrics.Info;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * {@code cp_info}: which control plane this is, as Kuma's metric of the same name says it. An
 * OpenMetrics info metric, registered on the Prometheus registry itself (Micrometer would drop the
 * {@code _info} suffix).
 */
@Component
class ControlPlaneInfo {
  ControlPlaneInfo(ObjectProvider<PrometheusRegistry> registry, ZoneProperties properties) {
    registry.ifAvailable(
        prometheus ->
            Info.builder()
                .name("cp_info")
                .help("Control plane identity")
                .labelNames("product", "version", "instance_id", "mode", "zone")
                .register(prometheus)
                .addLabelValues(
                    "Meridian",
                    String.valueOf(getClass().getPackage().getImplementationVersion()),
                    ManagementInstance.id(),
                    properties.multizone() ? "zone" : "standalone",
                    properties.zone()));
  }
}
