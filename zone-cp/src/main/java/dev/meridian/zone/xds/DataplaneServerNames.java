package dev.meridian.zone.xds;

import dev.meridian.runtime.tls.TlsServerNames;
import dev.meridian.zone.config.ZoneProperties;
import java.util.Collection;
import java.util.List;
import org.springframework.stereotype.Component;

/** A generated certificate must also be valid for where proxies dial the dataplane server. */
@Component
class DataplaneServerNames implements TlsServerNames {
  private final ZoneProperties.DataplaneServer settings;

  DataplaneServerNames(ZoneProperties properties) {
    this.settings = properties.dataplaneServer();
  }

  @Override
  public Collection<String> serverNames() {
    return List.of(settings.address(), settings.advertisedHost());
  }
}
