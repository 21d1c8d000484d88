package example.social;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The demo as a user starts it (its own {@code application.yml}), with time running faster: a
 * round of traffic every 20 ms instead of 200, and the first outages within seconds. Within 30 s
 * the errors are visible through the endpoint, seed 001's alerts fire, the health check notices
 * the flaky dependency and its recovery action restarts it, and {@code /vigil} leads to the
 * dashboard.
 *
 * <p>A defined (free) port rather than a random one: the health check and its recovery action
 * call the application's own URLs, written with {@code ${server.port}} in
 * {@code application.yml}, which must be known when the checks are built.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT, properties = {
    "demo.tick=20ms",
    "demo.summary-every=5s",
    "demo.neighbour-every=500ms",
    "demo.dependency.first-outage-after=2s",
    "demo.dependency.restart-takes=500ms",
    "demo.database.first-outage-after=3s",
    "demo.database.outage-lasts=1s",
    "demo.database.first-slow-after=1s",
    "demo.database.slow-lasts=8s",
    "vigil.health.checks.tiktok-api.interval=1s"})
class SocialApiDemoTest {

  private static final int PORT = freePort();
  private static final Duration PATIENCE = Duration.ofSeconds(45);

  @DynamicPropertySource
  static void port(DynamicPropertyRegistry registry) {
    registry.add("server.port", () -> PORT);
  }

  @Autowired
  FlakyDependency tiktok;

  private final HttpClient http = HttpClient.newHttpClient();
  private final JsonMapper json = JsonMapper.builder().build();

  @Test
  void theDemoShowsErrorsAlertsAHealthCheckWithRecoveryAndTheDashboard() throws Exception {
    // errors of the application (the flaky TikTok client) and of its neighbour (ingested)
    await().atMost(PATIENCE).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
      String errors = get("/actuator/vigil/events?severity=ERROR&limit=500").body();
      assertThat(errors).contains("to tiktok failed: connect ECONNREFUSED")
          .contains("\"source\":\"whatsapp-gateway\"")
          .contains("\"source\":\"social-api\"");
      assertThat(get("/actuator/vigil/events?severity=CRITICAL&category=database").body())
          .contains("Could not load pending uploads");
    });

    // seed 001's alerts (each rule evaluated every 5 s), collected as they fire
    Set<String> fired = new TreeSet<>();
    await().atMost(PATIENCE).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
      for (JsonNode alert : json.readTree(get("/actuator/vigil/alerts").body()).get("alerts")) {
        if (alert.get("state").asString().equals("FIRING")) {
          fired.add(alert.get("key").asString());
        }
      }
      // (webhook-latency needs the slow episode's webhooks to finish: too slow a machine may not
      // get there in time, so it is not required here)
      assertThat(fired).contains("token-refresh-failures", "upload-error-rate{platform=tiktok}",
          "database-unreachable");
    });

    // the health check saw the dependency go down, and its recovery action restarted it
    await().atMost(PATIENCE).untilAsserted(() -> {
      assertThat(tiktok.restarts()).isPositive();
      JsonNode check = json.readTree(get("/actuator/vigil/checks/tiktok-api").body());
      assertThat(check.get("status").asString()).isEqualTo("UP");
      assertThat(check.get("history").toString()).contains("\"DOWN\"");
    });
    assertThat(get("/actuator/vigil/checks").body()).contains("\"check\":\"tiktok-api\"");
    assertThat(get("/actuator/health").body()).contains("\"tiktok-api\"");

    // /vigil (and /) lead to the dashboard
    HttpResponse<String> vigil = get("/vigil");
    assertThat(vigil.statusCode()).isEqualTo(302);
    assertThat(vigil.headers().firstValue("Location")).hasValue("/actuator/vigil/dashboard/");
    assertThat(get("/").headers().firstValue("Location")).hasValue("/vigil");
  }

  private HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + PORT + path))
        .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
