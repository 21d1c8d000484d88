package dev.vigil.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.vigil.Severity;
import dev.vigil.alerts.Alert;
import dev.vigil.notify.RecordingServer.Request;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Alerts that fire together go out as one message on channels that take groups. */
class GroupingTest {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final RecordingServer server = new RecordingServer();
  private Notifier notifier;

  @AfterEach
  void close() {
    if (notifier != null) {
      notifier.close();
    }
    server.close();
  }

  private static Alert on(String platform) {
    Alert a = TestAlerts.firing("upload-errors", Severity.ERROR);
    return a.toBuilder().group(Map.of("platform", platform)).build();
  }

  private List<Request> to(String path) {
    return server.delivered().stream().filter(r -> r.path().equals(path)).toList();
  }

  @Test
  void aGroupGoesOutOnceOnChatAndOneByOneElsewhereAfterTheGroupWait() {
    notifier = Notifier.builder()
        .channel(HttpTestChannel.to("slack", server).grouping())
        .channel(HttpTestChannel.to("pagerduty", server))
        .route(Route.builder().channels("slack", "pagerduty").groupBy("alertname")
            .groupWait(Duration.ofMillis(700)).groupInterval(Duration.ofSeconds(1)).build())
        .build().start();
    long start = System.nanoTime();

    notifier.onTransition(on("tiktok"));
    notifier.onTransition(on("instagram"));
    notifier.onTransition(on("youtube"));

    await().atMost(Duration.ofSeconds(10)).until(() -> to("/slack").size() == 1
        && to("/pagerduty").size() == 3);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThan(Duration.ofMillis(600));
    JsonNode slack = JSON.readTree(to("/slack").get(0).body());
    assertThat(slack.get("alerts").asInt()).isEqualTo(3);
    assertThat(slack.get("title").asString()).isEqualTo("[FIRING] 3 alerts: upload-errors");
    assertThat(slack.get("text").asString().lines()).hasSize(3)
        .allSatisfy(line -> assertThat(line).startsWith("• [FIRING] upload-errors{platform="));
    assertThat(to("/pagerduty")).extracting(r -> JSON.readTree(r.body()).get("alerts").asInt())
        .containsOnly(1);

    // a resolution waits for the group interval, and keeps the alert's order
    notifier.onTransition(TestAlerts.resolved(on("tiktok"), 1));
    await().atMost(Duration.ofSeconds(10)).until(() -> to("/slack").size() == 2);
    assertThat(JSON.readTree(to("/slack").get(1).body()).get("title").asString()).as("alone")
        .isEqualTo("[RESOLVED] upload-errors{platform=tiktok}: Upload error rate 30% on tiktok");
  }

  @Test
  void differentGroupValuesMakeDifferentMessages() {
    notifier = Notifier.builder()
        .channel(HttpTestChannel.to("slack", server).grouping())
        .route(Route.builder().channels("slack").groupBy("platform")
            .groupWait(Duration.ofMillis(300)).build())
        .build().start();

    notifier.onTransition(on("tiktok"));
    notifier.onTransition(on("youtube"));

    await().atMost(Duration.ofSeconds(10)).until(() -> to("/slack").size() == 2);
    assertThat(to("/slack")).extracting(r -> JSON.readTree(r.body()).get("alerts").asInt())
        .containsOnly(1);
  }
}
