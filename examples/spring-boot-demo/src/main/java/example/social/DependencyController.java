package example.social;

import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * The flaky dependency's admin API, as a real client library or sidecar would offer it: a health
 * endpoint that Vigil's check {@code tiktok-api} calls, and a restart that its recovery action
 * calls. {@code /} leads to the dashboard.
 */
@RestController
class DependencyController {

  private static final Logger log = LoggerFactory.getLogger("example.social.tiktok.TikTokAdmin");

  private final FlakyDependency dependency;

  DependencyController(FlakyDependency dependency) {
    this.dependency = dependency;
  }

  @GetMapping("/")
  ResponseEntity<Void> home() {
    return ResponseEntity.status(HttpStatus.FOUND).header("Location", "/vigil").build();
  }

  @GetMapping("/demo/dependency/health")
  ResponseEntity<Map<String, Object>> health() throws InterruptedException {
    return switch (dependency.state()) {
      case UP -> ResponseEntity.ok(Map.of("status", "UP", "connections", 8));
      case RESTARTING -> ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
          .body(Map.of("status", "RESTARTING"));
      case REFUSING -> ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
          .body(Map.of("status", "DOWN", "error", "connect ECONNREFUSED 10.0.3.7:443"));
      case HANGING -> {
        Thread.sleep(3_000); // longer than the check's timeout: Vigil sees a TIMEOUT
        yield ResponseEntity.status(HttpStatus.GATEWAY_TIMEOUT)
            .body(Map.of("status", "DOWN", "error", "upstream timed out"));
      }
    };
  }

  @PostMapping("/demo/dependency/restart")
  ResponseEntity<Map<String, Object>> restart(
      @RequestHeader(name = "User-Agent", required = false) String agent) {
    String by = agent == null ? "?" : agent.replaceAll("[^\\w ./:()-]", "");
    log.warn("Restarting the TikTok API client (asked by {})",
        by.length() > 60 ? by.substring(0, 60) : by);
    dependency.restart();
    return ResponseEntity.accepted().body(Map.of("status", "RESTARTING",
        "backInMillis", dependency.restartTakes().toMillis()));
  }
}
