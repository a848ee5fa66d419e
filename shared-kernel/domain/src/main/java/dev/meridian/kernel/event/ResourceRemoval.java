package dev.meridian.kernel.event;

/**
 * An event that removes its resource. Its type name says so without reading the payload, which is
 * what lets a catch-up tell a removal from an upsert by the record's headers alone.
 */
public interface ResourceRemoval {}
