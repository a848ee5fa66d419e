package dev.meridian.kernel.log;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class OwnLogReadBackTest {
  final Map<String, Long> read = new ConcurrentHashMap<>();
  final AtomicBoolean caughtUp = new AtomicBoolean();
  final AtomicInteger caughtUpAsked = new AtomicInteger();

  OwnLogReadBack readBack(Duration firstWait) {
    return new OwnLogReadBack(
        k -> read.getOrDefault(k, -1L),
        () -> {
          caughtUpAsked.incrementAndGet();
          return caughtUp.get();
        },
        firstWait);
  }

  @Test
  void anEventIsOnTheLogOnceItOrALaterOneOfItsResourceWasReadBack() {
    caughtUp.set(true);
    read.put("meshtimeout/default/t", 3L);
    OwnLogReadBack subject = readBack(Duration.ofSeconds(5));

    assertThat(subject.holds("meshtimeout/default/t", 2)).isTrue();
    assertThat(subject.holds("meshtimeout/default/t", 3)).isTrue();
    assertThat(subject.holds("meshtimeout/default/t", 4)).isFalse();
    assertThat(subject.holds("meshtimeout/default/other", 0)).isFalse();
  }

  @Test
  void theFirstQuestionWaitsUntilTheProjectionHasReadTheTopicAsItWasAtStart() throws Exception {
    OwnLogReadBack subject = readBack(Duration.ofSeconds(30));
    ExecutorService processor = Executors.newSingleThreadExecutor();
    try {
      Future<Boolean> answer = processor.submit(() -> subject.holds("dataplane/default/a", 0));
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (caughtUpAsked.get() < 2 && System.nanoTime() < deadline) {
        Thread.onSpinWait();
      }
      assertThat(caughtUpAsked.get()).as("asked again: still waiting").isGreaterThanOrEqualTo(2);
      assertThat(answer).isNotDone();

      read.put("dataplane/default/a", 0L);
      caughtUp.set(true);

      assertThat(answer.get(10, TimeUnit.SECONDS)).isTrue();
    } finally {
      processor.shutdownNow();
    }
  }

  @Test
  void theFirstWaitIsBoundedAndLaterQuestionsDoNotWait() {
    OwnLogReadBack subject = readBack(Duration.ofMillis(50));

    assertThat(subject.holds("dataplane/default/a", 0)).isFalse();
    int askedDuringFirstWait = caughtUpAsked.get();
    assertThat(subject.holds("dataplane/default/a", 0)).isFalse();
    assertThat(caughtUpAsked.get()).isEqualTo(askedDuringFirstWait);
  }
}
