package dev.meridian.e2e.support;

import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's Chromium, headless, driven through Debian's ChromeDriver (no browser or driver is
 * downloaded): a fresh profile, no network of its own beyond the pages it is sent to, and
 * screenshots kept as test artefacts.
 */
public final class Browser implements AutoCloseable {
  public static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  public static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

  private final ChromeDriver driver;
  private final Path screenshots;

  private Browser(ChromeDriver driver, Path screenshots) {
    this.driver = driver;
    this.screenshots = screenshots;
  }

  public static Browser start(Path profile, Path screenshots) {
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments(
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--user-data-dir=" + profile);
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(new File(CHROMEDRIVER.toString()))
            .usingAnyFreePort()
            .build();
    ChromeDriver driver = new ChromeDriver(service, options);
    driver.manage().window().setSize(new Dimension(1400, 1000));
    try {
      Files.createDirectories(screenshots);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new Browser(driver, screenshots);
  }

  public void open(String url) {
    driver.get(url);
  }

  public ChromeDriver driver() {
    return driver;
  }

  public List<WebElement> all(String css) {
    return driver.findElements(By.cssSelector(css));
  }

  /**
   * The text of the first element matching, or "" while there is none — or while the app is
   * re-rendering it (the element found is replaced before its text is read: the next poll finds the
   * new one).
   */
  public String text(String css) {
    List<WebElement> found = all(css);
    try {
      return found.isEmpty() ? "" : found.get(0).getText();
    } catch (org.openqa.selenium.StaleElementReferenceException e) {
      return "";
    }
  }

  /** Waits until the element's text contains every part (the app reads the API asynchronously). */
  public void awaitText(String css, String... parts) {
    await()
        .atMost(Duration.ofSeconds(20))
        .alias(css + " shows " + List.of(parts))
        .until(
            () -> {
              String text = text(css);
              for (String part : parts) {
                if (!text.contains(part)) {
                  return false;
                }
              }
              return true;
            });
  }

  public void awaitPresent(String css) {
    await().atMost(Duration.ofSeconds(20)).alias(css).until(() -> !all(css).isEmpty());
  }

  public void awaitAbsent(String css) {
    await().atMost(Duration.ofSeconds(20)).alias("no " + css).until(() -> all(css).isEmpty());
  }

  public WebElement find(String css) {
    awaitPresent(css);
    return driver.findElement(By.cssSelector(css));
  }

  /** A PNG of the page under the screenshots folder, named after what it shows. */
  public Path screenshot(String name) {
    Path file = screenshots.resolve(name + ".png");
    try {
      Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return file;
  }

  @Override
  public void close() {
    driver.quit();
  }
}
