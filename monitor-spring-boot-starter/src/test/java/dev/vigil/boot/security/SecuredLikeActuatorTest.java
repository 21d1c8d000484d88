package dev.vigil.boot.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.vigil.alerts.AlertEngine;
import dev.vigil.alerts.AlertState;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.security.autoconfigure.actuate.web.servlet.EndpointRequest;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;

/**
 * With Spring Security, the rule an application writes for the {@code vigil} endpoint protects the
 * stream, the exports and the dashboard too, and the user who acts is recorded.
 */
@SpringBootTest(classes = SecuredLikeActuatorTest.SecuredApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {"vigil.name=secured-test", "management.endpoints.web.exposure.include=health,vigil",
        "spring.autoconfigure.exclude="})
class SecuredLikeActuatorTest {

  @SpringBootApplication
  static class SecuredApplication {

    @Bean
    SecurityFilterChain actuator(HttpSecurity http) throws Exception {
      return http.securityMatcher(EndpointRequest.toAnyEndpoint())
          .authorizeHttpRequests(a -> a.requestMatchers(EndpointRequest.to("health")).permitAll()
              .requestMatchers(EndpointRequest.to("vigil")).hasRole("OPS")
              .anyRequest().denyAll())
          .httpBasic(b -> {})
          .csrf(c -> c.disable())
          .build();
    }

    @Bean
    UserDetailsService users() {
      return new InMemoryUserDetailsManager(
          User.withUsername("ana").password("{noop}s3cret").roles("OPS").build(),
          User.withUsername("bob").password("{noop}s3cret").roles("DEV").build());
    }

    @Bean
    dev.vigil.alerts.AlertRule anyError() {
      return dev.vigil.alerts.AlertRule.builder("any-error")
          .condition(dev.vigil.alerts.Condition.events(dev.vigil.Severity.ERROR)
              .source("secured-test").over(Duration.ofMinutes(5)).atLeast(1))
          .evaluateOnEvent(true).build();
    }
  }

  @LocalServerPort
  int port;

  @Autowired
  AlertEngine engine;

  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void theEndpointsRuleCoversEverythingServedBesideIt() throws Exception {
    for (String path : new String[] {"/actuator/vigil", "/actuator/vigil/events",
        "/actuator/vigil/stream", "/actuator/vigil/export/events.csv",
        "/actuator/vigil/dashboard/"}) {
      assertThat(status(path, null)).as(path + " anonymous").isEqualTo(401);
      assertThat(status(path, "bob")).as(path + " without the role").isEqualTo(403);
      assertThat(status(path, "ana")).as(path + " with the role").isIn(200, 404);
    }
    assertThat(status("/actuator/vigil/stream", "ana")).isEqualTo(200);
    assertThat(status("/actuator/health", null)).isEqualTo(200);
  }

  @Test
  void theAuthenticatedUserIsWhoAcknowledges() throws Exception {
    LoggerFactory.getLogger("com.acme.Orders").error("Order export failed");
    await().atMost(Duration.ofSeconds(5)).until(() -> engine.activeAlerts().stream()
        .anyMatch(a -> a.ruleId().equals("any-error") && a.state() == AlertState.FIRING));

    HttpResponse<String> ack = http.send(request("/actuator/vigil/alerts", "ana")
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(
            "{\"action\":\"acknowledge\",\"key\":\"any-error\",\"by\":\"mallory\"}")).build(),
        HttpResponse.BodyHandlers.ofString());

    assertThat(ack.statusCode()).isEqualTo(200);
    assertThat(ack.body()).contains("\"by\":\"ana\"").doesNotContain("mallory");
  }

  private int status(String path, String user) throws Exception {
    HttpResponse<InputStream> r = http.send(request(path, user).GET().build(),
        HttpResponse.BodyHandlers.ofInputStream());
    r.body().close(); // the stream never ends by itself
    return r.statusCode();
  }

  private HttpRequest.Builder request(String path, String user) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path));
    if (user != null) {
      b.header("Authorization", "Basic " + Base64.getEncoder()
          .encodeToString((user + ":s3cret").getBytes(StandardCharsets.UTF_8)));
    }
    return b;
  }
}
