package dev.meridian.kernel.history;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meridian.kernel.event.EventEnvelope;
import dev.meridian.kernel.event.LogRecordCodec;
import dev.meridian.kernel.log.LogPosition;
import dev.meridian.kernel.log.LogReader;
import dev.meridian.kernel.log.PositionedRecord;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** Which recovery a command side gets at start, decided against an event store held in memory. */
class CommandSideRecoveryTest {
  final HistoryTest history = new HistoryTest();
  final List<PositionedRecord> ownTopic =
      history.log.stream()
          .filter(r -> r.position().topic().equals(HistoryTest.ZONE.topic()))
          .toList();

  final LogReader reader =
      new LogReader() {
        @Override
        public Map<LogPosition, Long> endOffsets(Set<String> topics) {
          Map<LogPosition, Long> end = new HashMap<>();
          ownTopic.forEach(r -> end.merge(r.position(), r.offset() + 1, Math::max));
          return end;
        }

        @Override
        public void read(Map<LogPosition, Long> end, Consumer<List<PositionedRecord>> batches) {
          batches.accept(ownTopic);
        }

        @Override
        public Optional<PositionedRecord> readOne(LogPosition position, long offset) {
          return Optional.empty();
        }
      };

  /** An event store in memory: its events, and the publisher's position as "published up to". */
  static final class MemoryStore implements CommandSideRecovery.EventStore {
    final List<EventEnvelope> events = new ArrayList<>();
    Integer publishedUpTo;
    boolean publisherStarted;

    @Override
    public boolean hasEvents() {
      return !events.isEmpty();
    }

    @Override
    public boolean publisherHasStarted() {
      return publisherStarted;
    }

    @Override
    public long storedEvents() {
      return events.size();
    }

    @Override
    public Map<String, Long> storedSequences() {
      Map<String, Long> out = new HashMap<>();
      events.forEach(e -> out.merge(e.aggregateId(), e.sequence(), Math::max));
      return out;
    }

    @Override
    public void discard() {
      events.clear();
      publisherStarted = false;
      publishedUpTo = null;
    }

    @Override
    public void append(List<EventEnvelope> batch) {
      events.addAll(batch);
    }

    @Override
    public Object head() {
      return events.size();
    }

    @Override
    public void startPublisherAtHead() {
      publisherStarted = true;
      publishedUpTo = events.size();
    }

    @Override
    public void skipPublishingWrittenBack(Object headBefore) {
      if (publishedUpTo != null && publishedUpTo >= (Integer) headBefore) {
        publishedUpTo = events.size();
      }
    }
  }

  final MemoryStore store = new MemoryStore();
  final List<String> reported = new ArrayList<>();
  final CommandSideRecovery.Reporter reporter =
      new CommandSideRecovery.Reporter() {
        @Override
        public void info(String message) {
          reported.add(message);
        }

        @Override
        public void warn(String message) {
          reported.add(message);
        }
      };

  CommandSideRecovery recovery() {
    return new CommandSideRecovery(reader, HistoryTest.ZONE, store, reporter);
  }

  List<EventEnvelope> decodedTopic() {
    LogRecordCodec codec = new LogRecordCodec();
    return ownTopic.stream().map(r -> codec.decode(r.record())).toList();
  }

  @Test
  void anEmptyStoreGetsEveryEventBackAndThePublisherStartsAfterThem() {
    assertThat(recovery().run(false)).isEqualTo(CommandSideRecovery.Outcome.RESTORED);
    assertThat(store.events)
        .extracting(EventEnvelope::eventId)
        .containsExactlyElementsOf(decodedTopic().stream().map(EventEnvelope::eventId).toList());
    assertThat(store.publishedUpTo).isEqualTo(store.events.size());
  }

  @Test
  void aStoreHoldingEverythingIsLeftAlone() {
    store.append(decodedTopic());
    store.startPublisherAtHead();
    assertThat(recovery().run(false)).isEqualTo(CommandSideRecovery.Outcome.NOT_NEEDED);
    assertThat(store.events).hasSize(ownTopic.size());
  }

  @Test
  void aRestoreThatDidNotFinishIsDoneAgain() {
    store.append(decodedTopic().subList(0, 1)); // no publisher position: written last, never got to
    assertThat(recovery().run(false)).isEqualTo(CommandSideRecovery.Outcome.RESTORED);
    assertThat(store.events).hasSize(ownTopic.size());
    assertThat(reported).anyMatch(m -> m.contains("unfinished restore"));
  }

  @Test
  void aLaggingStoreGetsOnlyWhatItLacksAndThePublisherSkipsIt() {
    List<EventEnvelope> all = decodedTopic();
    store.append(all.subList(0, 2));
    store.startPublisherAtHead();
    assertThat(recovery().run(false)).isEqualTo(CommandSideRecovery.Outcome.CAUGHT_UP);
    assertThat(store.events).containsExactlyInAnyOrderElementsOf(all);
    assertThat(store.publishedUpTo).isEqualTo(all.size());
  }

  @Test
  void aForcedRebuildDiscardsTheStoreFirst() {
    store.append(decodedTopic());
    store.startPublisherAtHead();
    assertThat(recovery().run(true)).isEqualTo(CommandSideRecovery.Outcome.RESTORED);
    assertThat(store.events).hasSize(ownTopic.size());
  }
}
