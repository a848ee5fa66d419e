package dev.meridian.kernel.insight;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Kuma's {@code {total, online, offline, partiallyDegraded}} counters. */
final class StatusCounts {
  private int online;
  private int offline;
  private int partiallyDegraded;

  void add(DataplaneStatus status) {
    switch (status) {
      case ONLINE -> online++;
      case OFFLINE -> offline++;
      case PARTIALLY_DEGRADED -> partiallyDegraded++;
    }
  }

  int total() {
    return online + offline + partiallyDegraded;
  }

  int online() {
    return online;
  }

  ObjectNode toJson() {
    return JsonNodeFactory.instance
        .objectNode()
        .put("total", total())
        .put("online", online)
        .put("offline", offline)
        .put("partiallyDegraded", partiallyDegraded);
  }
}
