package dev.vigil.boot.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.boot.testapp.TestApplication;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/** Bad input to the endpoint, the exports and the stream: 400 with a reason, never 500. */
@SpringBootTest(classes = TestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
        "vigil.name=web-test",
        "management.endpoints.web.exposure.include=health,vigil",
        "vigil.web.ingest.enabled=true",
        "vigil.web.ingest.token=0123456789abcdef-secret",
        "vigil.web.ingest.max-body-size=64KB"})
class WebInputTest {

  @LocalServerPort
  int port;

  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void anExportWithABadCursorIsABadRequest() throws Exception {
    for (String file : new String[] {"events.csv", "events.json"}) {
      HttpResponse<String> r = get("/actuator/vigil/export/" + file + "?cursor=not-a-cursor!");
      assertThat(r.statusCode()).as(file + ": " + r.body()).isEqualTo(400);
      assertThat(r.body()).contains("invalid cursor");
    }
  }

  @Test
  void aWindowBeyondTheCalendarIsABadRequest() throws Exception {
    for (String path : new String[] {"/actuator/vigil/events?window=999999999999d",
        "/actuator/vigil/groups?window=999999999999d",
        "/actuator/vigil/stats?window=999999999999d",
        "/actuator/vigil/export/events.csv?window=999999999999d",
        "/actuator/vigil/stream?window=999999999999d",
        "/actuator/vigil/report?to=-999999999-01-01T00:00:00Z"}) {
      HttpResponse<String> r = get(path);
      assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(400);
      assertThat(r.body()).as(path).contains(path.contains("window") ? "'window' must be at most"
          : "EpochDay");
    }
  }

  private HttpResponse<String> get(String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).GET()
        .build(), HttpResponse.BodyHandlers.ofString());
  }
}
