package dev.vigil.boot.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.vigil.boot.testapp.TestApplication;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * With a management port of its own ({@code management.server.port}), the stream, the exports and
 * the dashboard are served there beside the endpoint, and not on the application's port.
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
        "vigil.name=management-port-test",
        "management.server.port=0",
        "management.endpoints.web.exposure.include=health,vigil"})
class ManagementPortTest {

  @LocalServerPort
  int port;

  @LocalManagementPort
  int managementPort;

  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void theStreamExportsAndDashboardAreOnTheManagementPort() throws Exception {
    assertThat(managementPort).isNotEqualTo(port);
    HttpResponse<InputStream> stream = http.send(HttpRequest.newBuilder(
            uri(managementPort, "/actuator/vigil/stream?text=on-the-management-port")).GET().build(),
        HttpResponse.BodyHandlers.ofInputStream());
    assertThat(stream.statusCode()).isEqualTo(200);
    List<String> lines = new CopyOnWriteArrayList<>();
    Thread reader = new Thread(() -> {
      try (BufferedReader in = new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8))) {
        for (String line; (line = in.readLine()) != null; ) {
          lines.add(line);
        }
      } catch (Exception closed) {
        // closed by the test
      }
    });
    reader.setDaemon(true);
    reader.start();
    try {
      LoggerFactory.getLogger("com.acme.Orders").error("an error seen on-the-management-port");
      await().atMost(Duration.ofSeconds(3)).until(() -> lines.stream()
          .anyMatch(l -> l.startsWith("data: ") && l.contains("on-the-management-port")));

      HttpResponse<String> csv = get(managementPort, "/actuator/vigil/export/events.csv?text=on-the-management-port");
      assertThat(csv.statusCode()).isEqualTo(200);
      assertThat(csv.body()).startsWith("id,timestamp,").contains("on-the-management-port");

      HttpResponse<String> dashboard = get(managementPort, "/actuator/vigil/dashboard");
      assertThat(dashboard.statusCode()).isEqualTo(302);
      assertThat(get(managementPort, "/actuator/vigil/dashboard/nothing.js").body())
          .contains("no such dashboard file");
      assertThat(get(managementPort, "/actuator/vigil/events").statusCode()).isEqualTo(200);

      assertThat(get(port, "/actuator/vigil/export/events.csv").statusCode()).isEqualTo(404);
      assertThat(get(port, "/actuator/vigil/stream").statusCode()).isEqualTo(404);
    } finally {
      stream.body().close();
    }
  }

  private HttpResponse<String> get(int port, String path) throws Exception {
    return http.send(HttpRequest.newBuilder(uri(port, path)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static URI uri(int port, String path) {
    return URI.create("http://localhost:" + port + path);
  }
}
