package dev.meridian.kernel.runtime;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Produces items on a thread of its own, a bounded number ahead of the caller's thread, which
 * handles them in order: how a log reader polls the broker while the previous batches are folded.
 * An exception on either side stops both and reaches the caller.
 */
public final class ReadAhead {
  private static final Object END = new Object();
  private static final AtomicInteger THREADS = new AtomicInteger();

  private ReadAhead() {}

  /** Where a producer hands its items over. */
  public interface Sink<T> {
    /** Waits for room; false when the caller has stopped taking items (the producer should end). */
    boolean handOver(T item) throws InterruptedException;

    /** True once the caller has stopped taking items. */
    boolean stopped();
  }

  /** Produces every item, then returns; runs on the read-ahead thread. */
  public interface Producer<T> {
    void produce(Sink<T> sink) throws InterruptedException;
  }

  /**
   * Runs {@code producer} on a thread named {@code name}, at most {@code ahead} items ahead, and
   * hands each item to {@code consumer} on this thread; returns when the producer has finished and
   * every item is handled.
   */
  public static <T> void run(String name, int ahead, Producer<T> producer, Consumer<T> consumer) {
    BlockingQueue<Object> queue = new ArrayBlockingQueue<>(ahead);
    AtomicBoolean stopped = new AtomicBoolean();
    Sink<Object> sink =
        new Sink<>() {
          @Override
          public boolean handOver(Object item) throws InterruptedException {
            while (!queue.offer(item, 100, TimeUnit.MILLISECONDS)) {
              if (stopped.get()) {
                return false;
              }
            }
            return true;
          }

          @Override
          public boolean stopped() {
            return stopped.get();
          }
        };
    @SuppressWarnings("unchecked")
    Sink<T> typed = (Sink<T>) sink;
    Thread thread =
        new Thread(
            () -> {
              Object last = END;
              try {
                producer.produce(typed);
              } catch (RuntimeException e) {
                last = e;
              } catch (InterruptedException e) {
                return; // the caller stopped taking items
              }
              try {
                sink.handOver(last);
              } catch (InterruptedException e) {
                // the caller stopped taking items
              }
            },
            name + "-" + THREADS.incrementAndGet());
    thread.setDaemon(true);
    thread.start();
    try {
      while (true) {
        Object next = queue.take();
        if (next == END) {
          return;
        }
        if (next instanceof RuntimeException e) {
          throw e;
        }
        @SuppressWarnings("unchecked")
        T item = (T) next;
        consumer.accept(item);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while reading ahead", e);
    } finally {
      // A flag, not an interrupt: the producer may be closing a client that an interrupt would
      // make wait out its timeout. It sees the flag at its next hand-over.
      stopped.set(true);
    }
  }
}
