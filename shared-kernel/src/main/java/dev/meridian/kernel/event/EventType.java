package dev.meridian.kernel.event;

/** The wire name and current revision of one event class. */
public record EventType(String name, int revision, Class<? extends DomainEvent> javaType) {}
