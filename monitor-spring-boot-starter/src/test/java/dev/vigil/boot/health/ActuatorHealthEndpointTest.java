package dev.vigil.boot.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.vigil.Monitor;
import dev.vigil.Severity;
import dev.vigil.health.HealthCheck;
import dev.vigil.health.HealthMonitor;
import dev.vigil.health.HealthResult;
import dev.vigil.store.EventQuery;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A real application on a real port: {@code /actuator/health} shows Vigil, and Vigil watches. */
@SpringBootTest(classes = ActuatorHealthEndpointTest.App.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {"vigil.name=endpoint-test", "management.endpoint.health.show-details=always",
        "vigil.health.indicators.watch=true"})
class ActuatorHealthEndpointTest {

  @Configuration(proxyBeanMethods = false)
  @EnableAutoConfiguration
  static class App {
    @Bean
    HealthCheck paymentsCheck() {
      return HealthCheck.of("payments", () -> HealthResult.up("HTTP 200 in 12 ms"));
    }

    @Bean
    HealthIndicator inventoryHealthIndicator() {
      return () -> Health.up().withDetail("items", 42).build();
    }
  }

  @LocalServerPort
  int port;

  @Autowired
  HealthMonitor health;

  @Autowired
  Monitor monitor;

  @Test
  void actuatorHealthShowsVigilsChecksAndVigilWatchesTheIndicators() throws Exception {
    assertThat(health.statuses()).extracting(s -> s.check())
        .containsExactlyInAnyOrder("payments", "inventory", "diskSpace", "ssl")
        .doesNotContain("vigil", "ping", "livenessState", "readinessState");
    health.runNow("payments").get(10, TimeUnit.SECONDS);
    health.runNow("inventory").get(10, TimeUnit.SECONDS);

    HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + port + "/actuator/health")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode body = JsonMapper.builder().build().readTree(response.body());
    JsonNode vigil = body.path("components").path("vigil");
    assertThat(vigil.path("status").asString()).isEqualTo("UP");
    assertThat(vigil.path("components").path("payments").path("status").asString())
        .isEqualTo("UP");
    assertThat(vigil.path("components").path("payments").path("details").path("detail")
        .asString()).isEqualTo("HTTP 200 in 12 ms");
    assertThat(vigil.path("components").path("inventory").path("details").path("detail")
        .asString()).isEqualTo("UP {items=42}");
    assertThat(body.path("components").path("inventory").path("status").asString())
        .isEqualTo("UP");
  }

  @Test
  void aLoggedErrorReachesTheMonitor() {
    LoggerFactory.getLogger("com.acme.Checkout").error("Payment provider timed out after 1500 ms");
    await().atMost(Duration.ofSeconds(5)).until(() -> !monitor.events(EventQuery.builder()
        .minSeverity(Severity.ERROR).text("Payment provider").build()).items().isEmpty());
  }
}
