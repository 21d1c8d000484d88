package dev.vigil.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.vigil.Monitor;
import dev.vigil.Severity;
import dev.vigil.alerts.AlertEngine;
import dev.vigil.health.HealthMonitor;
import dev.vigil.notify.Notifier;
import dev.vigil.store.EventQuery;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

class VigilAutoConfigurationTest {

  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(VigilAutoConfiguration.class,
          VigilHealthAutoConfiguration.class, VigilNotifyAutoConfiguration.class,
          VigilAlertsAutoConfiguration.class));

  @Test
  void buildsEveryPartFromDefaults() {
    runner.withPropertyValues("spring.application.name=shop").run(context -> {
      assertThat(context).hasNotFailed().hasSingleBean(Monitor.class)
          .hasSingleBean(AlertEngine.class).hasSingleBean(HealthMonitor.class)
          .hasSingleBean(Notifier.class);
      assertThat(context.getBean(Monitor.class).name()).isEqualTo("shop");
    });
  }

  @Test
  void logbackEventsReachTheMonitor() {
    runner.withPropertyValues("vigil.name=logback-test").run(context -> {
      Monitor monitor = context.getBean(Monitor.class);
      LoggerFactory.getLogger("com.acme.Checkout").error("Payment provider timed out after 1500 ms");
      await().atMost(Duration.ofSeconds(5)).until(() -> !monitor.events(
          EventQuery.builder().minSeverity(Severity.ERROR).text("Payment provider").build()).items().isEmpty());
    });
  }

  @Test
  void usesTheApplicationsMeterRegistry() {
    runner.withBean(MeterRegistry.class, SimpleMeterRegistry::new).run(context ->
        assertThat(context.getBean(Monitor.class).meterRegistry())
            .isSameAs(context.getBean(MeterRegistry.class)));
  }

  @Test
  void aNameTooLongStopsStartupNamingTheProperty() {
    runner.withPropertyValues("vigil.name=" + "x".repeat(129)).run(context ->
        assertThat(context).getFailure().rootCause()
            .isInstanceOf(InvalidVigilPropertyException.class)
            .hasMessageContaining("'vigil.name'").hasMessageContaining("1 to 128 characters"));
  }

  @Test
  void invalidPropertyStopsStartupNamingIt() {
    runner.withPropertyValues("vigil.queue-capacity=0").run(context ->
        assertThat(context).getFailure().rootCause()
            .isInstanceOf(InvalidVigilPropertyException.class)
            .hasMessageContaining("vigil.queue-capacity").hasMessageContaining("must be positive"));
  }
}
