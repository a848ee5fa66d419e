package dev.meridian.runtime.health;

import dev.meridian.runtime.ControlPlaneRole;
import io.prometheus.metrics.core.metrics.Info;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.LinkedHashMap;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * {@code cp_info}: which control plane this is, as Kuma's metric of the same name says it, with the
 * labels its role names. An OpenMetrics info metric, registered on the Prometheus registry itself
 * (Micrometer would drop the {@code _info} suffix).
 */
@Component
class ControlPlaneInfo {
  ControlPlaneInfo(ObjectProvider<PrometheusRegistry> registry, ControlPlaneRole role) {
    LinkedHashMap<String, String> identity = role.identity();
    registry.ifAvailable(
        prometheus ->
            Info.builder()
                .name("cp_info")
                .help("Control plane identity")
                .labelNames(identity.keySet().toArray(String[]::new))
                .register(prometheus)
                .addLabelValues(identity.values().toArray(String[]::new)));
  }
}
