package dev.vigil.boot.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.vigil.Monitor;
import dev.vigil.boot.testapp.TestApplication;
import dev.vigil.Severity;
import dev.vigil.alerts.AlertRule;
import dev.vigil.alerts.Condition;
import dev.vigil.alerts.AlertEngine;
import dev.vigil.alerts.AlertState;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.logging.Level;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The dashboard in a real headless Chromium (Debian's {@code chromium} and
 * {@code chromium-driver}): it loads under its Content-Security-Policy without errors, shows a
 * freshly logged error live, acknowledges an alert, and shows HTML from a log as text.
 */
@SpringBootTest(classes = {TestApplication.class, DashboardBrowserTest.Rules.class},
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
        // its own monitor name: the appender finds monitors by name, and other tests' contexts
        // (cached by Spring) may still be running
        "vigil.name=dashboard-test",
        "management.endpoints.web.exposure.include=health,vigil",
        "vigil.health.checks.memory.type=memory",
        "vigil.health.checks.memory.interval=2s",
        "vigil.health.checks.disk.type=disk-space",
        "vigil.health.checks.disk.path=.",
        "vigil.health.checks.disk.interval=2s"})
class DashboardBrowserTest {

  /** One alert on any CRITICAL event of this application, raised at once. */
  @TestConfiguration(proxyBeanMethods = false)
  static class Rules {
    @Bean
    AlertRule dashboardCritical() {
      return AlertRule.builder("dashboard-critical")
          .condition(Condition.events(Severity.CRITICAL).source("dashboard-test")
              .over(Duration.ofMinutes(5)).atLeast(1))
          .evaluateOnEvent(true)
          .severity(Severity.CRITICAL)
          .build();
    }
  }

  private static final String CHROMIUM = "/usr/bin/chromium";
  private static final String CHROMEDRIVER = "/usr/bin/chromedriver";

  private static final Logger log = LoggerFactory.getLogger("com.acme.Payments");

  private static Path profile;
  private static WebDriver driver;

  @LocalServerPort
  int port;

  @Autowired
  AlertEngine engine;

  @Autowired
  Monitor monitor;

  @BeforeAll
  static void startChromium() throws IOException {
    // not skipped: a machine without the browser fails here, saying what to install
    assertThat(Path.of(CHROMIUM)).as("Chromium is missing: apt-get install -y chromium chromium-driver"
        + " (the dashboard is tested in a real browser)").isExecutable();
    assertThat(Path.of(CHROMEDRIVER)).as("chromedriver is missing: apt-get install -y chromium-driver")
        .isExecutable();
    System.setProperty("SE_OFFLINE", "true"); // Selenium Manager never downloads a driver
    profile = Files.createTempDirectory("vigil-chromium");
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM);
    options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
        "--disable-background-networking", "--no-first-run", "--window-size=1400,1100",
        "--user-data-dir=" + profile);
    LoggingPreferences logs = new LoggingPreferences();
    logs.enable(LogType.BROWSER, Level.ALL);
    options.setCapability("goog:loggingPrefs", logs);
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(new File(CHROMEDRIVER)).usingAnyFreePort().build();
    driver = new ChromeDriver(service, options);
  }

  @AfterAll
  static void stopChromium() throws IOException {
    if (driver != null) {
      driver.quit(); // stops chromedriver too
    }
    if (profile != null) {
      try (var files = Files.walk(profile)) {
        files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
      }
    }
  }

  /** Opens the dashboard afresh, through the redirect, and waits for the live stream. */
  private void open() {
    driver.get("about:blank");
    problems(); // forget what the previous page logged
    driver.get("http://localhost:" + port + "/vigil");
    wait(10).until(ExpectedConditions.textToBe(By.id("connection"), "Live"));
  }

  @Test
  void thePageLoadsUnderItsContentSecurityPolicyWithoutErrors() throws Exception {
    for (int i = 0; i < 30; i++) {
      monitor.time("checkout.latency", Duration.ofMillis(80 + (i * 37) % 200), "region", "eu");
    }
    monitor.increment("orders.placed", 12, "platform", "web");
    open();
    assertThat(driver.getCurrentUrl()).endsWith("/actuator/vigil/dashboard/");
    assertThat(driver.findElement(By.id("app-name")).getText()).isEqualTo("dashboard-test");
    wait(5).until(d -> !d.findElements(By.cssSelector("#rate-chart .uplot")).isEmpty());

    tab("checks");
    wait(10).until(d -> d.findElements(By.cssSelector("#checks .check")).size() == 2);
    wait(10).until(d -> d.findElement(By.cssSelector("#checks .check[data-check='memory'] .status-text"))
        .getText().equals("UP"));
    screenshot("dashboard-checks.png");
    tab("metrics");
    wait(5).until(d -> d.findElements(By.cssSelector("#metrics .metric h3")).stream()
        .anyMatch(h -> h.getText().equals("checkout.latency{region=eu}")));
    wait(5).until(d -> !d.findElements(By.cssSelector("#metrics .metric .uplot")).isEmpty());
    screenshot("dashboard-metrics.png");
    tab("report");
    wait(5).until(d -> !d.findElements(By.cssSelector("#report table")).isEmpty());
    screenshot("dashboard-report.png");
    tab("groups");

    assertThat(problems()).isEmpty();
  }

  @Test
  void aFreshlyLoggedErrorAppearsInTheLiveTableWithinTwoSeconds() {
    open();
    String marker = "Card gateway declined the charge " + UUID.randomUUID();

    log.error(marker);

    new WebDriverWait(driver, Duration.ofSeconds(2)).until(d -> rowsContaining(d, marker) == 1);
    WebElement row = driver.findElements(By.cssSelector("#events tr.event")).stream()
        .filter(r -> r.getText().contains(marker)).findFirst().orElseThrow();
    assertThat(row.getText()).contains("ERROR").contains(marker).contains("dashboard-test");
    row.findElement(By.cssSelector("button[data-action='more']")).click();
    assertThat(row.findElement(By.xpath("following-sibling::tr[1]")).getText())
        .contains("com.acme.Payments").contains("Fingerprint");

    log.error(marker); // the same again: one row, ×2
    wait(3).until(d -> row.findElements(By.cssSelector(".repeat")).stream()
        .anyMatch(r -> r.getText().equals("×2")));
    assertThat(rowsContaining(driver, marker)).isEqualTo(1);
    assertThat(problems()).isEmpty();
  }

  @Test
  void withoutTheStreamThePagePolls() {
    open();
    String marker = "Polled while the stream is away " + UUID.randomUUID();
    // as in a browser or behind a proxy without Server-Sent Events
    ((JavascriptExecutor) driver).executeScript("window.EventSource = undefined;");
    driver.findElement(By.id("f-text")).sendKeys("Polled while"); // reopens the stream: none now
    wait(3).until(ExpectedConditions.textToBe(By.id("connection"), "Refreshing every 5 s"));

    log.error(marker);

    wait(8).until(d -> rowsContaining(d, marker) == 1);
    assertThat(problems()).isEmpty();
  }

  @Test
  void anAlertIsAcknowledgedFromThePage() throws IOException {
    open();
    log.error("FATAL: the database system is shutting down"); // CRITICAL by the default pack: rule dashboard-critical
    wait(10).until(ExpectedConditions.presenceOfElementLocated(
        By.cssSelector("#alerts li.alert[data-key='dashboard-critical']")));
    wait(5).until(d -> d.findElement(By.cssSelector("#count-CRITICAL")).getText().matches("[1-9][0-9]*"));
    wait(3).until(d -> rowsContaining(d, "FATAL: the database system is shutting down") == 1);

    driver.findElement(By.cssSelector("#alerts li.alert[data-key='dashboard-critical'] button[data-action='acknowledge']"))
        .click();
    wait(2).until(ExpectedConditions.visibilityOfElementLocated(By.id("dialog-comment")))
        .sendKeys("looking at the primary");
    driver.findElement(By.id("dialog-ok")).click();

    await().atMost(Duration.ofSeconds(5)).until(() -> engine.activeAlerts().stream()
        .anyMatch(a -> a.key().equals("dashboard-critical") && a.state() == AlertState.ACKNOWLEDGED
            && a.acknowledgement().comment().equals("looking at the primary")));
    wait(5).until(d -> d.findElement(By.cssSelector("#alerts li.alert[data-key='dashboard-critical'] .state"))
        .getText().equals("ACKNOWLEDGED"));
    assertThat(driver.findElement(By.cssSelector("#alerts li.alert[data-key='dashboard-critical']")).getText())
        .contains("looking at the primary");
    screenshot("dashboard-alert.png");

    driver.findElement(By.cssSelector("#alerts li.alert[data-key='dashboard-critical'] button[data-action='resolve']"))
        .click();
    wait(2).until(ExpectedConditions.visibilityOfElementLocated(By.id("dialog-comment"))).sendKeys("failed over");
    driver.findElement(By.id("dialog-ok")).click();
    await().atMost(Duration.ofSeconds(5)).until(() -> engine.activeAlerts().stream()
        .noneMatch(a -> a.key().equals("dashboard-critical") && a.state() != AlertState.RESOLVED));
    assertThat(problems()).isEmpty();
  }

  @Test
  void htmlFromALogIsShownAsTextAndRunsNothing() throws Exception {
    open();
    String marker = UUID.randomUUID().toString();
    String script = "<script>window.__pwned=1</script>";
    String img = "<img src=x onerror=\"window.__pwned=1\">";

    log.error("Upstream said " + script + " and " + img + " " + marker);
    IllegalStateException error = new IllegalStateException(img);
    error.setStackTrace(new StackTraceElement[] {
        new StackTraceElement("com.acme.Payments", "charge", "Payments.java", 42)});
    log.warn("Context carries it too " + marker, error);

    wait(3).until(d -> rowsContaining(d, marker) == 2);
    for (WebElement more : driver.findElements(By.cssSelector("#events button[data-action='more']"))) {
      more.click();
    }
    String table = driver.findElement(By.id("events")).getText();
    assertThat(table).contains("Upstream said " + script + " and " + img + " " + marker)
        .contains("java.lang.IllegalStateException: " + img);
    assertThat(driver.findElements(By.cssSelector("#events img, #events script"))).isEmpty();
    tab("groups");
    wait(5).until(d -> d.findElement(By.id("groups")).getText().contains(script));
    assertThat(driver.findElements(By.cssSelector("#groups img, #groups script"))).isEmpty();
    tab("events");

    Thread.sleep(300); // an image's onerror would have fired by now
    assertThat(((JavascriptExecutor) driver).executeScript("return typeof window.__pwned")).isEqualTo("undefined");
    assertThat(problems()).isEmpty();
    screenshot("dashboard.png");
  }

  private static void tab(String name) {
    ((JavascriptExecutor) driver).executeScript("window.scrollTo(0, 0)");
    driver.findElement(By.id("tab-" + name)).click();
  }

  private static int rowsContaining(WebDriver d, String text) {
    return (int) d.findElements(By.cssSelector("#events tr.event td.msg")).stream()
        .filter(td -> td.getText().contains(text)).count();
  }

  private static WebDriverWait wait(int seconds) {
    return new WebDriverWait(driver, Duration.ofSeconds(seconds));
  }

  /** The browser's errors: script errors, CSP violations, failed requests. */
  private static List<String> problems() {
    return driver.manage().logs().get(LogType.BROWSER).getAll().stream()
        .filter(e -> e.getLevel().intValue() >= Level.WARNING.intValue())
        .map(LogEntry::getMessage)
        .collect(Collectors.toList());
  }

  private void screenshot(String name) throws IOException {
    File shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
    Path target = Path.of("target", name);
    Files.createDirectories(target.getParent());
    Files.copy(shot.toPath(), target, StandardCopyOption.REPLACE_EXISTING);
  }
}
