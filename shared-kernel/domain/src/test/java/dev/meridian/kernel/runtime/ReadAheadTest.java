package dev.meridian.kernel.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ReadAheadTest {

  @Test
  void handsEveryItemOverInOrderOnTheCallersThread() {
    List<Integer> seen = new ArrayList<>();
    Thread caller = Thread.currentThread();
    ReadAhead.<Integer>run(
        "test",
        2,
        sink -> {
          for (int i = 0; i < 100; i++) {
            sink.handOver(i);
          }
        },
        item -> {
          assertThat(Thread.currentThread()).isSameAs(caller);
          seen.add(item);
        });
    assertThat(seen).hasSize(100).isSorted();
  }

  @Test
  void producesNoMoreThanItsBoundAheadOfTheCaller() throws Exception {
    AtomicInteger produced = new AtomicInteger();
    CountDownLatch filled = new CountDownLatch(3);
    AtomicBoolean sawBound = new AtomicBoolean();
    ReadAhead.<Integer>run(
        "test",
        3,
        sink -> {
          for (int i = 0; i < 10; i++) {
            sink.handOver(i);
            produced.incrementAndGet();
            filled.countDown();
          }
        },
        item -> {
          if (item == 0) {
            // While the first item is being handled the producer fills the queue and waits:
            // item 0 taken, three queued, the fifth hand-over blocked.
            try {
              assertThat(filled.await(10, TimeUnit.SECONDS)).isTrue();
            } catch (InterruptedException e) {
              throw new IllegalStateException(e);
            }
            sawBound.set(produced.get() <= 4);
          }
        });
    assertThat(sawBound).isTrue();
    assertThat(produced.get()).isEqualTo(10);
  }

  @Test
  void aProducersFailureReachesTheCaller() {
    assertThatThrownBy(
            () ->
                ReadAhead.<Integer>run(
                    "test",
                    2,
                    sink -> {
                      sink.handOver(1);
                      throw new IllegalStateException("broker gone");
                    },
                    item -> {}))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("broker gone");
  }

  @Test
  void aCallersFailureStopsTheProducer() throws Exception {
    AtomicBoolean producerSawStop = new AtomicBoolean();
    CountDownLatch producerEnded = new CountDownLatch(1);
    assertThatThrownBy(
            () ->
                ReadAhead.<Integer>run(
                    "test",
                    1,
                    sink -> {
                      try {
                        for (int i = 0; ; i++) {
                          if (!sink.handOver(i)) {
                            producerSawStop.set(sink.stopped());
                            return;
                          }
                        }
                      } finally {
                        producerEnded.countDown();
                      }
                    },
                    item -> {
                      throw new IllegalArgumentException("cannot fold");
                    }))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(producerEnded.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(producerSawStop).isTrue();
  }
}
