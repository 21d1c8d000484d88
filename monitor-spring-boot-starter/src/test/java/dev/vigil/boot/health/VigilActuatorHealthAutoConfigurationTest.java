package dev.vigil.boot.health;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.alerts.AlertEngine;
import dev.vigil.boot.VigilAlertsAutoConfiguration;
import dev.vigil.boot.VigilAutoConfiguration;
import dev.vigil.boot.VigilHealthAutoConfiguration;
import dev.vigil.boot.VigilNotifyAutoConfiguration;
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
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.health.autoconfigure.contributor.HealthContributorAutoConfiguration;
import org.springframework.boot.health.autoconfigure.registry.HealthContributorRegistryAutoConfiguration;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.health.registry.HealthContributorRegistry;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.NestedExceptionUtils;

/** The health bridge on Spring Boot 4, both ways. */
class VigilActuatorHealthAutoConfigurationTest {

  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(VigilAutoConfiguration.class,
          VigilHealthAutoConfiguration.class, VigilNotifyAutoConfiguration.class,
          VigilAlertsAutoConfiguration.class, VigilActuatorHealthAutoConfiguration.class,
          HealthContributorAutoConfiguration.class,
          HealthContributorRegistryAutoConfiguration.class))
      .withPropertyValues("vigil.name=bridge-test");

  /** An indicator of the application whose answer the test sets. */
  static final class SwitchableIndicator implements HealthIndicator {
    final AtomicReference<Health> health = new AtomicReference<>(Health.up()
        .withDetail("items", 42).withDetail("password", "hunter2").build());

    @Override
    public Health health() {
      return health.get();
    }
  }

  private static HealthCheck check(String name, HealthResult result) {
    return HealthCheck.of(name, () -> result);
  }

  private static HealthRecord run(AssertableApplicationContext context, String check)
      throws Exception {
    return context.getBean(HealthMonitor.class).runNow(check).get(10, TimeUnit.SECONDS);
  }

  private static Health health(AssertableApplicationContext context, String check) {
    CompositeHealthContributor vigil = (CompositeHealthContributor) context
        .getBean(HealthContributorRegistry.class).getContributor("vigil");
    return ((HealthIndicator) vigil.getContributor(check)).health(true);
  }

  @Test
  void vigilChecksAppearAsTheContributorVigil() {
    runner.withBean("payments", HealthCheck.class,
            () -> check("payments", HealthResult.up("HTTP 200 in 12 ms")))
        .withBean("queue", HealthCheck.class, () -> check("queue",
            HealthResult.down(FailureKind.RESOURCE, "depth 12000 token=s3cr3t-value")))
        .run(context -> {
          assertThat(context).hasNotFailed().hasBean("vigilHealthContributor");
          HealthContributor vigil = context.getBean(HealthContributorRegistry.class)
              .getContributor("vigil");
          assertThat(vigil).isInstanceOf(CompositeHealthContributor.class);
          assertThat(((CompositeHealthContributor) vigil).stream().map(e -> e.name()))
              .containsExactly("payments", "queue");
          assertThat(health(context, "payments").getStatus()).isEqualTo(Status.UNKNOWN);

          run(context, "payments");
          run(context, "queue");
          Health payments = health(context, "payments");
          assertThat(payments.getStatus()).isEqualTo(Status.UP);
          assertThat(payments.getDetails()).containsEntry("status", "UP")
              .containsEntry("detail", "HTTP 200 in 12 ms").containsKeys("since", "checkedAt",
                  "latencyMillis").doesNotContainKey("failure");
          Health queue = health(context, "queue");
          assertThat(queue.getStatus()).isEqualTo(Status.DOWN);
          assertThat(queue.getDetails()).containsEntry("failure", "RESOURCE")
              .containsEntry("failuresInARow", 1);
          assertThat(queue.getDetails().get("detail").toString()).startsWith("depth 12000")
              .doesNotContain("s3cr3t-value");
          assertThat(((CompositeHealthContributor) vigil).getContributor("absent")).isNull();
        });
  }

  @Test
  void degradedIsUpByDefaultOrTheConfiguredCode() {
    HealthResult slow = HealthResult.degraded(FailureKind.TIMEOUT, "HTTP 200 in 4 s");
    runner.withBean("slow", HealthCheck.class, () -> check("slow", slow)).run(context -> {
      run(context, "slow");
      Health h = health(context, "slow");
      assertThat(h.getStatus()).isEqualTo(Status.UP);
      assertThat(h.getDetails()).containsEntry("status", "DEGRADED")
          .containsEntry("failure", "TIMEOUT");
    });
    runner.withBean("slow", HealthCheck.class, () -> check("slow", slow))
        .withPropertyValues("vigil.health.actuator.degraded-status=degraded").run(context -> {
          run(context, "slow");
          assertThat(health(context, "slow").getStatus()).isEqualTo(new Status("DEGRADED"));
        });
  }

  @Test
  void invalidDegradedStatusStopsStartupNamingTheProperty() {
    runner.withPropertyValues("vigil.health.actuator.degraded-status=not ok").run(context ->
        assertThat(context).getFailure().rootCause()
            .isInstanceOf(InvalidConfigurationPropertyValueException.class)
            .hasMessageContaining("vigil.health.actuator.degraded-status")
            .hasMessageContaining("must be a health status code"));
  }

  @Test
  void contributorCanBeTurnedOff() {
    runner.withPropertyValues("vigil.health.actuator.enabled=false").run(context ->
        assertThat(context).hasNotFailed().doesNotHaveBean("vigilHealthContributor"));
  }

  @Test
  void nothingWithoutHealthMonitor() {
    runner.withPropertyValues("vigil.health.enabled=false").run(context ->
        assertThat(context).hasNotFailed().doesNotHaveBean("vigilHealthContributor"));
  }

  @Test
  void applicationsContributorOfTheSameNameWins() {
    runner.withBean("vigilHealthContributor", HealthIndicator.class,
        () -> () -> Health.up().build()).run(context ->
        assertThat(context.getBean("vigilHealthContributor"))
            .isNotInstanceOf(CompositeHealthContributor.class));
  }

  @Test
  void nothingWithoutSpringBootHealth() {
    new ApplicationContextRunner()
        .withClassLoader(new FilteredClassLoader("org.springframework.boot.health."))
        .withConfiguration(AutoConfigurations.of(VigilAutoConfiguration.class,
            VigilHealthAutoConfiguration.class, VigilActuatorHealthAutoConfiguration.class))
        .withPropertyValues("vigil.health.indicators.watch=true").run(context -> {
          assertThat(context).hasNotFailed().hasSingleBean(HealthMonitor.class)
              .doesNotHaveBean("vigilHealthContributor")
              .doesNotHaveBean(WatchedIndicatorCheck.class);
        });
  }

  @Test
  void indicatorsAreNotWatchedByDefault() {
    runner.withBean("inventoryHealthIndicator", HealthIndicator.class, SwitchableIndicator::new)
        .run(context -> {
          assertThat(context).hasNotFailed().doesNotHaveBean(WatchedIndicatorCheck.class);
          assertThat(context.getBean(HealthMonitor.class).statuses()).isEmpty();
        });
  }

  @Test
  void watchedIndicatorsAreRecordedAndAlertedOn() {
    SwitchableIndicator inventory = new SwitchableIndicator();
    runner.withBean("inventoryHealthIndicator", HealthIndicator.class, () -> inventory)
        .withBean("payments", HealthCheck.class,
            () -> check("payments", HealthResult.up("ok")))
        .withPropertyValues("vigil.health.indicators.watch=true")
        .run(context -> {
          assertThat(context).hasNotFailed();
          HealthMonitor health = context.getBean(HealthMonitor.class);
          // ping (Spring Boot's) is excluded by default; vigil (our own) is never watched
          assertThat(health.statuses()).extracting(s -> s.check())
              .containsExactlyInAnyOrder("payments", "inventory");

          HealthRecord up = run(context, "inventory");
          assertThat(up.status()).isEqualTo(HealthStatus.UP);
          assertThat(up.detail()).startsWith("UP {items=42, password=")
              .doesNotContain("hunter2");

          inventory.health.set(Health.down(new IllegalStateException("warehouse API refused"))
              .build());
          HealthRecord down = run(context, "inventory");
          assertThat(down.status()).isEqualTo(HealthStatus.DOWN);
          assertThat(down.failure()).isEqualTo(FailureKind.ERROR);
          assertThat(down.detail()).contains("warehouse API refused");
          assertThat(health.status("inventory").status()).isEqualTo(HealthStatus.DOWN);
          assertThat(health.stats("inventory", java.time.Duration.ofHours(1)).runs())
              .isEqualTo(2);

          context.getBean(AlertEngine.class).evaluate();
          assertThat(context.getBean(AlertEngine.class).activeAlerts())
              .anySatisfy(a -> {
                assertThat(a.ruleId()).isEqualTo("health-check-down");
                assertThat(a.group()).containsEntry("check", "inventory");
              });

          // and Vigil shows what it watched in its own contributor
          assertThat(health(context, "inventory").getStatus()).isEqualTo(Status.DOWN);
        });
  }

  @Test
  void aWatchedCompositeTakesItsWorstComponent() {
    Map<String, HealthContributor> dbs = new LinkedHashMap<>();
    dbs.put("primary", (HealthIndicator) () -> Health.up().withDetail("database", "PostgreSQL")
        .build());
    dbs.put("replica", (HealthIndicator) () -> Health.outOfService().build());
    runner.withBean("dbHealthContributor", HealthContributor.class,
            () -> CompositeHealthContributor.fromMap(dbs))
        .withPropertyValues("vigil.health.indicators.watch=true",
            "vigil.health.indicators.include=db", "vigil.health.indicators.name-prefix=spring.")
        .run(context -> {
          HealthMonitor health = context.getBean(HealthMonitor.class);
          assertThat(health.statuses()).extracting(s -> s.check()).containsExactly("spring.db");
          HealthRecord r = run(context, "spring.db");
          assertThat(r.status()).isEqualTo(HealthStatus.DOWN);
          assertThat(r.failure()).isEqualTo(FailureKind.BAD_STATE);
          assertThat(r.detail()).isEqualTo(
              "primary UP {database=PostgreSQL}; replica OUT_OF_SERVICE");
        });
  }

  @Test
  void excludeReplacesTheDefaultExclusions() {
    runner.withBean("inventoryHealthIndicator", HealthIndicator.class, SwitchableIndicator::new)
        .withPropertyValues("vigil.health.indicators.watch=true",
            "vigil.health.indicators.exclude=inventory")
        .run(context -> assertThat(context.getBean(HealthMonitor.class).statuses())
            .extracting(s -> s.check()).containsExactly("ping"));
  }

  @Test
  void includingAnUnknownIndicatorStopsStartupNamingTheProperty() {
    runner.withPropertyValues("vigil.health.indicators.watch=true",
            "vigil.health.indicators.include=ping,inventroy")
        .run(context -> assertThat(NestedExceptionUtils.getMostSpecificCause(
                context.getStartupFailure()))
            .isInstanceOf(InvalidConfigurationPropertyValueException.class)
            .hasMessageContaining("vigil.health.indicators.include[1]")
            .hasMessageContaining("no health indicator named 'inventroy'"));
  }
}
