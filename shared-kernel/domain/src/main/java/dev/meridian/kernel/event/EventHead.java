package dev.meridian.kernel.event;

/**
 * What a record's key and headers say about its event, read without its payload: enough for a
 * catch-up to place the record (which resource, which control plane, which step of the resource's
 * history) and to decide whether its payload is needed at all.
 */
public record EventHead(EventType type, String origin, String aggregateId, long sequence) {}
