package dev.vigil.health.check;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.vigil.health.FailureKind;
import dev.vigil.health.HealthResult;
import dev.vigil.health.HealthStatus;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** HttpCheck against a real JDK HttpServer on loopback. */
class HttpCheckTest {

  private static final String HEALTH_JSON =
      "{\"status\":\"UP\",\"checks\":[{\"name\":\"db\",\"status\":\"UP\",\"ms\":4}],"
      + "\"ready\":true,\"load\":1.5,\"owner\":null}";

  private static HttpServer server;
  private static ExecutorService executor;
  private static final CountDownLatch release = new CountDownLatch(1);
  private static String base;

  @BeforeAll
  static void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    executor = Executors.newCachedThreadPool();
    server.setExecutor(executor);
    server.createContext("/ok", ex -> reply(ex, 200, HEALTH_JSON));
    server.createContext("/fail", ex -> reply(ex, 500, "internal error"));
    server.createContext("/not-authorized", ex -> reply(ex, 200,
        "{\"instance\":\"wa-3\",\"state\":\"notAuthorized\"}"));
    server.createContext("/not-json", ex -> reply(ex, 200, "<html>ok</html>"));
    server.createContext("/slow", ex -> {
      try {
        // The service under test is slow: this delay is what is measured, not a synchronisation.
        Thread.sleep(300);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      reply(ex, 200, "late");
    });
    server.createContext("/hang", ex -> {
      try {
        release.await(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      reply(ex, 200, "too late");
    });
    server.createContext("/echo", ex -> reply(ex, 200, ex.getRequestMethod() + " "
        + ex.getRequestHeaders().getFirst("X-Token") + " "
        + new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
    server.createContext("/big", ex -> reply(ex, 200, "x".repeat(2 << 20) + "MARKER"));
    server.start();
    base = "http://127.0.0.1:" + server.getAddress().getPort();
  }

  @AfterAll
  static void stop() {
    release.countDown();
    server.stop(0);
    executor.shutdownNow();
  }

  private static void reply(HttpExchange ex, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
    ex.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(bytes);
    }
  }

  private static HttpCheck.Builder check(String path) {
    return HttpCheck.builder("api").url(base + path).timeout(Duration.ofSeconds(5));
  }

  @Test
  void upWithStatusAndLatency() throws Exception {
    HealthResult r = check("/ok").build().check();
    assertThat(r.status()).isEqualTo(HealthStatus.UP);
    assertThat(r.detail()).matches("HTTP 200 in \\d+ ms");
    assertThat(r.latency()).isPositive();
  }

  @Test
  void wrongStatusIsBadStatus() throws Exception {
    HealthResult r = check("/fail").build().check();
    assertThat(r.status()).isEqualTo(HealthStatus.DOWN);
    assertThat(r.failure()).isEqualTo(FailureKind.BAD_STATUS);
    assertThat(r.detail()).matches("HTTP 500 in \\d+ ms \\(expected 2xx\\)");
  }

  @Test
  void expectedStatusSetAndRange() throws Exception {
    assertThat(check("/fail").expectStatus(500, 503).build().check().status())
        .isEqualTo(HealthStatus.UP);
    assertThat(check("/fail").expectStatusRange(200, 499).build().check().detail())
        .endsWith("(expected 200-499)");
    assertThat(check("/ok").expectStatus(204).build().check().failure())
        .isEqualTo(FailureKind.BAD_STATUS);
  }

  @Test
  void forbiddenTextIsBadStateBySeed003() throws Exception {
    HealthResult r = check("/not-authorized").bodyNotContains("notAuthorized").build().check();
    assertThat(r.status()).isEqualTo(HealthStatus.DOWN);
    assertThat(r.failure()).isEqualTo(FailureKind.BAD_STATE);
    assertThat(r.detail()).matches("HTTP 200 in \\d+ ms, body contains \"notAuthorized\"");

    assertThat(check("/not-authorized").bodyNotContains("notAuthorized")
        .bodyNotContainsKind(FailureKind.BAD_RESPONSE).build().check().failure())
        .isEqualTo(FailureKind.BAD_RESPONSE);
    assertThat(check("/ok").bodyNotContains("notAuthorized").build().check().status())
        .isEqualTo(HealthStatus.UP);
  }

  @Test
  void requiredTextMissingIsBadResponse() throws Exception {
    assertThat(check("/ok").bodyContains("\"UP\"").build().check().status())
        .isEqualTo(HealthStatus.UP);
    HealthResult r = check("/ok").bodyContains("GREEN").build().check();
    assertThat(r.failure()).isEqualTo(FailureKind.BAD_RESPONSE);
    assertThat(r.detail()).endsWith("body lacks \"GREEN\"");
  }

  @Test
  void bodyIsReadOnlyUpToTheCap() throws Exception {
    assertThat(check("/big").bodyContains("MARKER").build().check().failure())
        .isEqualTo(FailureKind.BAD_RESPONSE);
    assertThat(check("/big").bodyContains("MARKER").maxBodyBytes(3 << 20).build().check()
        .status()).isEqualTo(HealthStatus.UP);
  }

  @Test
  void jsonPaths() throws Exception {
    assertThat(check("/ok").jsonPath("$.status", "UP").jsonPath("$.checks[0].name", "db")
        .jsonPath("$['checks'][0].ms", "4").jsonPath("$.ready", "true")
        .jsonPath("$.load", "1.5").jsonPath("$.owner", "null").build().check().status())
        .isEqualTo(HealthStatus.UP);

    HealthResult wrong = check("/ok").jsonPath("$.checks[0].status", "DOWN").build().check();
    assertThat(wrong.failure()).isEqualTo(FailureKind.BAD_RESPONSE);
    assertThat(wrong.detail()).endsWith("$.checks[0].status is \"UP\" (expected \"DOWN\")");

    HealthResult missing = check("/ok").jsonPath("$.checks[3].status", "UP").build().check();
    assertThat(missing.detail()).endsWith("$.checks[3].status not found (expected \"UP\")");

    HealthResult notJson = check("/not-json").jsonPath("$.status", "UP").build().check();
    assertThat(notJson.failure()).isEqualTo(FailureKind.BAD_RESPONSE);
    assertThat(notJson.detail()).contains("body is not JSON");
  }

  @Test
  void slowAnswerIsDegradedNotTimeout() throws Exception {
    HealthResult r = check("/slow").maxResponseTime(Duration.ofMillis(100)).build().check();
    assertThat(r.status()).isEqualTo(HealthStatus.DEGRADED);
    assertThat(r.failure()).isEqualTo(FailureKind.RESOURCE);
    assertThat(r.detail()).matches("HTTP 200 in \\d+ ms, slower than 100 ms");
    assertThat(r.latency()).isGreaterThanOrEqualTo(Duration.ofMillis(300));
  }

  @Test
  void noAnswerIsTimeout() throws Exception {
    HealthResult r = check("/hang").timeout(Duration.ofMillis(300)).build().check();
    assertThat(r.status()).isEqualTo(HealthStatus.DOWN);
    assertThat(r.failure()).isEqualTo(FailureKind.TIMEOUT);
    assertThat(r.detail()).isEqualTo("no answer from 127.0.0.1:" + server.getAddress().getPort()
        + " within 300 ms");
  }

  @Test
  void closedPortIsConnectionRefused() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort();
    }
    HealthResult r = HttpCheck.builder("api").url("http://127.0.0.1:" + port + "/").build().check();
    assertThat(r.failure()).isEqualTo(FailureKind.CONNECTION_REFUSED);
    assertThat(r.detail()).startsWith("connection refused by 127.0.0.1:" + port);
  }

  @Test
  void unknownHostIsDns() throws Exception {
    HealthResult r = HttpCheck.builder("api").url("http://nonexistent.invalid/health").build()
        .check();
    assertThat(r.failure()).isEqualTo(FailureKind.DNS);
    assertThat(r.detail()).isEqualTo("cannot resolve nonexistent.invalid");
  }

  @Test
  void sendsMethodHeadersAndBody() throws Exception {
    assertThat(check("/echo").method("post").header("X-Token", "t0k").body("ping")
        .bodyContains("POST t0k ping").build().check().status()).isEqualTo(HealthStatus.UP);
  }

  @Test
  void certificateVerdicts() {
    Instant now = Instant.parse("2026-11-21T12:00:00Z");
    Duration warn = Duration.ofDays(14);
    assertThat(HttpCheck.certificateVerdict(now.plus(Duration.ofDays(30)), now, warn)).isNull();
    HealthResult soon = HttpCheck.certificateVerdict(now.plus(Duration.ofDays(5)), now, warn);
    assertThat(soon.status()).isEqualTo(HealthStatus.DEGRADED);
    assertThat(soon.failure()).isEqualTo(FailureKind.TLS);
    assertThat(soon.detail()).isEqualTo(
        "certificate expires in 5 days (notAfter 2026-11-26T12:00:00Z)");
    HealthResult expired = HttpCheck.certificateVerdict(now.minus(Duration.ofDays(1)), now, warn);
    assertThat(expired.status()).isEqualTo(HealthStatus.DOWN);
    assertThat(expired.detail()).startsWith("certificate expired 1 day ago");
    assertThat(HttpCheck.certificateVerdict(now.plus(Duration.ofDays(5)), now, Duration.ZERO))
        .isNull();
  }

  @Test
  void toStringHidesSecrets() {
    String s = HttpCheck.builder("api").url("https://user:s3cret@api.example.com/h?token=abc123&x")
        .header("Authorization", "Bearer xyz789").build().toString();
    assertThat(s).contains("api.example.com/h?token=***&x", "[Authorization]")
        .doesNotContain("s3cret", "abc123", "xyz789");
  }

  @Test
  void builderReportsEveryProblem() {
    assertThatThrownBy(() -> HttpCheck.builder(" ").timeout(Duration.ZERO).method("GE T")
        .jsonPath("status", "UP").expectStatus(99).header("Host", "x").maxBodyBytes(0).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContainingAll("name is required", "url is required", "timeout must be",
            "method must be", "jsonPath 'status' is invalid", "expectStatus must hold",
            "header 'Host'", "maxBodyBytes must be positive");
    assertThatThrownBy(() -> HttpCheck.builder("api").url("ftp://x/").build())
        .hasMessage("invalid HttpCheck 'api': url must be an absolute http or https URL with a"
            + " host but was ftp://x/");
  }

  @Test
  void jsonPathSyntax() {
    assertThatThrownBy(() -> JsonPath.parse("$.a[x]")).hasMessageContaining("'[x]'");
    assertThatThrownBy(() -> JsonPath.parse("$..a")).hasMessageContaining("empty member name");
    assertThatThrownBy(() -> JsonPath.parse("$.a[0")).hasMessageContaining("not closed");
    assertThat(JsonPath.parse("$").find("x")).contains("x");
  }
}
