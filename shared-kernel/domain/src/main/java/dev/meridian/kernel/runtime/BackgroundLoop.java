package dev.meridian.kernel.runtime;

import java.time.Duration;
import java.util.function.Consumer;

/**
 * A daemon thread that runs {@code body} until stopped, starting it again after {@code retry} when
 * it fails — how every control plane follows a topic. {@code interrupt} is called on stop to wake a
 * blocked body (e.g. a Kafka consumer's wakeup).
 */
public final class BackgroundLoop {
  /** One attempt; returns normally when it wants to be run again at once. */
  @FunctionalInterface
  public interface Body {
    void run() throws Exception;
  }

  private final String name;
  private final Body body;
  private final Runnable interrupt;
  private final Duration retry;
  private final Consumer<Exception> onFailure;
  private volatile boolean running;
  private volatile Thread thread;

  public BackgroundLoop(
      String name, Body body, Runnable interrupt, Duration retry, Consumer<Exception> onFailure) {
    this.name = name;
    this.body = body;
    this.interrupt = interrupt;
    this.retry = retry;
    this.onFailure = onFailure;
  }

  public synchronized void start() {
    if (running) {
      return;
    }
    running = true;
    thread = new Thread(this::loop, name);
    thread.setDaemon(true);
    thread.start();
  }

  /** Stops, waking the body, and waits up to {@code grace} for it to return. */
  public void stop(Duration grace) {
    running = false;
    interrupt.run();
    Thread current = thread;
    if (current != null) {
      try {
        current.join(grace.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Whether the body should keep going: false once {@link #stop} was called. */
  public boolean running() {
    return running;
  }

  private void loop() {
    while (running) {
      try {
        body.run();
      } catch (Exception e) {
        if (!running) {
          return;
        }
        onFailure.accept(e);
        try {
          Thread.sleep(retry.toMillis());
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }
}
