package dev.meridian.kernel.log;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meridian.kernel.event.EventEnvelope;
import dev.meridian.kernel.event.LogRecord;
import dev.meridian.kernel.event.LogRecordCodec;
import dev.meridian.kernel.event.MeshEvent;
import dev.meridian.kernel.projection.ApplyOutcome;
import dev.meridian.kernel.projection.LogSource;
import dev.meridian.kernel.projection.Projection;
import dev.meridian.kernel.resource.MeshSpec;
import dev.meridian.kernel.resource.ResourceKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class LogFollowerTest {
  static final LogSource SOURCE = LogSource.standaloneZone("zone-1");
  static final LogPosition P0 = new LogPosition(SOURCE.topic(), 0);

  final Projection projection = new Projection();
  final List<String> seen = new ArrayList<>();
  final LogFollower follower =
      new LogFollower(
          projection,
          List.of(SOURCE),
          new FeedObserver() {
            @Override
            public void applied(LogSource source, PositionedRecord record, ApplyOutcome outcome) {
              seen.add(outcome.status().name());
            }

            @Override
            public void rejected(
                LogSource source, PositionedRecord record, String reason, String detail) {
              seen.add(reason);
            }
          });

  static PositionedRecord mesh(LogPosition position, long offset, String name, long sequence) {
    LogRecord record =
        new LogRecordCodec()
            .encode(
                new EventEnvelope(
                    "id-" + name + "-" + sequence,
                    "zone-1",
                    ResourceKey.mesh(name).logKey(),
                    sequence,
                    Instant.EPOCH,
                    "test",
                    sequence == 0
                        ? new MeshEvent.MeshCreated(name, MeshSpec.empty())
                        : new MeshEvent.MeshUpdated(name, MeshSpec.empty())));
    return new PositionedRecord(position, offset, record);
  }

  @Test
  void appliesInOrderAndRemembersWhereEachPartitionStands() {
    assertThat(follower.nextOffset(P0)).isZero();
    assertThat(follower.apply(List.of(mesh(P0, 0, "a", 0), mesh(P0, 1, "b", 0))))
        .containsExactlyInAnyOrder(ResourceKey.mesh("a"), ResourceKey.mesh("b"));
    assertThat(follower.nextOffset(P0)).isEqualTo(2);
    assertThat(projection.meshExists("a")).isTrue();
  }

  @Test
  void aRedeliveryChangesNothingAndIsReportedAsADuplicate() {
    follower.apply(List.of(mesh(P0, 0, "a", 0)));
    assertThat(follower.apply(List.of(mesh(P0, 1, "a", 0)))).isEmpty();
    assertThat(seen).containsExactly("APPLIED", "DUPLICATE");
  }

  @Test
  void recordsThatCannotBeReadOrComeFromElsewhereAreRejectedAndSkipped() {
    LogRecord garbage = new LogRecord("mesh/x", Map.of(), new byte[] {1, 2});
    PositionedRecord foreign = mesh(new LogPosition("somewhere.else", 0), 0, "x", 0);
    assertThat(follower.apply(List.of(new PositionedRecord(P0, 0, garbage), foreign))).isEmpty();
    assertThat(seen).containsExactly("MALFORMED", "UNKNOWN_TOPIC");
    assertThat(follower.nextOffset(P0)).isEqualTo(1);
  }

  @Test
  void isCaughtUpOnceEveryPartitionReachedTheEndSeenAtStart() {
    follower.catchUpTo(Map.of(P0, 2L));
    assertThat(follower.caughtUp()).isFalse();
    follower.apply(List.of(mesh(P0, 0, "a", 0)));
    assertThat(follower.caughtUp()).isFalse();
    follower.apply(List.of(mesh(P0, 1, "b", 0)));
    assertThat(follower.caughtUp()).isTrue();
  }

  @Test
  void anEmptyLogIsCaughtUpAtOnce() {
    follower.catchUpTo(Map.of(P0, 0L));
    assertThat(follower.caughtUp()).isTrue();
  }

  @Test
  void aWriterWaitingForItsSequenceIsReleasedWhenItIsApplied() throws Exception {
    String id = ResourceKey.mesh("a").logKey();
    CompletableFuture<Boolean> waiting =
        CompletableFuture.supplyAsync(() -> follower.awaitApplied(id, 1, Duration.ofSeconds(10)));
    follower.apply(List.of(mesh(P0, 0, "a", 0)));
    assertThat(waiting).isNotDone();
    follower.apply(List.of(mesh(P0, 1, "a", 1)));
    assertThat(waiting.get(5, TimeUnit.SECONDS)).isTrue();
    assertThat(follower.awaitApplied(id, 5, Duration.ofMillis(50))).isFalse();
  }

  @Test
  void everyWriterWaitingForOneResourceIsReleasedWhileOthersComeAndGo() throws Exception {
    // Writers already satisfied enter and leave while others wait for the next sequence: none of
    // the waiting ones may miss its wake-up (each would otherwise sit out its whole timeout).
    String id = ResourceKey.mesh("a").logKey();
    java.util.concurrent.ExecutorService pool =
        java.util.concurrent.Executors.newFixedThreadPool(8);
    try {
      follower.apply(List.of(mesh(P0, 0, "a", 0)));
      for (int sequence = 1; sequence <= 150; sequence++) {
        long next = sequence;
        List<CompletableFuture<Boolean>> waiting = new ArrayList<>();
        for (int w = 0; w < 8; w++) {
          long wanted = w % 2 == 0 ? next : next - 1;
          waiting.add(
              CompletableFuture.supplyAsync(
                  () -> follower.awaitApplied(id, wanted, Duration.ofSeconds(3)), pool));
        }
        follower.apply(List.of(mesh(P0, sequence, "a", sequence)));
        for (CompletableFuture<Boolean> writer : waiting) {
          assertThat(writer.get(10, TimeUnit.SECONDS)).as("sequence %d", next).isTrue();
        }
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void reportsHowFarTheCatchUpHasCome() {
    assertThat(follower.progress().done()).isFalse();
    follower.catchUpTo(Map.of(P0, 4L));
    follower.apply(List.of(mesh(P0, 0, "a", 0)));
    RebuildProgress partway = follower.progress();
    assertThat(partway.recordsRead()).isEqualTo(1);
    assertThat(partway.recordsRemaining()).isEqualTo(3);
    assertThat(partway.fraction()).isEqualTo(0.25);
    assertThat(partway.done()).isFalse();
    follower.apply(List.of(mesh(P0, 1, "b", 0), mesh(P0, 2, "c", 0), mesh(P0, 3, "d", 0)));
    RebuildProgress done = follower.progress();
    assertThat(done.done()).isTrue();
    assertThat(done.recordsRemaining()).isZero();
    assertThat(done.recordsPerSecond()).isPositive();
  }
}
