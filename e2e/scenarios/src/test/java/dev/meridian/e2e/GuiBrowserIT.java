package dev.meridian.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.meridian.e2e.support.Browser;
import dev.meridian.e2e.support.LocalCluster;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

/**
 * The web GUI in Debian's Chromium against global + a zone as separate processes: every page shows
 * what was created through the API, the slider moved to an earlier moment shows the earlier state
 * (a dataplane deleted since is back), the diff view shows the change, a dataplane's config then vs
 * now, a page showing now picks up a change without a reload, and a what-if preview shows the
 * proxies a policy would reconfigure without writing it. Screenshots of each page are kept under
 * {@code target/gui-screenshots/}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class GuiBrowserIT {
  @TempDir static Path home;
  @TempDir static Path profile;
  static LocalCluster cluster;
  static Browser browser;
  static int global;
  static int zone;

  @BeforeAll
  static void up() {
    // Ports of their own (below Linux's ephemeral range), apart from the other scenarios'.
    cluster = new LocalCluster(home, 19192, 31691, 23000);
    global = cluster.globalPort();
    zone = cluster.zoneApiPort(1);
    LocalCluster.Result result = cluster.launcher("up", "--zones", "gui-1", "--no-build");
    assertThat(result.exitCode()).as(result.output()).isZero();
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> cluster.get(zone, "/meshes/default").status() == 200);

    put(zone, "/meshes/default/dataplanes/web-1", dataplane("web-1", "web", "10.0.0.1", 7000));
    put(zone, "/meshes/default/dataplanes/web-2", dataplane("web-2", "web", "10.0.0.2", 7000));
    put(zone, "/meshes/default/dataplanes/api-1", dataplane("api-1", "api", "10.0.1.1", 8000));
    put(global, "/meshes/shop", "{\"type\": \"Mesh\", \"name\": \"shop\"}");
    put(
        global,
        "/meshes/default/meshtimeouts/web-timeout",
        """
        {"type": "MeshTimeout", "mesh": "default", "name": "web-timeout",
         "spec": {"targetRef": {"kind": "MeshService", "name": "web"},
                  "to": [{"targetRef": {"kind": "Mesh"},
                          "default": {"http": {"requestTimeout": "5s"}}}]}}
        """);
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                cluster.get(global, "/meshes/default/dataplanes").json().get("total").asInt() == 3
                    && cluster.get(zone, "/meshes/default/meshtimeouts/web-timeout").status()
                        == 200);
    browser = Browser.start(profile, Path.of("target", "gui-screenshots"));
  }

  @AfterAll
  static void down() {
    if (browser != null) {
      browser.close();
    }
    LocalCluster.Result result = cluster.launcher("down");
    assertThat(result.exitCode()).as(result.output()).isZero();
  }

  static String dataplane(String name, String service, String address, int port) {
    return """
        {"type": "Dataplane", "mesh": "default", "name": "%s",
         "networking": {"address": "%s",
           "inbound": [{"port": %d, "tags": {"kuma.io/service": "%s", "kuma.io/protocol": "http"}}],
           "outbound": [{"port": 10001, "tags": {"kuma.io/service": "api"}}]}}
        """
        .formatted(name, address, port, service);
  }

  static void put(int port, String path, String body) {
    assertThat(cluster.put(port, path, body).status()).as("PUT " + path).isIn(200, 201);
  }

  static String gui(int port, String page) {
    return "http://127.0.0.1:" + port + "/gui" + page;
  }

  static String encoded(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  /** The audit entries of one resource on global, newest first. */
  static JsonNode changesOf(String type, String name) {
    return cluster
        .get(global, "/audit/events?mesh=default&type=" + type + "&name=" + name)
        .json()
        .get("items");
  }

  @Test
  @Order(1)
  void theOverviewShowsTheZoneOnlineAndTheMeshesWithTheirCounts() {
    browser.open(gui(global, "/"));
    browser.awaitText("[data-test=zones]", "gui-1", "Online");
    browser.awaitText("[data-test=meshes]", "default", "shop");
    browser.awaitText("[data-test=dataplanes-card]", "3");
    browser.awaitText("[data-test=control-plane]", "global");
    browser.screenshot("01-overview");
  }

  @Test
  @Order(2)
  void theZonesPageShowsTheZoneAndItsLag() {
    browser.open(gui(global, "/zones"));
    browser.awaitText("[data-zone=gui-1]", "gui-1", "Online");
    browser.screenshot("02-zones");
  }

  @Test
  @Order(3)
  void theMeshesPageAndAMeshPageShowTheirResources() {
    browser.open(gui(global, "/meshes"));
    browser.awaitText("[data-mesh=shop]", "shop");
    browser.awaitText("[data-mesh=default]", "default", "3");
    browser.screenshot("03-meshes");
    browser.open(gui(global, "/meshes/default"));
    browser.awaitText("[data-test=mesh-dataplanes-link]", "Dataplanes (3)");
    browser.awaitText("[data-test=policy-kinds]", "MeshTimeout");
    browser.screenshot("04-mesh");
  }

  @Test
  @Order(4)
  void theDataplanesPageFiltersOnTheServer() {
    browser.open(gui(global, "/meshes/default/dataplanes"));
    browser.awaitText("[data-test=dataplanes]", "web-1", "web-2", "api-1", "gui-1");
    browser.screenshot("05-dataplanes");

    WebElement service = browser.find("[data-test=filters] input[name=service]");
    service.sendKeys("web");
    browser.find("[data-test=filters] button[type=submit]").click();
    browser.awaitText("[data-test=dataplane-total]", "2 dataplanes");
    browser.awaitAbsent("[data-dataplane=api-1]");
    assertThat(browser.driver().getCurrentUrl()).contains("service=web");
    browser.screenshot("06-dataplanes-filtered");

    // Filters are in the page URL and run on the server: none of these proxies is online.
    browser.open(gui(global, "/meshes/default/dataplanes?zone=gui-1&online=true"));
    browser.awaitText("[data-test=dataplane-total]", "0 dataplanes");
  }

  @Test
  @Order(5)
  void aDataplanePageOnItsZoneShowsItsResourceRulesAndXds() {
    browser.open(gui(zone, "/meshes/default/dataplanes/web-1"));
    browser.awaitText("[data-test=dataplane-resource]", "10.0.0.1", "kuma.io/zone");
    browser.awaitText("[data-test=dataplane-rules]", "MeshTimeout", "web-timeout");
    browser.awaitText("[data-test=dataplane-xds]", "inbound:10.0.0.1:7000");
    browser.awaitText("[data-test=dataplane-history]", "CREATE");
    browser.screenshot("07-dataplane");
  }

  @Test
  @Order(6)
  void aPolicyKindListsItsPoliciesAndAPolicyTheProxiesItAffects() {
    browser.open(gui(global, "/meshes/default/policies/meshtimeouts"));
    browser.awaitText("[data-policy=web-timeout]", "web-timeout", "MeshService web");
    browser.screenshot("08-policies");
    browser.find("[data-policy=web-timeout] a").click();
    browser.awaitText("[data-test=affected-dataplanes]", "web-1", "web-2");
    assertThat(browser.text("[data-test=affected-dataplanes]")).doesNotContain("api-1");
    browser.screenshot("09-policy");
  }

  @Test
  @Order(7)
  void aPageShowingNowPicksUpAChangeWithoutAReload() {
    browser.open(gui(global, "/meshes/default/dataplanes"));
    browser.awaitPresent("[data-dataplane=api-1]");
    long before = cluster.get(global, "/status/log").json().get("changesApplied").asLong();
    assertThat(cluster.delete(zone, "/meshes/default/dataplanes/api-1").status()).isEqualTo(200);
    put(zone, "/meshes/default/dataplanes/web-1", dataplane("web-1", "web", "10.0.0.9", 7000));
    // The same page, never reloaded: the log moved, so it read again.
    browser.awaitAbsent("[data-dataplane=api-1]");
    browser.awaitText("[data-dataplane=web-1]", "10.0.0.9");
    // What the page polls to learn that the log moved.
    assertThat(cluster.get(global, "/status/log").json().get("changesApplied").asLong())
        .isGreaterThanOrEqualTo(before + 2);
  }

  @Test
  @Order(8)
  void theSliderMovedToAnEarlierMomentShowsTheDataplaneDeletedSince() {
    browser.open(gui(global, "/meshes/default/dataplanes"));
    browser.awaitText("[data-test=dataplane-total]", "2 dataplanes");
    browser.awaitAbsent("[data-dataplane=api-1]");
    // The slider is drawn anew when the number of changes it steps over changes: found each time.
    await()
        .atMost(Duration.ofSeconds(20))
        .ignoreExceptions()
        .until(() -> Integer.parseInt(browser.find("#moment").getDomAttribute("max")) >= 6);

    browser.find("#moment").sendKeys(Keys.ARROW_LEFT);
    browser.awaitText("[data-test=time-slider-label]", "UPDATE Dataplane default/web-1");
    browser.awaitPresent("[data-test=past-banner]");
    // Two steps back: right after api-1's deletion. Three: before it, api-1 is shown again.
    browser.find("#moment").sendKeys(Keys.ARROW_LEFT);
    browser.awaitText("[data-test=time-slider-label]", "DELETE Dataplane default/api-1");
    browser.awaitAbsent("[data-dataplane=api-1]");
    browser.find("#moment").sendKeys(Keys.ARROW_LEFT);
    browser.awaitPresent("[data-dataplane=api-1]");
    browser.awaitText("[data-dataplane=web-1]", "10.0.0.1");
    assertThat(browser.driver().getCurrentUrl()).contains("at=");
    browser.screenshot("10-dataplanes-in-the-past");

    // Every page follows the moment: the overview counts three dataplanes then.
    browser.find("header.top nav a[href^='/gui/?'], header.top nav a[href='/gui/']").click();
    browser.awaitText("[data-test=dataplanes-card]", "3");
  }

  @Test
  @Order(9)
  void theTimelineListsTheChangesAndTheDiffOfTwoPickedMomentsShowsTheDeletion() {
    browser.open(gui(global, "/timeline?mesh=default"));
    browser.awaitText("[data-test=timeline]", "DELETE Dataplane default/api-1", "CREATE Mesh");
    browser.screenshot("11-timeline");

    String deleted = changesOf("Dataplane", "api-1").get(0).get("position").asText();
    String created = changesOf("Dataplane", "api-1").get(1).get("position").asText();
    browser.find("[data-position='" + created + "'] [data-test=pick-from]").click();
    browser.find("[data-position='" + deleted + "'] [data-test=pick-to]").click();
    browser.find("[data-test=compare]").click();
    browser.awaitText("[data-test=diff-removed]", "Dataplane api-1");
    assertThat(browser.driver().getCurrentUrl()).contains("/gui/diff", "from=", "to=");
    browser.screenshot("12-diff");

    // The timeline filtered by kind and actor.
    browser.open(gui(global, "/timeline?type=MeshTimeout"));
    browser.awaitText("[data-test=timeline-total]", "1 changes");
    browser.awaitText("[data-test=timeline]", "CREATE MeshTimeout default/web-timeout");
  }

  @Test
  @Order(10)
  void aDataplaneAtAnEarlierMomentShowsItsConfigThenVersusNow() {
    String before = changesOf("Dataplane", "web-1").get(1).get("position").asText();
    browser.open(gui(zone, "/meshes/default/dataplanes/web-1?at=" + encoded(before)));
    browser.awaitText("[data-test=then-vs-now]", "− ", "10.0.0.1", "+ ", "10.0.0.9");
    browser.awaitText("[data-test=dataplane-resource]", "10.0.0.1");
    browser.screenshot("13-dataplane-then-vs-now");

    // A dataplane deleted since is shown as it was, and the page says it is gone now.
    String apiCreated = changesOf("Dataplane", "api-1").get(1).get("position").asText();
    browser.open(gui(zone, "/meshes/default/dataplanes/api-1?at=" + encoded(apiCreated)));
    browser.awaitText("[data-test=dataplane-resource]", "10.0.1.1");
  }

  static String userToken(String name, String groups) {
    LocalCluster.Response issued =
        cluster.send(
            global,
            "POST",
            "/tokens/user",
            "{\"name\": \"%s\", \"groups\": [%s], \"validFor\": \"1h\"}".formatted(name, groups));
    assertThat(issued.status()).as(issued.body()).isEqualTo(200);
    return issued.body().trim();
  }

  static void signIn(String token) {
    WebElement field = browser.find("textarea[name=token]");
    field.clear();
    field.sendKeys(token);
    browser.find("form.login button[type=submit]").click();
  }

  @Test
  @Order(11)
  void everyCallCarriesTheSignedInUsersTokenKeptInTheTabsSessionOnly() {
    // A token the API refuses sends the user to the login page, which returns to the page after.
    browser.open(gui(global, "/"));
    browser.driver().executeScript("sessionStorage.setItem('meridian.token', 'not.a.token')");
    browser.open(gui(global, "/meshes"));
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> browser.driver().getCurrentUrl().contains("/gui/login?then="));
    browser.screenshot("14-login");

    signIn("not.a.token");
    browser.awaitText("form.login [role=alert]", "The token is not valid.");

    // A token without any group: the API refuses its reads, so the GUI did send it.
    signIn(userToken("nobody", ""));
    browser.awaitText("form.login [role=alert]", "'nobody' lacks the permission");

    signIn(userToken("rita", "\"mesh-system:readonly\""));
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> browser.driver().getCurrentUrl().endsWith("/gui/meshes"));
    browser.awaitText("[data-mesh=shop]", "shop");
    assertThat(browser.driver().executeScript("return sessionStorage.getItem('meridian.token')"))
        .asString()
        .startsWith("ey");
    assertThat(browser.driver().executeScript("return localStorage.length")).isEqualTo(0L);
    assertThat(browser.driver().executeScript("return document.cookie")).isEqualTo("");

    browser.find("[data-test=sign-out]").click();
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> browser.driver().getCurrentUrl().contains("/gui/login"));
    assertThat(browser.driver().executeScript("return sessionStorage.getItem('meridian.token')"))
        .isNull();
  }

  static void typeDocuments(String yaml) {
    WebElement editor = browser.find("textarea[name=documents]");
    editor.clear();
    editor.sendKeys(yaml);
  }

  @Test
  @Order(12)
  void aPreviewOfAMeshTimeoutShowsTheAffectedProxiesAndTheirFieldChangesAndWritesNothing() {
    // An HTTP timeout applies to api only while api is known as an HTTP service, from its proxy's
    // inbound: api-1, deleted by an earlier case, is registered again.
    put(zone, "/meshes/default/dataplanes/api-1", dataplane("api-1", "api", "10.0.1.1", 8000));
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> cluster.get(global, "/meshes/default/dataplanes/api-1").status() == 200);
    browser.open(gui(global, "/meshes/default"));
    browser.awaitPresent("[data-test=mesh-whatif-link]");

    // "Preview a change" on a policy page: the editor starts from the policy's YAML.
    browser.open(gui(global, "/meshes/default/policies/meshtimeouts/web-timeout"));
    browser.find("[data-test=preview-change]").click();
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                String.valueOf(browser.find("textarea[name=documents]").getDomProperty("value"))
                    .contains("requestTimeout: 5s"));
    browser.awaitText("[data-test=whatif-nothing-written]", "writes nothing");

    // A bad field is shown by its path, and nothing is previewed.
    String policy =
        """
        type: MeshTimeout
        mesh: default
        name: web-to-api
        spec:
          targetRef: {kind: MeshService, name: web}
          to: [{targetRef: {kind: MeshService, name: api}, default: {http: {requestTimeout: %s}}}]
        """;
    typeDocuments(policy.formatted("soon"));
    browser.find("[data-test=preview]").click();
    browser.awaitText("[data-test=whatif-errors]", "[0].spec.to[0].default.http.requestTimeout");
    browser.awaitAbsent("[data-test=whatif-zone]");

    typeDocuments(policy.formatted("9s"));
    browser.find("[data-test=preview]").click();
    browser.awaitText("[data-test=whatif-resources]", "added MeshTimeout web-to-api");
    browser.awaitText("[data-test=whatif-affected]", "2 proxies affected");
    // The route's timeout of web-1's outbound to api: web-timeout's 5s, overridden for api.
    browser.awaitText(
        "[data-zone=gui-1] [data-proxy=web-1]", "web-1", "route.timeout: \"5s\" → \"9s\"");
    browser.awaitText("[data-zone=gui-1] [data-proxy=web-2]", "web-2", "→", "\"9s\"");
    browser.awaitAbsent("[data-proxy=api-1]");
    browser.awaitAbsent("[data-test=whatif-errors]");
    browser.screenshot("15-whatif");

    // Only a preview: the policy exists neither on global nor on the zone.
    assertThat(cluster.get(global, "/meshes/default/meshtimeouts/web-to-api").status())
        .isEqualTo(404);
    assertThat(cluster.get(zone, "/meshes/default/meshtimeouts/web-to-api").status())
        .isEqualTo(404);
  }
}
