package dev.meridian.e2e.bench;

import static org.awaitility.Awaitility.await;

import dev.meridian.e2e.support.Browser;
import dev.meridian.testkit.KafkaFixture;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * How fast the web GUI shows a mesh of many proxies: a standalone zone with {@code bench.proxies}
 * dataplanes (10,000 by default, in 100 services) registered through its API, then Debian's
 * Chromium loading GUI pages, each timed from the navigation to the data drawn on the page (the API
 * read included), {@code bench.rounds} times. The API reads alone are the baseline. Servers on
 * 127.0.0.1 only; every loop is bounded.
 */
public final class GuiLoadBenchmark {
  static final int PROXIES = Integer.getInteger("bench.proxies", 10_000);
  static final int SERVICES = 100;
  static final int ROUNDS = Integer.getInteger("bench.rounds", 20);
  static final Duration LIMIT = Duration.ofSeconds(30);

  private GuiLoadBenchmark() {}

  public static void main(String[] args) {
    PutToRoutingLatencyBenchmark.quietLogs();
    int status = 0;
    try {
      run();
    } catch (Exception e) {
      e.printStackTrace();
      status = 1;
    } finally {
      System.exit(status);
    }
  }

  static String proxy(int i) {
    return """
        {"type": "Dataplane", "mesh": "default", "name": "p-%d",
         "networking": {"address": "10.%d.%d.%d",
           "inbound": [{"port": 8080, "tags": {"kuma.io/service": "svc-%d", "kuma.io/protocol": "http"}}]}}
        """
        .formatted(i, 1 + i / 65536, (i / 256) % 256, i % 256, i % SERVICES);
  }

  static void run() throws Exception {
    System.out.println("# GuiLoadBenchmark");
    System.out.println("machine: " + Bench.machine());
    Path dataDir = Files.createTempDirectory("meridian-bench-");
    String zoneName = "bench-" + UUID.randomUUID().toString().substring(0, 8);
    ConfigurableApplicationContext zone =
        PutToRoutingLatencyBenchmark.startZone(zoneName, dataDir, KafkaFixture.shared());
    String api = "http://127.0.0.1:" + PutToRoutingLatencyBenchmark.webPort(zone);
    PutToRoutingLatencyBenchmark.awaitStatus(api, "/meshes/default", 200, Duration.ofSeconds(60));
    long registering = System.nanoTime();
    for (int i = 0; i < PROXIES; i++) {
      PolicyPushBenchmark.register(api, "p-" + i, proxy(i));
    }
    System.out.printf(
        "registered %d proxies in %s%n", PROXIES, Bench.ms(System.nanoTime() - registering));

    Bench.Table table = new Bench.Table("what", "rounds", "p50", "p90", "max");
    HttpClient http = HttpClient.newHttpClient();
    String all = "/meshes/default/dataplanes+insights?offset=0&size=50";
    String filtered = "/meshes/default/dataplanes+insights?tag=kuma.io%2Fservice%3Asvc-7&size=50";
    row(table, "API: first page of 50 overviews", () -> read(http, api + all));
    row(table, "API: service filter, first page", () -> read(http, api + filtered));

    Path profile = Files.createTempDirectory("meridian-bench-browser-");
    try (Browser browser = Browser.start(profile, Path.of("target", "gui-bench"))) {
      String gui = api + "/gui";
      String total = PROXIES + " dataplanes";
      Callable<Long> firstPage =
          () ->
              load(
                  browser,
                  gui + "/meshes/default/dataplanes",
                  "[data-test=dataplane-total]",
                  total,
                  50);
      // The first load of all: an empty browser cache, the bundle fetched too.
      Bench.Samples cold = new Bench.Samples();
      cold.add(firstPage.call());
      table.row(
          "GUI: dataplanes, first page, cold cache", 1, Bench.ms(cold.percentile(50)), "-", "-");
      row(table, "GUI: dataplanes, first page of 50", firstPage);
      row(
          table,
          "GUI: dataplanes filtered by service",
          () ->
              load(
                  browser,
                  gui + "/meshes/default/dataplanes?service=svc-7",
                  "[data-test=dataplane-total]",
                  (PROXIES / SERVICES) + " dataplanes",
                  50));
      row(
          table,
          "GUI: dataplanes, last page",
          () ->
              load(
                  browser,
                  gui + "/meshes/default/dataplanes?offset=" + (PROXIES - 50),
                  "[data-test=dataplane-total]",
                  total,
                  50));
      row(
          table,
          "GUI: overview (counts)",
          () ->
              load(browser, gui + "/", "[data-test=dataplanes-card]", String.valueOf(PROXIES), 0));
      row(
          table,
          "GUI: one dataplane (resource, rules, xDS)",
          () ->
              load(
                  browser,
                  gui + "/meshes/default/dataplanes/p-5000",
                  "[data-test=dataplane-xds]",
                  "inbound:",
                  0));
      browser.open(gui + "/meshes/default/dataplanes");
      load(browser, gui + "/meshes/default/dataplanes", "[data-test=dataplane-total]", total, 50);
      browser.screenshot("dataplanes-" + PROXIES);
    } finally {
      zone.close();
    }
    System.out.println(table.render());
  }

  static void row(Bench.Table table, String what, Callable<Long> once) throws Exception {
    Bench.Samples samples = new Bench.Samples();
    for (int i = 0; i < ROUNDS; i++) {
      samples.add(once.call());
    }
    table.row(
        what,
        ROUNDS,
        Bench.ms(samples.percentile(50)),
        Bench.ms(samples.percentile(90)),
        Bench.ms(samples.max()));
  }

  static long read(HttpClient http, String url) throws Exception {
    long t0 = System.nanoTime();
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    long elapsed = System.nanoTime() - t0;
    if (response.statusCode() != 200) {
      throw new IllegalStateException(url + ": " + response.statusCode() + " " + response.body());
    }
    return elapsed;
  }

  /**
   * From the navigation to {@code css} showing {@code text} (and {@code rows} dataplane rows): what
   * a user waits for, the page's API reads included.
   */
  static long load(Browser browser, String url, String css, String text, int rows) {
    browser.open("about:blank");
    long t0 = System.nanoTime();
    browser.open(url);
    await()
        .atMost(LIMIT)
        .pollDelay(Duration.ZERO)
        .pollInterval(Duration.ofMillis(5))
        .until(
            () ->
                browser.text(css).contains(text)
                    && (rows == 0 || browser.all("[data-dataplane]").size() == rows));
    return System.nanoTime() - t0;
  }
}
