package dev.vigil.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import com.sun.net.httpserver.HttpServer;
import dev.vigil.LogLevel;
import dev.vigil.Monitor;
import dev.vigil.Severity;
import dev.vigil.boot.report.Report;
import dev.vigil.boot.report.VigilReports;
import dev.vigil.notify.Channel;
import dev.vigil.notify.channel.EmailChannel;
import dev.vigil.notify.channel.SlackChannel;
import dev.vigil.store.EventQuery;
import jakarta.mail.internet.MimeMultipart;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

class VigilReportAutoConfigurationTest {

  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(VigilAutoConfiguration.class,
          VigilHealthAutoConfiguration.class, VigilNotifyAutoConfiguration.class,
          VigilAlertsAutoConfiguration.class, VigilReportAutoConfiguration.class));

  private GreenMail smtp;
  private HttpServer slack;
  private final List<String> posted = new CopyOnWriteArrayList<>();

  @BeforeEach
  void start() throws Exception {
    smtp = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
    smtp.start();
    slack = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    slack.createContext("/", exchange -> {
      posted.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
      exchange.sendResponseHeaders(200, 2);
      exchange.getResponseBody().write("ok".getBytes(StandardCharsets.UTF_8));
      exchange.close();
    });
    slack.start();
  }

  @AfterEach
  void stop() {
    smtp.stop();
    slack.stop(0);
  }

  private Channel email() {
    return EmailChannel.builder().name("email").host("127.0.0.1").port(smtp.getSmtp().getPort())
        .tls(EmailChannel.Tls.NONE).from("vigil@example.com").to("ops@example.com").build();
  }

  private Channel slack() {
    return SlackChannel.builder("slack", URI.create("http://127.0.0.1:"
        + slack.getAddress().getPort() + "/services/T0/B0/s3cr3t")).build();
  }

  @Test
  void reportsAreThereButNotScheduledByDefault() {
    runner.run(context -> {
      assertThat(context).hasNotFailed().hasSingleBean(VigilReports.class);
      VigilReports reports = context.getBean(VigilReports.class);
      assertThat(reports.nextRun()).isEmpty();
      assertThat(reports.schedule().orElseThrow().toString())
          .isEqualTo("weekly on MONDAY at 09:00 " + ZoneId.systemDefault().getId()
              + ", covering 7 days");
      Report latest = reports.latest();
      assertThat(Duration.between(latest.from(), latest.to()))
          .isBetween(Duration.ofHours(167), Duration.ofHours(169));
      assertThat(reports.channels()).containsExactly("console");
    });
  }

  @Test
  void enabledSchedulesTheNextRunInTheZone() {
    runner.withPropertyValues("vigil.report.enabled=true", "vigil.report.zone=Europe/Paris",
        "vigil.report.frequency=daily", "vigil.report.time=07:15", "vigil.report.period=12h")
        .run(context -> {
          VigilReports reports = context.getBean(VigilReports.class);
          Instant next = reports.nextRun().orElseThrow();
          assertThat(next.atZone(ZoneId.of("Europe/Paris")).toLocalTime().toString())
              .isEqualTo("07:15");
          assertThat(next).isAfter(Instant.now()).isBefore(Instant.now().plus(Duration.ofDays(1)));
          assertThat(reports.schedule().orElseThrow().period()).isEqualTo(Duration.ofHours(12));
        });
  }

  @Test
  void sendsAnErrorLoggedInTheAppAsAnEscapedHtmlEmailAndASlackMessage() {
    runner.withBean("email", Channel.class, this::email)
        .withBean("slack", Channel.class, this::slack)
        .withPropertyValues("vigil.name=report-e2e", "vigil.report.zone=Europe/Paris",
            "vigil.report.title={name} weekly report")
        .run(context -> {
          Monitor monitor = context.getBean(Monitor.class);
          monitor.log(LogLevel.ERROR, "Checkout failed: <script>alert('pwned')</script>");
          await().atMost(Duration.ofSeconds(5)).until(() -> !monitor.events(EventQuery.builder()
              .minSeverity(Severity.ERROR).build()).items().isEmpty());
          VigilReports reports = context.getBean(VigilReports.class);
          assertThat(reports.channels()).containsExactly("email", "slack");

          Map<String, String> outcomes = reports.send(reports.latest());

          assertThat(outcomes).containsExactly(Map.entry("email", "delivered"),
              Map.entry("slack", "delivered"));
          assertThat(smtp.waitForIncomingEmail(5_000, 1)).isTrue();
          assertThat(smtp.getReceivedMessages()[0].getSubject())
              .isEqualTo("report-e2e weekly report");
          String html = (String) ((MimeMultipart) smtp.getReceivedMessages()[0].getContent())
              .getBodyPart(1).getContent();
          assertThat(html).contains("Checkout failed: &lt;script&gt;alert(&#39;pwned&#39;)"
              + "&lt;/script&gt;").doesNotContain("<script>");
          assertThat(posted).hasSize(1);
          assertThat(posted.get(0)).contains("report-e2e weekly report",
              "Checkout failed: &lt;script&gt;");
          Map<String, Object> map = reports.toMap(reports.latest());
          assertThat(map.get("title")).isEqualTo("report-e2e weekly report");
          assertThat(reports.html(reports.latest())).contains("<h1");
        });
  }

  @Test
  void reportsToTheNamedChannelsOnly() {
    runner.withBean("email", Channel.class, this::email)
        .withBean("slack", Channel.class, this::slack)
        .withPropertyValues("vigil.report.channels=slack")
        .run(context -> assertThat(context.getBean(VigilReports.class).channels())
            .containsExactly("slack"));
  }

  @Test
  void invalidPropertiesStopStartupNamingThem() {
    failsWith("vigil.report.zone=Mars/Olympus", "vigil.report.zone", "is not a time zone id");
    failsWith("vigil.report.time=9h", "vigil.report.time", "is not a local time such as 09:00");
    failsWith("vigil.report.channels=nope", "vigil.report.channels[0]",
        "is not a channel of the notifier; its channels are [console]");
    failsWith("vigil.report.top-errors=500", "vigil.report.top-errors", "must be from 0 to 100");
    failsWith("vigil.report.uptime-objective=120", "vigil.report.uptime-objective",
        "must be a percentage");
    failsWith("vigil.report.period=0s", "vigil.report.period", "must be positive");
    failsWith("vigil.report.attempts=0", "vigil.report.attempts", "must be from 1 to 10");
  }

  private void failsWith(String property, String name, String reason) {
    runner.withPropertyValues(property).run(context ->
        assertThat(context).getFailure().rootCause()
            .isInstanceOf(InvalidVigilPropertyException.class)
            .hasMessageContaining("'" + name + "'").hasMessageContaining(reason));
  }
}
