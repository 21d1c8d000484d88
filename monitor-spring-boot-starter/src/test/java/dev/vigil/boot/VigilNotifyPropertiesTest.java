package dev.vigil.boot;

import static dev.vigil.boot.VigilAlertsPropertiesTest.failure;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.vigil.Monitor;
import dev.vigil.alerts.AlertEngine;
import dev.vigil.boot.internal.InvalidVigilPropertyFailureAnalyzer;
import dev.vigil.notify.Channel;
import dev.vigil.notify.Notification;
import dev.vigil.notify.Notifier;
import dev.vigil.notify.channel.ConsoleChannel;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** {@code vigil.notify.channels}, {@code routes} and {@code retry}. */
class VigilNotifyPropertiesTest {

  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(VigilAutoConfiguration.class,
          VigilNotifyAutoConfiguration.class, VigilAlertsAutoConfiguration.class))
      .withPropertyValues("vigil.appender.enabled=false", "vigil.alerts.health-check-down=false");

  private LoopbackServer server;

  @BeforeEach
  void start() throws Exception {
    server = new LoopbackServer();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private static String[] rule(int i, String id, String severity, String series) {
    String p = "vigil.alerts.rules[" + i + "].";
    return new String[] {p + "id=" + id, p + "severity=" + severity,
        p + "threshold.stat=COUNT", p + "threshold.series=" + series,
        p + "threshold.window=1h", p + "threshold.above=0"};
  }

  @Test
  void withoutChannelsAlertsGoToTheConsoleByOneDefaultRoute() {
    runner.run(context -> {
      assertThat(context).hasNotFailed();
      assertThat(context.getBean(Notifier.class).channels()).containsExactly("console");
    });
  }

  @Test
  void anAlertReachesASlackWebhookConfiguredByProperties() {
    runner.withPropertyValues(rule(0, "token-refresh-failures", "CRITICAL", "token.failure"))
        .withPropertyValues("vigil.notify.channels.ops-slack.type=slack",
            "vigil.notify.channels.ops-slack.url=" + server.url("/services/T0/B0/secret"),
            "vigil.notify.channels.ops-slack.timeout=5s")
        .run(context -> {
          assertThat(context).hasNotFailed();
          assertThat(context.getBean(Notifier.class).channels()).containsExactly("ops-slack");
          context.getBean(Monitor.class).increment("token.failure");
          context.getBean(AlertEngine.class).evaluate();
          await().atMost(10, TimeUnit.SECONDS).until(() -> !server.requests.isEmpty());
          LoopbackServer.Request post = server.requests.get(0);
          assertThat(post.method()).isEqualTo("POST");
          assertThat(post.path()).isEqualTo("/services/T0/B0/secret");
          assertThat(post.body()).contains("token-refresh-failures", "blocks");
        });
  }

  @Test
  void routesSendBySeverityAndLabelsToTheirChannels() {
    runner.withPropertyValues(rule(0, "disk-full", "CRITICAL", "disk.full"))
        .withPropertyValues(rule(1, "slow-page", "WARN", "page.slow"))
        .withPropertyValues(rule(2, "other-team", "CRITICAL", "other.fail"))
        .withPropertyValues("vigil.alerts.rules[2].labels.team=billing")
        .withPropertyValues(
            "vigil.notify.channels.pager.type=webhook",
            "vigil.notify.channels.pager.url=" + server.url("/pager"),
            "vigil.notify.channels.pager.secret=hmac-secret",
            "vigil.notify.channels.pager.headers.Authorization=Bearer token-123",
            "vigil.notify.channels.chat.type=webhook",
            "vigil.notify.channels.chat.url=" + server.url("/chat"),
            "vigil.notify.channels.chat.body={\"text\": \"{{ title }}\"}",
            "vigil.notify.channels.chat.content-type=application/json",
            "vigil.notify.channels.chat.rate-limit.permits=10",
            "vigil.notify.channels.chat.rate-limit.per=1s",
            "vigil.notify.routes[0].name=pages",
            "vigil.notify.routes[0].min-severity=CRITICAL",
            "vigil.notify.routes[0].matchers.team=!=billing",
            "vigil.notify.routes[0].channels=pager",
            "vigil.notify.routes[0].continue-matching=true",
            "vigil.notify.routes[0].kinds=FIRING",
            "vigil.notify.routes[1].channels=chat",
            "vigil.notify.routes[1].group-wait=0s")
        .run(context -> {
          assertThat(context).hasNotFailed();
          Monitor monitor = context.getBean(Monitor.class);
          monitor.increment("disk.full");
          monitor.increment("page.slow");
          monitor.increment("other.fail");
          context.getBean(AlertEngine.class).evaluate();
          await().atMost(10, TimeUnit.SECONDS).until(() -> server.to("/pager").size() >= 1
              && server.to("/chat").stream().map(LoopbackServer.Request::body)
                  .reduce("", String::concat).contains("other-team"));
          Thread.sleep(300); // nothing else may come
          assertThat(server.to("/pager")).singleElement().satisfies(r -> {
            assertThat(r.body()).contains("disk-full").doesNotContain("slow-page", "other-team");
            assertThat(r.header("X-Vigil-Signature")).startsWith("sha256=");
            assertThat(r.header("Authorization")).isEqualTo("Bearer token-123");
          });
          String chat = server.to("/chat").stream().map(LoopbackServer.Request::body)
              .reduce("", String::concat);
          assertThat(chat).contains("disk-full", "slow-page", "other-team").startsWith("{\"text\"");
        });
  }

  @Test
  void everyChannelTypeIsBuiltFromProperties() {
    runner.withPropertyValues(
        "vigil.notify.channels.s.type=slack", "vigil.notify.channels.s.url=https://hooks.slack.com/services/T/B/X",
        "vigil.notify.channels.d.type=discord", "vigil.notify.channels.d.url=https://discord.com/api/webhooks/1/x",
        "vigil.notify.channels.t.type=teams", "vigil.notify.channels.t.url=https://example.webhook.office.com/x",
        "vigil.notify.channels.w.type=webhook", "vigil.notify.channels.w.url=https://example.com/hook",
        "vigil.notify.channels.am.type=alertmanager", "vigil.notify.channels.am.url=http://127.0.0.1:9093",
        "vigil.notify.channels.am.resend-interval=30s",
        "vigil.notify.channels.pd.type=pagerduty", "vigil.notify.channels.pd.routing-key=0123456789abcdef0123456789abcdef",
        "vigil.notify.channels.og.type=opsgenie", "vigil.notify.channels.og.api-key=key",
        "vigil.notify.channels.og.url=https://api.eu.opsgenie.com", "vigil.notify.channels.og.tags=payments,prod",
        "vigil.notify.channels.mail.type=email", "vigil.notify.channels.mail.host=smtp.example.com",
        "vigil.notify.channels.mail.from=Vigil <vigil@example.com>", "vigil.notify.channels.mail.to=ops@example.com",
        "vigil.notify.channels.sms.type=twilio-sms", "vigil.notify.channels.sms.account-sid=AC0123456789abcdef0123456789abcdef",
        "vigil.notify.channels.sms.auth-token=tok", "vigil.notify.channels.sms.from=+15005550006",
        "vigil.notify.channels.sms.to=+33612345678",
        "vigil.notify.channels.wa.type=twilio-whatsapp", "vigil.notify.channels.wa.account-sid=AC0123456789abcdef0123456789abcdef",
        "vigil.notify.channels.wa.auth-token=tok", "vigil.notify.channels.wa.from=+15005550006",
        "vigil.notify.channels.wa.min-severity=ERROR",
        "vigil.notify.channels.ga.type=green-api-whatsapp", "vigil.notify.channels.ga.id-instance=1101000001",
        "vigil.notify.channels.ga.api-token-instance=tok", "vigil.notify.channels.ga.to=33612345678@c.us",
        "vigil.notify.channels.log.type=console", "vigil.notify.channels.log.logger=dev.vigil.notify.alerts",
        "vigil.notify.channels.log.fallback=s",
        "vigil.notify.retry.max-attempts=5", "vigil.notify.retry.initial-backoff=2s",
        "vigil.notify.channels.s.retry.max-attempts=2",
        "vigil.notify.channels.s.circuit-breaker.failures=3",
        "vigil.notify.channels.s.circuit-breaker.open-for=30s")
        .run(context -> {
          assertThat(context).hasNotFailed();
          assertThat(context.getBean(Notifier.class).channels()).containsExactlyInAnyOrder(
              "s", "d", "t", "w", "am", "pd", "og", "mail", "sms", "wa", "ga", "log");
        });
  }

  @Test
  void anEmailChannelFromPropertiesDeliversToARealSmtpServer() {
    GreenMail smtp = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
    smtp.start();
    try {
      runner.withPropertyValues(rule(0, "disk-full", "CRITICAL", "disk.full"))
          .withPropertyValues(
              "vigil.notify.channels.mail.type=email",
              "vigil.notify.channels.mail.host=127.0.0.1",
              "vigil.notify.channels.mail.port=" + smtp.getSmtp().getPort(),
              "vigil.notify.channels.mail.tls=none",
              "vigil.notify.channels.mail.from=Vigil <vigil@example.com>",
              "vigil.notify.channels.mail.to=ops@example.com",
              "vigil.notify.channels.mail.subject-prefix=[vigil] ")
          .run(context -> {
            assertThat(context).hasNotFailed();
            context.getBean(Monitor.class).increment("disk.full");
            context.getBean(AlertEngine.class).evaluate();
            assertThat(smtp.waitForIncomingEmail(10_000, 1)).isTrue();
            MimeMessage m = smtp.getReceivedMessages()[0];
            assertThat(m.getSubject()).startsWith("[vigil]").contains("disk-full");
            assertThat(m.getAllRecipients()[0]).hasToString("ops@example.com");
          });
    } finally {
      smtp.stop();
    }
  }

  @Test
  void anEmailChannelWithoutJakartaMailNamesTheDependency() {
    runner.withClassLoader(new FilteredClassLoader("jakarta.mail"))
        .withPropertyValues("vigil.notify.channels.mail.type=email",
            "vigil.notify.channels.mail.host=smtp.example.com",
            "vigil.notify.channels.mail.from=vigil@example.com")
        .run(context -> {
          InvalidVigilPropertyException e = failure(context);
          assertThat(e.property()).isEqualTo("vigil.notify.channels.mail.type");
          assertThat(e.reason()).contains("org.eclipse.angus:angus-mail");
        });
  }

  @Test
  void channelAndRouteBeansStillCount() {
    List<Notification> seen = new CopyOnWriteArrayList<>();
    Channel bean = new Channel() {
      @Override
      public String name() {
        return "bean";
      }

      @Override
      public void send(Notification n) {
        seen.add(n);
      }
    };
    runner.withBean("beanChannel", Channel.class, () -> bean)
        .withPropertyValues("vigil.notify.channels.log.type=console",
            "vigil.notify.routes[0].channels=bean,log")
        .run(context -> {
          assertThat(context).hasNotFailed();
          Notifier notifier = context.getBean(Notifier.class);
          assertThat(notifier.channels()).containsExactly("bean", "log");
          notifier.sendTest("bean").get(5, TimeUnit.SECONDS);
          assertThat(seen).singleElement().extracting(Notification::kind)
              .isEqualTo(Notification.Kind.TEST);
        });
    runner.withBean("beanChannel", Channel.class, () -> bean)
        .withPropertyValues("vigil.notify.channels.bean.type=console")
        .run(context -> assertThat(failure(context).property())
            .isEqualTo("vigil.notify.channels.bean"));
  }

  @Test
  void aMissingOrUnknownTypeIsNamed() {
    runner.withPropertyValues("vigil.notify.channels.x.url=https://example.com")
        .run(context -> assertThat(failure(context).property())
            .isEqualTo("vigil.notify.channels.x.type"));
    runner.withPropertyValues("vigil.notify.channels.x.type=carrier-pigeon")
        .run(context -> assertThat(failure(context).reason())
            .contains("is not a channel type", "slack", "green-api-whatsapp"));
  }

  @Test
  void aSettingOfAnotherTypeIsRefused() {
    runner.withPropertyValues("vigil.notify.channels.x.type=slack",
        "vigil.notify.channels.x.url=https://hooks.slack.com/services/T/B/X",
        "vigil.notify.channels.x.routing-key=abc").run(context -> {
          InvalidVigilPropertyException e = failure(context);
          assertThat(e.property()).isEqualTo("vigil.notify.channels.x.routing-key");
          assertThat(e.reason()).contains("is not a setting of a slack channel", "timeout, url");
        });
  }

  @Test
  void secretsAreNeverShown() {
    runner.withPropertyValues("vigil.notify.channels.x.type=slack",
        "vigil.notify.channels.x.url=https://hooks.slack.com/services/T0/B0/SUPERSECRET with space")
        .run(context -> {
          InvalidVigilPropertyException e = failure(context);
          assertThat(e.property()).isEqualTo("vigil.notify.channels.x.url");
          assertThat(e.value()).isNull();
          String shown = new InvalidVigilPropertyFailureAnalyzer().analyze(e).getDescription();
          assertThat(shown + e.getMessage()).doesNotContain("SUPERSECRET");
        });
    runner.withPropertyValues("vigil.notify.channels.x.type=pagerduty",
        "vigil.notify.channels.x.routing-key=SUPERSECRET",
        "vigil.notify.channels.x.source= ")
        .run(context -> {
          InvalidVigilPropertyException e = failure(context);
          assertThat(e.property()).isEqualTo("vigil.notify.channels.x");
          assertThat(e.reason()).contains("source");
          assertThat(e.getMessage()).doesNotContain("SUPERSECRET");
        });
    runner.withPropertyValues("vigil.notify.channels.x.type=opsgenie")
        .run(context -> assertThat(failure(context).property())
            .isEqualTo("vigil.notify.channels.x.api-key"));
  }

  @Test
  void badOptionsAndRoutesNameTheirProperties() {
    String[] console = {"vigil.notify.channels.log.type=console"};
    expect(console, "vigil.notify.retry.jitter=2", "vigil.notify.retry.jitter", "from 0 to 1");
    expect(console, "vigil.notify.retry.max-attempts=0", "vigil.notify.retry.max-attempts",
        "at least 1");
    expect(console, "vigil.notify.channels.log.retry.max-backoff=1ms",
        "vigil.notify.channels.log.retry.max-backoff", "at least the initial backoff");
    expect(console, "vigil.notify.channels.log.rate-limit.permits=0",
        "vigil.notify.channels.log.rate-limit.permits", "must be positive");
    expect(console, "vigil.notify.channels.log.circuit-breaker.open-for=0s",
        "vigil.notify.channels.log.circuit-breaker.open-for", "must be positive");
    expect(console, "vigil.notify.channels.log.fallback=nowhere",
        "vigil.notify.channels.log.fallback", "is not a channel");
    expect(console, "vigil.notify.channels.log.logger=com.acme.Alerts",
        "vigil.notify.channels.log.logger", "under dev.vigil.notify");
    expect(console, "vigil.notify.routes[0].channels=log,slack", "vigil.notify.routes[0].channels[1]",
        "is not a channel");
    expect(console, "vigil.notify.routes[0].channels=log,log", "vigil.notify.routes[0]",
        "named twice");
    expect(console, "vigil.notify.routes[0].group-interval=0s",
        "vigil.notify.routes[0].group-interval", "must be positive");
    expect(console, "vigil.notify.routes[0].active.from=25:00",
        "vigil.notify.routes[0].active.from", "is not a time of day");
    expect(console, "vigil.notify.routes[0].muted.days=MON,FUNDAY",
        "vigil.notify.routes[0].muted.from", "is required");
    expect(console, "vigil.notify.routes[0].matchers.team==~(unclosed",
        "vigil.notify.routes[0]", "team");
    expect(console, "vigil.notify.routes[0].template.title={{ unclosed",
        "vigil.notify.routes[0].template.title", "invalid title template");
    expect(console, "vigil.notify.routes[0].escalation.channels=log",
        "vigil.notify.routes[0].escalation.contacts", "at least one contact");
  }

  @Test
  void timeWindowsAndEscalationAreBuilt() {
    runner.withPropertyValues(
        "vigil.notify.channels.mail.type=email",
        "vigil.notify.channels.mail.host=smtp.example.com",
        "vigil.notify.channels.mail.from=vigil@example.com",
        "vigil.notify.channels.log.type=console",
        "vigil.notify.routes[0].channels=mail",
        "vigil.notify.routes[0].active.days=mon,TUE,wednesday,THU,FRI",
        "vigil.notify.routes[0].active.from=9:00",
        "vigil.notify.routes[0].active.to=18:00",
        "vigil.notify.routes[0].active.zone=Europe/Paris",
        "vigil.notify.routes[0].muted.from=12:00",
        "vigil.notify.routes[0].muted.to=13:00",
        "vigil.notify.routes[1].escalation.contacts[0].name=Alice",
        "vigil.notify.routes[1].escalation.contacts[0].addresses.email=alice@example.com",
        "vigil.notify.routes[1].escalation.contacts[1].name=Bob",
        "vigil.notify.routes[1].escalation.contacts[1].addresses.email=bob@example.com",
        "vigil.notify.routes[1].escalation.channels=mail",
        "vigil.notify.routes[1].escalation.every=15m").run(context ->
          assertThat(context).hasNotFailed());
    // an escalation needs channels that reach people
    expect(new String[] {"vigil.notify.channels.log.type=console",
        "vigil.notify.routes[0].escalation.contacts[0].name=Alice",
        "vigil.notify.routes[0].escalation.contacts[0].addresses.sms=+33612345678"},
        "vigil.notify.routes[0].escalation.channels=log",
        "vigil.notify.routes[0].escalation.channels[0]", "reaches a team, not people");
    expect(new String[] {"vigil.notify.channels.log.type=console"},
        "vigil.notify.routes[0].active.from=09:00", "vigil.notify.routes[0].active.to",
        "is required");
  }

  @Test
  void theConsoleChannelIsAddedOnlyWithoutAnyOther() {
    runner.withPropertyValues("vigil.notify.channels.w.type=webhook",
        "vigil.notify.channels.w.url=" + server.url("/w")).run(context -> {
          Notifier notifier = context.getBean(Notifier.class);
          assertThat(notifier.channels()).containsExactly("w");
          notifier.sendTest("w").get(5, TimeUnit.SECONDS);
          assertThat(server.to("/w")).hasSize(1);
        });
    assertThat(ConsoleChannel.builder().build().name()).isEqualTo("console");
    assertThat(Duration.ofSeconds(1)).isPositive();
  }

  private void expect(String[] base, String property, String named, String reason) {
    runner.withPropertyValues(base).withPropertyValues(property).run(context -> {
      InvalidVigilPropertyException e = failure(context);
      assertThat(e.property()).as(property).isEqualTo(named);
      assertThat(e.reason()).as(property).contains(reason);
    });
  }
}
