package dev.vigil.notify.channel;

import static dev.vigil.notify.channel.IncidentFixtures.parse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

import dev.vigil.Severity;
import dev.vigil.alerts.Alert;
import dev.vigil.notify.Notification;
import dev.vigil.notify.TestAlerts;
import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The channel against a real Prometheus Alertmanager (Debian package {@code
 * prometheus-alertmanager}, installed by {@code .ci/run}), started on a free loopback port. Fails
 * if the binary is missing, unless {@code VIGIL_SKIP_ALERTMANAGER=1}.
 */
class RealAlertmanagerTest {

  private static final String BINARY = "prometheus-alertmanager";
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @TempDir
  static Path dir;

  private static Process process;
  private static URI base;

  @BeforeAll
  static void start() throws Exception {
    Path binary = find();
    if (binary == null) {
      Assumptions.assumeFalse("1".equals(System.getenv("VIGIL_SKIP_ALERTMANAGER")),
          "VIGIL_SKIP_ALERTMANAGER=1: the real Alertmanager test is skipped");
      fail(BINARY + " is not on the PATH: install the Debian package (apt-get install -y "
          + BINARY + ", as .ci/run does) or set VIGIL_SKIP_ALERTMANAGER=1 to skip this test");
    }
    Path config = dir.resolve("am.yml");
    Files.writeString(config, """
        route:
          receiver: "null"
        receivers:
          - name: "null"
        """);
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    base = URI.create("http://127.0.0.1:" + port);
    Files.createDirectories(dir.resolve("data"));
    process = new ProcessBuilder(binary.toString(), "--config.file=" + config,
        "--storage.path=" + dir.resolve("data"), "--web.listen-address=127.0.0.1:" + port,
        "--cluster.listen-address=")
        .redirectErrorStream(true).redirectOutput(dir.resolve("am.log").toFile()).start();
    await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() -> {
      if (!process.isAlive()) {
        fail("Alertmanager exited with " + process.exitValue() + ":\n"
            + Files.readString(dir.resolve("am.log")));
      }
      return status("/-/ready") == 200;
    });
  }

  private static Path find() {
    for (String d : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      Path p = Path.of(d, BINARY);
      if (Files.isExecutable(p)) {
        return p;
      }
    }
    return null;
  }

  private static int status(String path) {
    try {
      return HTTP.send(HttpRequest.newBuilder(base.resolve(path)).build(),
          HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  private static JsonNode get(String path) throws Exception {
    HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(base.resolve(path)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(200);
    return parse(r.body());
  }

  private static JsonNode find(JsonNode alerts, String rule) {
    for (JsonNode a : alerts) {
      if (rule.equals(a.path("labels").path("alertname").asString())) {
        return a;
      }
    }
    return null;
  }

  @AfterAll
  static void stop() throws Exception {
    if (process != null) {
      process.destroy();
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    }
  }

  @Test
  void firingThenResolved() throws Exception {
    Alert firing = TestAlerts.firing("real-am-uploads", Severity.CRITICAL).toBuilder()
        .group(java.util.Map.of("platform", "tiktok", "odd-name", "x\"y")).build();
    try (AlertmanagerChannel channel = AlertmanagerChannel.builder().name("am").baseUrl(base)
        .generatorUrl("https://vigil.example.com").build()) {
      channel.send(TestAlerts.notification(Notification.Kind.FIRING, firing));

      JsonNode active = await().atMost(Duration.ofSeconds(10))
          .until(() -> find(get("/api/v2/alerts"), "real-am-uploads"), a -> a != null);
      assertThat(active.path("labels").path("platform").asString()).isEqualTo("tiktok");
      assertThat(active.path("labels").path("odd_name").asString()).isEqualTo("x\"y");
      assertThat(active.path("labels").path("severity").asString()).isEqualTo("CRITICAL");
      assertThat(active.path("annotations").path("runbook_url").asString())
          .isEqualTo("https://runbooks.example.com/uploads");
      assertThat(active.path("generatorURL").asString()).isEqualTo("https://vigil.example.com");
      assertThat(active.path("startsAt").asString()).startsWith("2026-03-02T10:00:00");
      // Alertmanager computes the same fingerprint as the webhook channel
      assertThat(active.path("fingerprint").asString())
          .isEqualTo(Incidents.fingerprint(Incidents.labels(firing, true)));

      Alert resolved = TestAlerts.resolved(firing, 5);
      channel.send(TestAlerts.notification(Notification.Kind.RESOLVED, resolved));
      await().atMost(Duration.ofSeconds(10))
          .until(() -> find(get("/api/v2/alerts"), "real-am-uploads") == null);
      assertThat(channel.firingCount()).isZero();
    }
  }
}
