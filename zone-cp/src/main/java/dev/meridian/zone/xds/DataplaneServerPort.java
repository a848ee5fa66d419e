package dev.meridian.zone.xds;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/** The port the dataplane server actually listens on, for bootstraps (it may be ephemeral). */
@Component
class DataplaneServerPort {
  private final ObjectProvider<DataplaneServer> server;

  DataplaneServerPort(ObjectProvider<DataplaneServer> server) {
    this.server = server;
  }

  int get() {
    return server.getObject().port();
  }
}
