package dev.meridian.kernel.runtime;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/** A task run every {@code interval} on a daemon thread of its own; a failing run is reported. */
public final class Periodic {
  private final ScheduledExecutorService scheduler;

  private Periodic(ScheduledExecutorService scheduler) {
    this.scheduler = scheduler;
  }

  public static Periodic start(
      String name,
      Duration initialDelay,
      Duration interval,
      Runnable task,
      Consumer<RuntimeException> onFailure) {
    ScheduledExecutorService scheduler =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, name);
              t.setDaemon(true);
              return t;
            });
    scheduler.scheduleWithFixedDelay(
        () -> {
          try {
            task.run();
          } catch (RuntimeException e) {
            onFailure.accept(e);
          }
        },
        initialDelay.toMillis(),
        interval.toMillis(),
        TimeUnit.MILLISECONDS);
    return new Periodic(scheduler);
  }

  public void stop() {
    scheduler.shutdownNow();
  }
}
