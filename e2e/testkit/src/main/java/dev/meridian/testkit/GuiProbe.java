package dev.meridian.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a control plane's web GUI as a browser's first request does: no token, no redirects
 * followed, every response header kept (the GUI's caching and content security policy are part of
 * what is served).
 */
public final class GuiProbe {
  private static final HttpClient CLIENT =
      HttpClient.newBuilder()
          .connectTimeout(Duration.ofSeconds(5))
          .followRedirects(HttpClient.Redirect.NEVER)
          .build();
  private static final Pattern SCRIPT = Pattern.compile("src=\"(/gui/assets/[^\"]+\\.js)\"");

  private GuiProbe() {}

  public record Answer(int status, String body, HttpResponse<String> response) {
    public Optional<String> header(String name) {
      return response.headers().firstValue(name);
    }

    /** The app's bundle as index.html names it. */
    public String scriptPath() {
      Matcher m = SCRIPT.matcher(body);
      if (!m.find()) {
        throw new AssertionError("index.html names no /gui/assets/*.js bundle: " + body);
      }
      return m.group(1);
    }
  }

  /**
   * How a control plane that requires tokens serves its GUI, against what it should: one line per
   * difference, none when all is well. The GUI without a token (a redirect from {@code /gui}, the
   * app's index.html for {@code /gui/} and for every deep link, its bundle cached for good, a
   * content security policy), a missing asset a 404, and every API route still a 401 problem.
   */
  public static List<String> differencesFromServedGui(String baseUrl) {
    List<String> out = new ArrayList<>();
    Answer bare = get(baseUrl, "/gui");
    expect(
        out,
        "GET /gui redirects to /gui/",
        bare.status() == 302
            && bare.header("Location").filter(l -> l.endsWith("/gui/")).isPresent(),
        bare);
    Answer index = get(baseUrl, "/gui/");
    expect(
        out,
        "GET /gui/ is the app's index.html",
        index.status() == 200
            && index.body().contains("<div id=\"app\">")
            && has(index, "Content-Type", v -> v.startsWith("text/html")),
        index);
    expect(
        out,
        "index.html is revalidated on every load",
        has(index, "Cache-Control", v -> v.contains("no-cache")),
        index);
    expect(
        out,
        "the GUI has a content security policy",
        has(
            index,
            "Content-Security-Policy",
            v -> v.contains("default-src 'self'") && v.contains("frame-ancestors 'none'")),
        index);
    Answer deep = get(baseUrl, "/gui/meshes/default/dataplanes/backend-1");
    expect(
        out,
        "a deep link is answered with index.html",
        deep.status() == 200 && deep.body().equals(index.body()),
        deep);
    if (index.status() == 200) {
      Answer script = get(baseUrl, index.scriptPath());
      expect(
          out,
          "the bundle is JavaScript, cached for good",
          script.status() == 200
              && has(script, "Content-Type", v -> v.contains("javascript"))
              && has(script, "Cache-Control", v -> v.contains("immutable")),
          script);
    }
    Answer missing = get(baseUrl, "/gui/assets/missing-0000.js");
    expect(out, "a missing asset is a 404, not a page", missing.status() == 404, missing);
    for (String path : List.of("/", "/meshes", "/audit/events", "/guide")) {
      Answer api = get(baseUrl, path);
      expect(
          out,
          "GET " + path + " without a token is a 401 problem",
          api.status() == 401
              && has(api, "Content-Type", v -> v.startsWith("application/problem+json")),
          api);
    }
    return out;
  }

  private static boolean has(Answer answer, String header, Predicate<String> test) {
    return answer.header(header).filter(test).isPresent();
  }

  private static void expect(List<String> out, String what, boolean holds, Answer answer) {
    if (!holds) {
      out.add(
          what
              + ": got "
              + answer.status()
              + " "
              + answer.response().headers().map()
              + " "
              + abbreviate(answer.body()));
    }
  }

  private static String abbreviate(String body) {
    return body.length() > 200 ? body.substring(0, 200) + "…" : body;
  }

  public static Answer get(String baseUrl, String path) {
    try {
      HttpResponse<String> response =
          CLIENT.send(
              HttpRequest.newBuilder(URI.create(baseUrl + path))
                  .timeout(Duration.ofSeconds(10))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      return new Answer(response.statusCode(), response.body(), response);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
