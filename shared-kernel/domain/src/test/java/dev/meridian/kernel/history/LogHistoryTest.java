package dev.meridian.kernel.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.meridian.kernel.api.ApiFailure;
import dev.meridian.kernel.log.LogCut;
import dev.meridian.kernel.log.LogPosition;
import dev.meridian.kernel.log.LogReader;
import dev.meridian.kernel.log.PositionedRecord;
import dev.meridian.kernel.projection.Projection;
import dev.meridian.kernel.resource.ResourceKey;
import dev.meridian.kernel.resource.ResourceKind;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class LogHistoryTest {
  final HistoryTest history = new HistoryTest();
  final AtomicInteger replays = new AtomicInteger();

  /** The test's log, held in memory: what a broker would hand over. */
  final LogReader reader =
      new LogReader() {
        @Override
        public Map<LogPosition, Long> endOffsets(Set<String> topics) {
          Map<LogPosition, Long> end = new HashMap<>();
          for (PositionedRecord r : history.log) {
            end.merge(r.position(), r.offset() + 1, Math::max);
          }
          return end;
        }

        @Override
        public void read(Map<LogPosition, Long> end, Consumer<List<PositionedRecord>> batches) {
          replays.incrementAndGet();
          batches.accept(
              history.log.stream()
                  .filter(r -> r.offset() < end.getOrDefault(r.position(), 0L))
                  .toList());
        }

        @Override
        public Optional<PositionedRecord> readOne(LogPosition position, long offset) {
          return history.log.stream()
              .filter(r -> r.position().equals(position) && r.offset() == offset)
              .findFirst();
        }
      };

  final LogHistory logHistory =
      new LogHistory(reader, () -> List.of(HistoryTest.GLOBAL, HistoryTest.ZONE));

  @Test
  void aPositionNamesTheStateJustAfterItsEvent() {
    LogCut cut =
        logHistory.resolve(new LogCut.Requested.Position(HistoryTest.ZONE_P1, 0)).orElseThrow();
    Projection view = logHistory.at(cut);
    assertThat(view.list(ResourceKind.DATAPLANE, "m")).hasSize(2);
    assertThat(logHistory.resolve(new LogCut.Requested.Position(HistoryTest.ZONE_P1, 9))).isEmpty();
    assertThat(
            logHistory.resolve(new LogCut.Requested.Position(new LogPosition("elsewhere", 0), 0)))
        .isEmpty();
  }

  @Test
  void aRepeatedQuestionAboutAnUnchangedLogIsNotReplayedAgain() {
    LogCut cut = LogCut.at(HistoryTest.minute(2));
    Projection first = logHistory.at(cut);
    assertThat(logHistory.at(cut)).isSameAs(first);
    assertThat(replays).hasValue(1);
    history.append(
        HistoryTest.ZONE_P0,
        2,
        "zone-1",
        2,
        1,
        "late",
        new dev.meridian.kernel.event.DataplaneEvent.DataplaneDeregistered("m", "web-1"));
    // The log moved: a late event with an old time changes what 14:02 looked like.
    assertThat(logHistory.at(cut).get(ResourceKey.dataplane("m", "web-1"))).isEmpty();
    assertThat(replays).hasValue(2);
  }

  @Test
  void auditPagesAreNewestFirstWithALinkToTheNext() {
    ObjectNode page =
        HistoryRequests.auditPage(logHistory, AuditQuery.all(), "1", "2", o -> "next?offset=" + o);
    assertThat(page.get("total").asLong()).isEqualTo(5);
    assertThat(page.get("items")).hasSize(2);
    assertThat(page.at("/items/0/name").asText()).isEqualTo("web-1");
    assertThat(page.get("next").asText()).isEqualTo("next?offset=3");
    ObjectNode last = HistoryRequests.auditPage(logHistory, AuditQuery.all(), "4", "2", o -> "x");
    assertThat(last.get("items")).hasSize(1);
    assertThat(last.get("next").isNull()).isTrue();
  }

  @Test
  void badHistoryParametersAreFieldErrors() {
    assertThatThrownBy(() -> HistoryRequests.view("noon", new Projection(), logHistory))
        .isInstanceOf(ApiFailure.class)
        .satisfies(
            e ->
                assertThat(((ApiFailure) e).problem().invalidParameters())
                    .extracting(v -> v.field())
                    .containsExactly("at"));
    assertThatThrownBy(
            () ->
                HistoryRequests.auditQuery(
                    Map.of("since", "2026-01-02T00:00:00Z", "until", "2026-01-01T00:00:00Z")::get))
        .isInstanceOf(ApiFailure.class);
    assertThatThrownBy(() -> HistoryRequests.diff("m", null, null, new Projection(), logHistory))
        .isInstanceOf(ApiFailure.class);
  }
}
