package dev.meridian.global.config;

import io.prometheus.metrics.core.metrics.Info;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * {@code cp_info}: which control plane this is, as Kuma's metric of the same name says it (an
 * OpenMetrics info metric; Micrometer would drop the {@code _info} suffix).
 */
@Component
class ControlPlaneInfo {
  ControlPlaneInfo(ObjectProvider<PrometheusRegistry> registry) {
    registry.ifAvailable(
        prometheus ->
            Info.builder()
                .name("cp_info")
                .help("Control plane identity")
                .labelNames("product", "version", "mode")
                .register(prometheus)
                .addLabelValues(
                    "Meridian",
                    String.valueOf(getClass().getPackage().getImplementationVersion()),
                    "global"));
  }
}
