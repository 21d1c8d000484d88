package dev.vigil.boot.report;

import static dev.vigil.boot.report.ReportFixtures.FROM;
import static dev.vigil.boot.report.ReportFixtures.PARIS;
import static dev.vigil.boot.report.ReportFixtures.TO;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.vigil.notify.Notifier;
import dev.vigil.notify.channel.EmailChannel;
import dev.vigil.notify.channel.PagerDutyChannel;
import dev.vigil.notify.channel.SlackChannel;
import dev.vigil.notify.channel.WebhookChannel;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class VigilReportsTest {

  private static final String SECRET_PATH = "/hooks/T000/B000/s3cr3tT0ken";
  private final ReportFixtures data = new ReportFixtures();
  private final LoopbackServer server;
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private GreenMail smtp;
  private Notifier notifier;
  private VigilReports reports;

  VigilReportsTest() throws Exception {
    server = new LoopbackServer();
  }

  @AfterEach
  void close() {
    if (reports != null) {
      reports.close();
    }
    if (notifier != null) {
      notifier.close();
    }
    if (smtp != null) {
      smtp.stop();
    }
    server.close();
    data.close();
  }

  private static JsonNode json(String body) {
    return JsonMapper.builder().build().readTree(body);
  }

  private Notifier webhookNotifier() {
    notifier = Notifier.builder().meterRegistry(registry)
        .channel(WebhookChannel.builder().name("hook").url(server.uri(SECRET_PATH)).build())
        .build().start();
    return notifier;
  }

  @Test
  void sendsAnHtmlEmailAndAChatMessage() throws Exception {
    smtp = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
    smtp.start();
    notifier = Notifier.builder().meterRegistry(registry)
        .channel(EmailChannel.builder().name("email").host("127.0.0.1")
            .port(smtp.getSmtp().getPort()).tls(EmailChannel.Tls.NONE).from("vigil@example.com")
            .to("leadership@example.com").subjectPrefix("[vigil] ").build())
        .channel(SlackChannel.builder("slack", server.uri(SECRET_PATH)).build())
        .channel(PagerDutyChannel.builder().name("pd").routingKey("R0UT1NGKEYR0UT1NGKEYR0UT1NGKEY12")
            .url(server.uri("/v2/enqueue")).source("shop").build())
        .build().start();
    reports = VigilReports.builder(data.generator().build()).notifier(notifier)
        .meterRegistry(registry).build();
    Report report = reports.generate(FROM, TO);

    Map<String, String> outcomes = reports.send(report);

    assertThat(outcomes).containsExactly(Map.entry("email", "delivered"),
        Map.entry("slack", "delivered"), Map.entry("pd", "declined"));
    assertThat(smtp.waitForIncomingEmail(5_000, 1)).isTrue();
    MimeMessage mail = smtp.getReceivedMessages()[0];
    assertThat(mail.getSubject()).isEqualTo(
        "[vigil] Vigil report for shop: 2026-11-16 09:00 – 2026-11-23 09:00");
    assertThat(mail.getHeader("X-Vigil-Digest")[0]).isEqualTo("shop-2026-11-23T08:00:00Z");
    MimeMultipart parts = (MimeMultipart) mail.getContent();
    String html = (String) parts.getBodyPart(1).getContent();
    assertThat(html).isEqualTo(ReportFormat.html(report)).contains(">Top errors<")
        .doesNotContain("<script>");
    assertThat((String) parts.getBodyPart(0).getContent()).contains("Uptime: 96.67%");

    assertThat(server.requests()).hasSize(1); // slack; PagerDuty declined without a request
    LoopbackServer.Request slack = server.requests().get(0);
    assertThat(slack.path()).isEqualTo(SECRET_PATH);
    JsonNode blocks = json(slack.body()).get("blocks");
    assertThat(blocks.get(0).get("text").get("text").asString())
        .isEqualTo("📊 Vigil report for shop: 2026-11-16 09:00 – 2026-11-23 09:00");
    assertThat(blocks.get(1).get("text").get("text").asString())
        .contains("Uptime: 96.67% over 2 checks", "&lt;script&gt;").doesNotContain("<script>");

    assertThat(reports.lastSent()).contains(report);
    assertThat(reports.latest()).isSameAs(report);
    assertThat(registry.get("vigil.reports").tag("channel", "email").tag("outcome", "delivered")
        .counter().count()).isEqualTo(1);
    assertThat(registry.get("vigil.reports").tag("channel", "pd").tag("outcome", "declined")
        .counter().count()).isEqualTo(1);
  }

  @Test
  void sendsOnTheScheduleOnceAndNotAgainAfterARestartInTheSameSlot() {
    data.clock.set(TO.minusSeconds(1)); // Monday 08:59:59 in Paris
    ReportSchedule weekly = ReportSchedule.weekly(DayOfWeek.MONDAY, LocalTime.of(9, 0), PARIS);
    reports = VigilReports.builder(data.generator().build()).notifier(webhookNotifier())
        .schedule(weekly).clock(data.clock).tick(Duration.ofMillis(10)).build();
    assertThat(reports.nextRun()).isEmpty();
    reports.start();
    assertThat(reports.nextRun()).contains(TO);
    sleep(100);
    assertThat(server.requests()).isEmpty();

    data.clock.set(TO.plusMillis(1));
    await().atMost(Duration.ofSeconds(5)).until(() -> server.requests().size() == 1);
    await().atMost(Duration.ofSeconds(5)).until(() -> reports.nextRun().orElseThrow()
        .equals(TO.plus(Duration.ofDays(7))));
    sleep(100);
    assertThat(server.requests()).hasSize(1);
    LoopbackServer.Request request = server.requests().get(0);
    JsonNode body = json(request.body());
    assertThat(body.get("kind").asString()).isEqualTo("digest");
    assertThat(body.get("id").asString()).isEqualTo("shop-2026-11-23T08:00:00Z");
    assertThat(body.get("title").asString())
        .isEqualTo("Vigil report for shop: 2026-11-16 09:00 – 2026-11-23 09:00");
    assertThat(request.headers().get("idempotency-key")).isEqualTo("shop-2026-11-23T08:00:00Z");
    assertThat(reports.lastSent().orElseThrow().from()).isEqualTo(FROM);

    // the application restarts at 09:00:30: the slot is past, the next run is next week
    reports.close();
    data.clock.set(TO.plusSeconds(30));
    reports = VigilReports.builder(data.generator().build()).notifier(notifier)
        .schedule(weekly).clock(data.clock).tick(Duration.ofMillis(10)).build().start();
    assertThat(reports.nextRun()).contains(TO.plus(Duration.ofDays(7)));
    sleep(100);
    assertThat(server.requests()).hasSize(1);
  }

  @Test
  void failuresAreRetriedCountedAndNeverThrownNorShowTheSecret() {
    server.status(503);
    reports = VigilReports.builder(data.generator().build()).notifier(webhookNotifier())
        .attempts(3).retryDelay(Duration.ZERO).meterRegistry(registry).build();
    Map<String, String> outcomes = reports.send(reports.generate(FROM, TO));
    assertThat(outcomes.get("hook")).startsWith("failed: ").doesNotContain("s3cr3t");
    assertThat(server.requests()).hasSize(3);
    assertThat(reports.failures()).isEqualTo(1);
    assertThat(reports.lastSent()).isEmpty();
    assertThat(registry.get("vigil.reports").tag("outcome", "failed").counter().count())
        .isEqualTo(1);

    server.status(404); // permanent: one attempt
    reports.send(reports.generate(FROM, TO));
    assertThat(server.requests()).hasSize(4);
    assertThat(reports.failures()).isEqualTo(2);
  }

  @Test
  void sendAsyncRunsOnTheReportsThread() throws Exception {
    reports = VigilReports.builder(data.generator().build()).notifier(webhookNotifier()).build();
    Map<String, String> outcomes = reports.sendAsync(reports.generate(FROM, TO))
        .get(5, java.util.concurrent.TimeUnit.SECONDS);
    assertThat(outcomes).containsExactly(Map.entry("hook", "delivered"));
    reports.close();
    assertThat(reports.sendAsync(reports.generate(FROM, TO))).isCompletedExceptionally();
  }

  @Test
  void latestIsAFreshReportOfThePeriodEndingNowUntilOneIsSent() {
    reports = VigilReports.builder(data.generator().build())
        .schedule(ReportSchedule.daily(LocalTime.NOON, PARIS)).clock(data.clock).build();
    Report latest = reports.latest();
    assertThat(latest.to()).isEqualTo(TO);
    assertThat(latest.from()).isEqualTo(TO.minus(Duration.ofDays(1)));
    assertThat(reports.send(latest)).isEmpty(); // no notifier: nothing sent, nothing thrown
    assertThat(reports.channels()).isEmpty();
  }

  @Test
  void namedChannelsMustExist() {
    VigilReports.Builder builder = VigilReports.builder(data.generator().build())
        .notifier(webhookNotifier()).channels(List.of("hook", "email"));
    assertThatThrownBy(builder::build).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("no channel [email] in the notifier; its channels: [hook]");
    assertThatThrownBy(() -> VigilReports.builder(data.generator().build())
        .channels(List.of("hook")).build()).hasMessageContaining("there is no notifier");
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
