package dev.vigil.boot.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.vigil.boot.testapp.TestApplication;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/** The application with the starter is started and closed for real, with clients on the stream. */
class WebLifecycleTest {

  private final HttpClient http = HttpClient.newHttpClient();

  /**
   * Spring Boot shuts the web server down gracefully (waiting for the requests under way, 30 s by
   * default); a live stream is a request that never ends by itself, so the stream must end its
   * clients when the context starts closing, or every shutdown waits the full grace period.
   */
  @Test
  void anOpenStreamDoesNotHoldUpTheGracefulShutdown() throws Exception {
    closesQuicklyWithAClient(start("lifecycle-graceful"), "local.server.port");
  }

  /** The same with the stream on a management port: the management context closes first. */
  @Test
  void anOpenStreamOnTheManagementPortDoesNotHoldUpTheShutdown() throws Exception {
    closesQuicklyWithAClient(start("lifecycle-management", "management.server.port=0"),
        "local.management.port");
  }

  private void closesQuicklyWithAClient(ConfigurableApplicationContext context,
      String portProperty) throws Exception {
    int port = Integer.parseInt(context.getEnvironment().getProperty(portProperty));
    HttpResponse<InputStream> stream = http.send(HttpRequest.newBuilder(
            URI.create("http://localhost:" + port + "/actuator/vigil/stream")).GET().build(),
        HttpResponse.BodyHandlers.ofInputStream());
    assertThat(stream.statusCode()).isEqualTo(200);
    await().atMost(Duration.ofSeconds(2))
        .until(() -> context.getBean(LiveStream.class).clients() == 1);

    long t0 = System.nanoTime();
    context.close();
    Duration took = Duration.ofNanos(System.nanoTime() - t0);

    assertThat(took).isLessThan(Duration.ofSeconds(5));
    stream.body().close();
  }

  /** Once the context is closed, none of Vigil's threads is left running. */
  @Test
  void noVigilThreadOutlivesTheContext() throws Exception {
    java.util.Set<Thread> before = java.util.Set.copyOf(Thread.getAllStackTraces().keySet());
    ConfigurableApplicationContext context = start("lifecycle-threads");
    int port = ((WebServerApplicationContext) context).getWebServer().getPort();
    HttpResponse<InputStream> stream = http.send(HttpRequest.newBuilder(
            URI.create("http://localhost:" + port + "/actuator/vigil/stream")).GET().build(),
        HttpResponse.BodyHandlers.ofInputStream());
    await().atMost(Duration.ofSeconds(2))
        .until(() -> context.getBean(LiveStream.class).clients() == 1);

    context.close();
    stream.body().close();

    await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(vigilThreads(before))
        .as("threads of the closed context").isEmpty());
  }

  /**
   * Test frameworks keep contexts open while others start and close; each new application
   * resets Logback's configuration. The appender of a context still open must keep capturing,
   * and the one of a closed context must be gone.
   */
  @Test
  void theAppenderOfAnOpenContextSurvivesOtherContextsComingAndGoing() throws Exception {
    ConfigurableApplicationContext first = start("lifecycle-first");
    try {
      ConfigurableApplicationContext second = start("lifecycle-second");
      dev.vigil.Monitor secondMonitor = second.getBean(dev.vigil.Monitor.class);
      assertThat(secondMonitor.name()).isEqualTo("lifecycle-second");
      second.close();
      start("lifecycle-third").close();

      ch.qos.logback.classic.Logger root = (ch.qos.logback.classic.Logger)
          org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
      assertThat(root.getAppender("VIGIL-lifecycle-second")).isNull();
      assertThat(root.getAppender("VIGIL-lifecycle-third")).isNull();

      dev.vigil.Monitor monitor = first.getBean(dev.vigil.Monitor.class);
      org.slf4j.LoggerFactory.getLogger("com.acme.Billing").error("invoice run failed after-reset-42");
      await().atMost(Duration.ofSeconds(3)).until(() -> !monitor.events(dev.vigil.store.EventQuery
          .builder().text("after-reset-42").build()).items().isEmpty());
    } finally {
      first.close();
    }
  }

  /**
   * With Actuator at the root ({@code management.endpoints.web.base-path=/}) the endpoint itself
   * is {@code /vigil}: the dashboard's short path must not hide it.
   */
  @Test
  void theShortDashboardPathNeverHidesTheEndpoint() throws Exception {
    try (ConfigurableApplicationContext context = start("lifecycle-root",
        "management.endpoints.web.base-path=/")) {
      int port = ((WebServerApplicationContext) context).getWebServer().getPort();
      HttpResponse<String> summary = http.send(HttpRequest.newBuilder(
          URI.create("http://localhost:" + port + "/vigil")).GET().build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(summary.statusCode()).isEqualTo(200);
      assertThat(summary.body()).contains("\"name\":\"lifecycle-root\"");
      HttpResponse<String> dashboard = http.send(HttpRequest.newBuilder(
          URI.create("http://localhost:" + port + "/vigil/dashboard")).GET().build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(dashboard.statusCode()).isEqualTo(302);
    }
  }

  /** Many clients connecting at once never get past {@code vigil.web.stream.max-clients}. */
  @Test
  void maxClientsHoldsUnderConcurrentConnects() throws Exception {
    try (ConfigurableApplicationContext context = start("lifecycle-clients",
        "vigil.web.stream.max-clients=2", "server.tomcat.threads.max=64")) {
      int port = ((WebServerApplicationContext) context).getWebServer().getPort();
      int n = 24;
      HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
      java.util.concurrent.CountDownLatch gate = new java.util.concurrent.CountDownLatch(1);
      java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(n);
      List<InputStream> open = new java.util.concurrent.CopyOnWriteArrayList<>();
      java.util.concurrent.atomic.AtomicInteger ok = new java.util.concurrent.atomic.AtomicInteger();
      List<java.util.concurrent.Future<?>> all = new java.util.ArrayList<>();
      for (int i = 0; i < n; i++) {
        all.add(pool.submit(() -> {
          gate.await();
          HttpResponse<InputStream> r = client.send(HttpRequest.newBuilder(
              URI.create("http://localhost:" + port + "/actuator/vigil/stream")).GET().build(),
              HttpResponse.BodyHandlers.ofInputStream());
          if (r.statusCode() == 200) {
            ok.incrementAndGet();
            open.add(r.body());
          } else {
            r.body().close();
          }
          return null;
        }));
      }
      gate.countDown();
      for (java.util.concurrent.Future<?> f : all) {
        f.get(20, java.util.concurrent.TimeUnit.SECONDS);
      }
      pool.shutdown();
      LiveStream stream = context.getBean(LiveStream.class);
      assertThat(ok.get()).isEqualTo(2);
      assertThat(stream.clients()).isEqualTo(2);
      for (InputStream s : open) {
        s.close();
      }
    }
  }

  /** A bad export limit stops the startup naming the property, like every vigil.* property. */
  @Test
  void aBadExportLimitStopsTheStartup() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> start("lifecycle-bad-export",
            "vigil.web.export.max-rows=0").close())
        .rootCause()
        .isInstanceOf(dev.vigil.boot.InvalidVigilPropertyException.class)
        .hasMessageContaining("vigil.web.export.max-rows");
  }

  static ConfigurableApplicationContext start(String name, String... more) {
    List<String> properties = new java.util.ArrayList<>(List.of(
        "server.port=0",
        "vigil.name=" + name,
        "management.endpoints.web.exposure.include=health,vigil"));
    properties.addAll(List.of(more));
    return new SpringApplicationBuilder(TestApplication.class)
        .properties(properties.toArray(String[]::new)).run();
  }

  /** Vigil's live threads that were not there {@code before} (the shared series clock aside). */
  static List<String> vigilThreads(java.util.Set<Thread> before) {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.isAlive() && !before.contains(t))
        .map(Thread::getName)
        .filter(n -> n.startsWith("vigil-") && !n.equals("vigil-series-clock"))
        .toList();
  }
}
