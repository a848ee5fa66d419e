package dev.meridian.kernel.event;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** Turns the payload of {@code type} at {@code fromRevision} into its form at the next revision. */
public interface Upcaster {
  String type();

  int fromRevision();

  ObjectNode upcast(ObjectNode payload);
}
