package dev.meridian.kernel.projection;

/** What the fold did with one event. */
public record ApplyOutcome(Status status, Reason reason, String detail) {

  public enum Status {
    APPLIED,
    /** The same event (or an older one of the same aggregate) was seen before: nothing changed. */
    DUPLICATE,
    /** The event is not allowed from where it was read: nothing changed. */
    REJECTED,
    /** A legitimate event this projection does not keep (another zone's dataplanes): ignored. */
    SKIPPED
  }

  public enum Reason {
    NONE,
    /** Applied, but events of this aggregate are missing before it. */
    SEQUENCE_GAP,
    ORIGIN_MISMATCH,
    KIND_NOT_OWNED_BY_SOURCE,
    KEY_MISMATCH,
    ZONE_TAG_MISMATCH
  }

  static ApplyOutcome applied() {
    return new ApplyOutcome(Status.APPLIED, Reason.NONE, "");
  }

  static ApplyOutcome gap(String detail) {
    return new ApplyOutcome(Status.APPLIED, Reason.SEQUENCE_GAP, detail);
  }

  public static ApplyOutcome skipped() {
    return new ApplyOutcome(Status.SKIPPED, Reason.NONE, "");
  }

  static ApplyOutcome duplicate() {
    return new ApplyOutcome(Status.DUPLICATE, Reason.NONE, "");
  }

  static ApplyOutcome rejected(Reason reason, String detail) {
    return new ApplyOutcome(Status.REJECTED, reason, detail);
  }

  public boolean changedState() {
    return status == Status.APPLIED;
  }
}
