package example.social;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.core.env.Environment;

/**
 * A neighbouring service, {@code whatsapp-gateway}, that sends its log lines (JSON lines) to the
 * application's ingest endpoint ({@code vigil.web.ingest.*}) with the shared token, as another
 * process would. Vigil classifies them like the application's own, under their source.
 *
 * <p>Threading: one daemon thread, {@code demo-neighbour}, does the HTTP calls.
 */
final class Neighbour implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger("example.social.Neighbour");

  private final Environment environment;
  private final Duration every;
  private final Random random;
  private final HttpClient http = HttpClient.newBuilder()
      .connectTimeout(Duration.ofSeconds(2)).build();
  private ScheduledExecutorService executor;
  private long sent;
  private boolean warned;

  Neighbour(Environment environment, DemoProperties settings) {
    this.environment = environment;
    this.every = settings.getNeighbourEvery();
    this.random = new Random(settings.getSeed() + 1);
  }

  @Override
  public synchronized void start() {
    if (!environment.getProperty("vigil.web.ingest.enabled", Boolean.class, false)) {
      return;
    }
    executor = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "demo-neighbour");
      t.setDaemon(true);
      return t;
    });
    long millis = Math.max(1, every.toMillis());
    executor.scheduleWithFixedDelay(this::send, millis, millis, TimeUnit.MILLISECONDS);
  }

  @Override
  public synchronized void stop() {
    if (executor != null) {
      executor.shutdownNow();
      executor = null;
    }
  }

  @Override
  public synchronized boolean isRunning() {
    return executor != null;
  }

  private void send() {
    String port = environment.getProperty("local.server.port");
    if (port == null) {
      return; // the server is not listening yet
    }
    StringBuilder body = new StringBuilder();
    int lines = 1 + random.nextInt(3);
    for (int i = 0; i < lines; i++) {
      sent++;
      int r = random.nextInt(100);
      String level = r < 60 ? "info" : r < 90 ? "error" : "warn";
      String message = switch (level) {
        case "info" -> "message delivered to 336" + (10_000_000 + random.nextInt(89_999_999));
        case "error" -> random.nextBoolean() ? "sendMessage failed: 502 Bad Gateway from upstream"
            : "Error: connect ETIMEDOUT 157.240.1.53:443";
        default -> "rate limited by upstream, retrying in 1000 ms";
      };
      body.append("{\"timestamp\":\"").append(Instant.now()).append("\",\"level\":\"")
          .append(level).append("\",\"message\":\"").append(message)
          .append("\",\"requestId\":\"wa-").append(sent).append("\"}\n");
    }
    try {
      HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port
              + environment.getProperty("vigil.web.ingest.path", "/vigil/ingest")))
          .timeout(Duration.ofSeconds(5))
          .header("Content-Type", "application/x-ndjson")
          .header("X-Vigil-Source", "whatsapp-gateway")
          .header(environment.getProperty("vigil.web.ingest.token-header", "X-Vigil-Token"),
              environment.getProperty("vigil.web.ingest.token", ""))
          .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
          .build();
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 202) {
        warnOnce("The ingest endpoint answered " + response.statusCode() + ": "
            + response.body());
      }
    } catch (java.io.IOException e) {
      warnOnce("Could not reach the ingest endpoint: " + e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void warnOnce(String message) {
    if (!warned) {
      warned = true;
      log.warn("{} (said once)", message);
    }
  }
}
