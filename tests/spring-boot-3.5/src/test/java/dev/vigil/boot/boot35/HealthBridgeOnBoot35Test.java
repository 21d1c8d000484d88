package dev.vigil.boot.boot35;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.alerts.AlertEngine;
import dev.vigil.boot.VigilAlertsAutoConfiguration;
import dev.vigil.boot.VigilAutoConfiguration;
import dev.vigil.boot.VigilHealthAutoConfiguration;
import dev.vigil.boot.VigilNotifyAutoConfiguration;
import dev.vigil.boot.health.VigilActuatorHealthAutoConfiguration;
import dev.vigil.boot.health.boot3.VigilBoot3HealthAutoConfiguration;
import dev.vigil.boot.health.bridge.internal.WatchedIndicatorCheck;
import dev.vigil.health.FailureKind;
import dev.vigil.health.HealthCheck;
import dev.vigil.health.HealthMonitor;
import dev.vigil.health.HealthRecord;
import dev.vigil.health.HealthResult;
import dev.vigil.health.HealthStatus;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.autoconfigure.health.HealthContributorAutoConfiguration;
import org.springframework.boot.actuate.health.CompositeHealthContributor;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthContributor;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.Status;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.NestedExceptionUtils;

/** The health bridge on Spring Boot 3.5 ({@code org.springframework.boot.actuate.health}). */
class HealthBridgeOnBoot35Test {

  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(VigilAutoConfiguration.class,
          VigilHealthAutoConfiguration.class, VigilNotifyAutoConfiguration.class,
          VigilAlertsAutoConfiguration.class, VigilActuatorHealthAutoConfiguration.class,
          VigilBoot3HealthAutoConfiguration.class, HealthContributorAutoConfiguration.class))
      .withPropertyValues("vigil.name=bridge35");

  /** An indicator of the application whose answer the test sets. */
  static final class SwitchableIndicator implements HealthIndicator {
    final AtomicReference<Health> health = new AtomicReference<>(Health.up()
        .withDetail("items", 42).withDetail("apiKey", "k-0123456789").build());

    @Override
    public Health health() {
      return health.get();
    }
  }

  private static HealthRecord run(AssertableApplicationContext context, String check)
      throws Exception {
    return context.getBean(HealthMonitor.class).runNow(check).get(10, TimeUnit.SECONDS);
  }

  private static Health health(AssertableApplicationContext context, String check) {
    CompositeHealthContributor vigil = context.getBean("vigilHealthContributor",
        CompositeHealthContributor.class);
    return ((HealthIndicator) vigil.getContributor(check)).getHealth(true);
  }

  @Test
  void vigilChecksAppearAsTheContributorVigil() {
    runner.withBean("payments", HealthCheck.class,
            () -> HealthCheck.of("payments", () -> HealthResult.up("HTTP 200 in 12 ms")))
        .withBean("slow", HealthCheck.class, () -> HealthCheck.of("slow",
            () -> HealthResult.degraded(FailureKind.TIMEOUT, "HTTP 200 in 4 s")))
        .withBean("queue", HealthCheck.class, () -> HealthCheck.of("queue",
            () -> HealthResult.down(FailureKind.RESOURCE, "depth 12000")))
        .run(context -> {
          assertThat(context).hasNotFailed();
          CompositeHealthContributor vigil = context.getBean("vigilHealthContributor",
              CompositeHealthContributor.class);
          assertThat(vigil.stream().map(c -> c.getName()))
              .containsExactly("payments", "slow", "queue");
          assertThat(health(context, "payments").getStatus()).isEqualTo(Status.UNKNOWN);
          run(context, "payments");
          run(context, "slow");
          run(context, "queue");
          assertThat(health(context, "payments").getStatus()).isEqualTo(Status.UP);
          assertThat(health(context, "payments").getDetails())
              .containsEntry("detail", "HTTP 200 in 12 ms");
          assertThat(health(context, "slow").getStatus()).isEqualTo(Status.UP);
          assertThat(health(context, "slow").getDetails()).containsEntry("status", "DEGRADED");
          assertThat(health(context, "queue").getStatus()).isEqualTo(Status.DOWN);
          assertThat(health(context, "queue").getDetails()).containsEntry("failure", "RESOURCE");
          assertThat(vigil.getContributor("absent")).isNull();
        });
  }

  @Test
  void degradedStatusIsConfigurableAndChecked() {
    runner.withBean("slow", HealthCheck.class, () -> HealthCheck.of("slow",
            () -> HealthResult.degraded(FailureKind.TIMEOUT, "HTTP 200 in 4 s")))
        .withPropertyValues("vigil.health.actuator.degraded-status=OUT_OF_SERVICE")
        .run(context -> {
          run(context, "slow");
          assertThat(health(context, "slow").getStatus()).isEqualTo(Status.OUT_OF_SERVICE);
        });
    runner.withPropertyValues("vigil.health.actuator.degraded-status=").run(context ->
        assertThat(context).getFailure().rootCause()
            .isInstanceOf(InvalidConfigurationPropertyValueException.class)
            .hasMessageContaining("vigil.health.actuator.degraded-status"));
  }

  @Test
  void contributorCanBeTurnedOff() {
    runner.withPropertyValues("vigil.health.actuator.enabled=false").run(context ->
        assertThat(context).hasNotFailed().doesNotHaveBean("vigilHealthContributor"));
  }

  @Test
  void nothingWithoutActuator() {
    new ApplicationContextRunner()
        .withClassLoader(new FilteredClassLoader("org.springframework.boot.actuate.health."))
        .withConfiguration(AutoConfigurations.of(VigilAutoConfiguration.class,
            VigilHealthAutoConfiguration.class, VigilActuatorHealthAutoConfiguration.class,
            VigilBoot3HealthAutoConfiguration.class))
        .withPropertyValues("vigil.health.indicators.watch=true")
        .run(context -> assertThat(context).hasNotFailed().hasSingleBean(HealthMonitor.class)
            .doesNotHaveBean("vigilHealthContributor")
            .doesNotHaveBean(WatchedIndicatorCheck.class));
  }

  @Test
  void indicatorsAreNotWatchedByDefault() {
    runner.withBean("inventoryHealthIndicator", HealthIndicator.class, SwitchableIndicator::new)
        .run(context -> assertThat(context).hasNotFailed()
            .doesNotHaveBean(WatchedIndicatorCheck.class));
  }

  @Test
  void watchedIndicatorsAreRecordedAndAlertedOn() {
    SwitchableIndicator inventory = new SwitchableIndicator();
    runner.withBean("inventoryHealthIndicator", HealthIndicator.class, () -> inventory)
        .withPropertyValues("vigil.health.indicators.watch=true")
        .run(context -> {
          assertThat(context).hasNotFailed();
          HealthMonitor health = context.getBean(HealthMonitor.class);
          assertThat(health.statuses()).extracting(s -> s.check()).containsExactly("inventory");
          HealthRecord up = run(context, "inventory");
          assertThat(up.status()).isEqualTo(HealthStatus.UP);
          assertThat(up.detail()).startsWith("UP {").contains("items=42")
              .doesNotContain("k-0123456789");

          inventory.health.set(Health.down(new java.io.IOException("warehouse API refused"))
              .build());
          HealthRecord down = run(context, "inventory");
          assertThat(down.failure()).isEqualTo(FailureKind.ERROR);
          assertThat(down.detail()).contains("warehouse API refused");
          AlertEngine engine = context.getBean(AlertEngine.class);
          engine.evaluate();
          assertThat(engine.activeAlerts()).anySatisfy(a -> {
            assertThat(a.ruleId()).isEqualTo("health-check-down");
            assertThat(a.group()).containsEntry("check", "inventory");
          });
          assertThat(health(context, "inventory").getStatus()).isEqualTo(Status.DOWN);
        });
  }

  @Test
  void aWatchedCompositeTakesItsWorstComponentAndVigilIsNeverWatched() {
    Map<String, HealthContributor> dbs = new LinkedHashMap<>();
    dbs.put("primary", (HealthIndicator) () -> Health.up().build());
    dbs.put("replica", (HealthIndicator) () -> Health.status("DEGRADED").build());
    runner.withBean("dbHealthContributor", HealthContributor.class,
            () -> CompositeHealthContributor.fromMap(dbs))
        .withPropertyValues("vigil.health.indicators.watch=true",
            "vigil.health.indicators.exclude=", "vigil.health.indicators.name-prefix=app-")
        .run(context -> {
          HealthMonitor health = context.getBean(HealthMonitor.class);
          assertThat(health.statuses()).extracting(s -> s.check())
              .containsExactlyInAnyOrder("app-db", "app-ping");
          HealthRecord r = run(context, "app-db");
          assertThat(r.status()).isEqualTo(HealthStatus.DEGRADED);
          assertThat(r.detail()).isEqualTo("primary UP; replica DEGRADED");
        });
  }

  @Test
  void includingAnUnknownIndicatorStopsStartupNamingTheProperty() {
    runner.withPropertyValues("vigil.health.indicators.watch=true",
            "vigil.health.indicators.include=inventroy")
        .run(context -> assertThat(NestedExceptionUtils.getMostSpecificCause(
                context.getStartupFailure()))
            .isInstanceOf(InvalidConfigurationPropertyValueException.class)
            .hasMessageContaining("vigil.health.indicators.include[0]")
            .hasMessageContaining("no health indicator named 'inventroy'"));
  }
}
