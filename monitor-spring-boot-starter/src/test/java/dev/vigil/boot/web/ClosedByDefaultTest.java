package dev.vigil.boot.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import dev.vigil.boot.testapp.TestApplication;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/** Without exposing the endpoint, nothing of Vigil is reachable over HTTP. */
@SpringBootTest(classes = TestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = "vigil.name=closed-test")
class ClosedByDefaultTest {

  @LocalServerPort
  int port;

  @Test
  void nothingIsOpenByDefault() throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    for (String path : new String[] {"/actuator/vigil", "/actuator/vigil/events",
        "/actuator/vigil/stream", "/actuator/vigil/export/events.csv",
        "/actuator/vigil/dashboard/", "/vigil", "/vigil/ingest"}) {
      HttpResponse<String> r = http.send(HttpRequest.newBuilder(
          URI.create("http://localhost:" + port + path)).GET().build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).as(path).isEqualTo(404);
    }
    assertThat(http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port
        + "/actuator/health")).GET().build(), HttpResponse.BodyHandlers.ofString())
        .statusCode()).isEqualTo(200);
  }
}
