package dev.vigil.boot.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import dev.vigil.boot.testapp.TestApplication;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/** An open dashboard must not hold up the web server's graceful shutdown (30 s by default). */
class ShutdownWithOpenStreamTest {

  @Test
  void openStreamsEndWhenTheApplicationStops() throws Exception {
    ConfigurableApplicationContext app = new SpringApplicationBuilder(TestApplication.class)
        .properties("server.port=0", "vigil.name=shutdown-test", "server.shutdown=graceful",
            "management.endpoints.web.exposure.include=vigil")
        .run();
    int port = ((WebServerApplicationContext) app).getWebServer().getPort();
    HttpResponse<InputStream> stream = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
        URI.create("http://localhost:" + port + "/actuator/vigil/stream")).build(),
        HttpResponse.BodyHandlers.ofInputStream());
    assertThat(stream.statusCode()).isEqualTo(200);
    assertThat(app.getBean(LiveStream.class).clients()).isEqualTo(1);

    long start = System.nanoTime();
    app.close();
    Duration took = Duration.ofNanos(System.nanoTime() - start);

    assertThat(took).isLessThan(Duration.ofSeconds(10));
    assertThat(stream.body().readAllBytes()).isNotNull(); // the server ended the stream
  }
}
