package dev.meridian.kernel.xds;

import com.google.protobuf.Message;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Where a renderer gets the resources that depend on one service only (its cluster, its endpoints).
 * Rendering them once per service instead of once per proxy is what keeps generation linear in the
 * number of proxies; {@link #NONE} renders every time (tests, one-off renders).
 */
@FunctionalInterface
public interface SharedResources {
  SharedResources NONE =
      new SharedResources() {
        @Override
        public <T extends Message> T get(
            String kind,
            ProxyModel.ServiceCluster service,
            Function<ProxyModel.ServiceCluster, T> render) {
          return render.apply(service);
        }
      };

  /**
   * The {@code kind} resource of {@code service} (e.g. "envoy-cluster"), rendered by {@code render}
   * if it has not been yet for this service.
   */
  <T extends Message> T get(
      String kind,
      ProxyModel.ServiceCluster service,
      Function<ProxyModel.ServiceCluster, T> render);

  /**
   * The {@code kind} resource rendered from {@code inputs}: a source may hand out one it rendered
   * before from equal inputs (proxies with equal outbounds and rules share their listeners), the
   * default renders every time. {@code inputs} must hold everything {@code render} reads, and
   * compare by value.
   */
  default <T extends Message> T memo(String kind, Object inputs, Supplier<T> render) {
    return render.get();
  }
}
