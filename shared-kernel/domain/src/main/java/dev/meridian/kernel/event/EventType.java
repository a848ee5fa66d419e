package dev.meridian.kernel.event;

/** The wire name and current revision of one event class. */
public record EventType(String name, int revision, Class<? extends DomainEvent> javaType) {

  /** True for the events that remove their resource (the rest carry the whole resource). */
  public boolean removesResource() {
    return ResourceRemoval.class.isAssignableFrom(javaType);
  }
}
