package dev.vigil.boot.boot35;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.vigil.Monitor;
import dev.vigil.Severity;
import dev.vigil.alerts.AlertEngine;
import dev.vigil.alerts.AlertRule;
import dev.vigil.alerts.Condition;
import dev.vigil.alerts.Stat;
import dev.vigil.boot.InvalidVigilPropertyException;
import dev.vigil.boot.VigilAlertsAutoConfiguration;
import dev.vigil.boot.VigilAutoConfiguration;
import dev.vigil.boot.VigilAutoConfiguration.VigilLogbackAppender;
import dev.vigil.boot.VigilHealthAutoConfiguration;
import dev.vigil.boot.VigilNotifyAutoConfiguration;
import dev.vigil.health.HealthCheck;
import dev.vigil.health.HealthMonitor;
import dev.vigil.health.HealthResult;
import dev.vigil.health.HealthStatus;
import dev.vigil.notify.Channel;
import dev.vigil.notify.Notification;
import dev.vigil.notify.Notifier;
import dev.vigil.notify.Route;
import dev.vigil.store.EventQuery;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.boot.SpringBootVersion;
import org.springframework.boot.actuate.autoconfigure.metrics.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.metrics.MetricsAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** The starter's core parts, compiled against Spring Boot 4, running on Spring Boot 3.5. */
class StarterOnBoot35Test {

  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(MetricsAutoConfiguration.class,
          CompositeMeterRegistryAutoConfiguration.class, VigilAutoConfiguration.class,
          VigilHealthAutoConfiguration.class, VigilNotifyAutoConfiguration.class,
          VigilAlertsAutoConfiguration.class));

  /** A channel that keeps what it is sent. */
  static final class RecordingChannel implements Channel {
    final List<Notification> sent = new CopyOnWriteArrayList<>();

    @Override
    public String name() {
      return "recording";
    }

    @Override
    public void send(Notification notification) {
      sent.add(notification);
    }
  }

  @Test
  void runsOnSpringBoot35WithoutSpringBootHealth() {
    assertThat(SpringBootVersion.getVersion()).startsWith("3.5.");
    assertThatThrownBy(() -> Class.forName("org.springframework.boot.health.contributor.Health"))
        .isInstanceOf(ClassNotFoundException.class);
  }

  @Test
  void buildsEveryPartAndBindsTheApplicationsRegistry() {
    runner.withPropertyValues("spring.application.name=shop35").run(context -> {
      assertThat(context).hasNotFailed().hasSingleBean(Monitor.class)
          .hasSingleBean(AlertEngine.class).hasSingleBean(HealthMonitor.class)
          .hasSingleBean(Notifier.class).hasSingleBean(VigilLogbackAppender.class);
      Monitor monitor = context.getBean(Monitor.class);
      assertThat(monitor.name()).isEqualTo("shop35");
      assertThat(monitor.meterRegistry()).isSameAs(context.getBean(MeterRegistry.class));
      assertThat(context.getBean(VigilLogbackAppender.class).isAttached()).isTrue();
    });
  }

  @Test
  void aLoggedErrorReachesTheMonitor() {
    runner.withPropertyValues("vigil.name=appender35").run(context -> {
      Monitor monitor = context.getBean(Monitor.class);
      LoggerFactory.getLogger("com.acme.Orders").error("Order database timed out after 1500 ms");
      await().atMost(Duration.ofSeconds(5)).until(() -> !monitor.events(EventQuery.builder()
          .minSeverity(Severity.ERROR).text("Order database").build()).items().isEmpty());
    });
  }

  @Test
  void aDownCheckIsAlertedAndNotified() {
    RecordingChannel channel = new RecordingChannel();
    runner.withPropertyValues("vigil.name=alerts35")
        .withBean("recording", Channel.class, () -> channel)
        .withBean("all", Route.class, () -> Route.builder().name("all").channels("recording")
            .groupWait(Duration.ZERO).build())
        .withBean("queue", HealthCheck.class, () -> HealthCheck.of("queue",
            () -> HealthResult.down(dev.vigil.health.FailureKind.RESOURCE, "depth 12000")))
        .run(context -> {
          HealthMonitor health = context.getBean(HealthMonitor.class);
          health.runNow("queue").get(10, TimeUnit.SECONDS);
          assertThat(health.status("queue").status()).isEqualTo(HealthStatus.DOWN);
          context.getBean(AlertEngine.class).evaluate();
          assertThat(context.getBean(AlertEngine.class).activeAlerts())
              .anySatisfy(a -> assertThat(a.ruleId()).isEqualTo("health-check-down"));
          await().atMost(Duration.ofSeconds(10)).until(() -> !channel.sent.isEmpty());
          assertThat(channel.sent.get(0).text()).contains("queue");
        });
  }

  @Test
  void applicationsAlertRulesAreEvaluated() {
    runner.withPropertyValues("vigil.name=rules35")
        .withBean("uploads", AlertRule.class, () -> AlertRule.builder("upload-failures")
            .condition(Condition.threshold(Stat.SUM, "upload.failure").over(Duration.ofMinutes(1))
                .atLeast(3))
            .severity(Severity.ERROR).build())
        .run(context -> {
          Monitor monitor = context.getBean(Monitor.class);
          for (int i = 0; i < 3; i++) {
            monitor.increment("upload.failure");
          }
          AlertEngine engine = context.getBean(AlertEngine.class);
          await().atMost(Duration.ofSeconds(5)).until(() -> {
            engine.evaluate();
            return engine.activeAlerts().stream()
                .anyMatch(a -> a.ruleId().equals("upload-failures"));
          });
        });
  }

  @Test
  void invalidPropertyStopsStartupNamingIt() {
    runner.withPropertyValues("vigil.queue-capacity=0").run(context ->
        assertThat(context).getFailure().rootCause()
            .isInstanceOf(InvalidVigilPropertyException.class)
            .hasMessageContaining("vigil.queue-capacity"));
  }
}
