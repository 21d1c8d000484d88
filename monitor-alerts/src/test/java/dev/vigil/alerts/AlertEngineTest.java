package dev.vigil.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.vigil.LogLevel;
import dev.vigil.Severity;
import dev.vigil.VigilMeters;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AlertEngineTest {

  private final Fixture f = new Fixture();

  @AfterEach
  void close() {
    f.close();
  }

  private static AlertRule.Builder failures(Duration window) {
    return AlertRule.builder("failures")
        .condition(Condition.threshold(Stat.COUNT, "job.failure").over(window).above(2));
  }

  /** A rule on the latest value of "temp": fires above 8. */
  private static AlertRule.Builder temperature(ThresholdCondition condition) {
    return AlertRule.builder("temp").condition(condition);
  }

  private static ThresholdCondition latestTemp() {
    return Condition.threshold(Stat.MAX, "temp").lastSamples(1).above(8);
  }

  @Test
  void aPendingAlertFiresOnlyAfterThePendingPeriod() {
    AlertEngine engine = f.engine(failures(Duration.ofMinutes(10))
        .pendingFor(Duration.ofMinutes(2)).build()).build();
    Instant start = f.clock.instant();
    f.monitor.increment("job.failure", 3);

    assertThat(engine.evaluate()).singleElement()
        .satisfies(a -> assertThat(a.state()).isEqualTo(AlertState.PENDING));
    f.clock.advance(Duration.ofSeconds(119));
    assertThat(engine.evaluate()).isEmpty();
    f.clock.advance(Duration.ofSeconds(1));

    List<Alert> changed = engine.evaluate();
    assertThat(changed).singleElement().satisfies(alert -> {
      assertThat(alert.state()).isEqualTo(AlertState.FIRING);
      assertThat(alert.activeSince()).isEqualTo(start);
      assertThat(alert.firingSince()).isEqualTo(start.plusSeconds(120));
      assertThat(alert.history()).extracting(Transition::from, Transition::to, Transition::at)
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple(null, AlertState.PENDING, start),
              org.assertj.core.groups.Tuple.tuple(AlertState.PENDING, AlertState.FIRING,
                  start.plusSeconds(120)));
      assertThat(alert.lastTransition().reason())
          .isEqualTo("condition met for the pending period of PT2M: count of job.failure over "
              + "PT10M = 3.0 (> 2.0)");
    });
    assertThat(engine.evaluate()).as("firing is published once").isEmpty();
    assertThat(f.published).extracting(Alert::state)
        .containsExactly(AlertState.PENDING, AlertState.FIRING);
  }

  @Test
  void aPendingAlertThatStopsBreachingResolvesWithoutFiring() {
    AlertEngine engine = f.engine(failures(Duration.ofMinutes(1))
        .pendingFor(Duration.ofMinutes(5)).build()).build();
    f.monitor.increment("job.failure", 3);
    engine.evaluate();
    f.clock.advance(Duration.ofMinutes(2));

    assertThat(engine.evaluate()).singleElement().satisfies(alert -> {
      assertThat(alert.state()).isEqualTo(AlertState.RESOLVED);
      assertThat(alert.firingSince()).isNull();
      assertThat(alert.lastTransition().reason()).startsWith("condition no longer met within "
          + "the pending period of PT5M");
    });
    assertThat(engine.activeAlerts()).isEmpty();
    assertThat(engine.store().resolved()).hasSize(1);
  }

  @Test
  void aFiringAlertResolvesWhenItsConditionClears() {
    AlertEngine engine = f.engine(failures(Duration.ofMinutes(1)).build()).build();
    f.monitor.increment("job.failure", 3);
    assertThat(engine.evaluate()).singleElement()
        .satisfies(a -> assertThat(a.state()).isEqualTo(AlertState.FIRING));
    f.clock.advance(Duration.ofSeconds(30));
    assertThat(engine.evaluate()).isEmpty();
    f.clock.advance(Duration.ofSeconds(60));

    assertThat(engine.evaluate()).singleElement().satisfies(alert -> {
      assertThat(alert.state()).isEqualTo(AlertState.RESOLVED);
      assertThat(alert.resolvedAt()).isEqualTo(f.clock.instant());
      assertThat(alert.history()).extracting(Transition::to)
          .containsExactly(AlertState.FIRING, AlertState.RESOLVED);
      assertThat(alert.lastTransition().reason())
          .isEqualTo("condition cleared: count of job.failure over PT1M = 0.0 (> 2.0)");
    });
    assertThat(engine.evaluate()).isEmpty();

    f.monitor.increment("job.failure", 3);
    assertThat(engine.evaluate()).as("a new breach starts a new alert").singleElement()
        .satisfies(alert -> assertThat(alert.history()).hasSize(1));
    assertThat(engine.store().resolved()).hasSize(1);
  }

  @Test
  void keepFiringForHoldsAFiringAlertAndABreachStartsItOver() {
    AlertEngine engine = f.engine(temperature(latestTemp())
        .keepFiringFor(Duration.ofMinutes(5)).build()).build();
    f.monitor.record("temp", 10);
    assertThat(engine.evaluate()).hasSize(1);

    f.clock.advance(Duration.ofMinutes(1));
    f.monitor.record("temp", 1);
    assertThat(engine.evaluate()).isEmpty();
    assertThat(engine.activeAlerts()).singleElement().satisfies(a -> {
      assertThat(a.state()).isEqualTo(AlertState.FIRING);
      assertThat(a.clearingSince()).isEqualTo(f.clock.instant());
    });

    f.clock.advance(Duration.ofMinutes(2));
    f.monitor.record("temp", 10);
    assertThat(engine.evaluate()).isEmpty();
    assertThat(engine.activeAlerts()).singleElement()
        .satisfies(a -> assertThat(a.clearingSince()).isNull());

    f.clock.advance(Duration.ofMinutes(1));
    f.monitor.record("temp", 1);
    Instant clearFrom = f.clock.instant();
    assertThat(engine.evaluate()).isEmpty();
    f.clock.advance(Duration.ofMinutes(4));
    assertThat(engine.evaluate()).as("4 of 5 minutes clear").isEmpty();
    f.clock.advance(Duration.ofMinutes(1));

    assertThat(engine.evaluate()).singleElement().satisfies(alert -> {
      assertThat(alert.state()).isEqualTo(AlertState.RESOLVED);
      assertThat(alert.resolvedAt()).isEqualTo(clearFrom.plus(Duration.ofMinutes(5)));
      assertThat(alert.lastTransition().reason())
          .startsWith("condition clear for the keep-firing period of PT5M");
    });
  }

  @Test
  void aClearThresholdKeepsTheAlertFiringInsideTheBand() {
    AlertEngine engine = f.engine(temperature(latestTemp().clearAt(5)).build()).build();
    f.monitor.record("temp", 6);
    assertThat(engine.evaluate()).as("6 is below the firing threshold").isEmpty();
    f.monitor.record("temp", 9);
    assertThat(engine.evaluate()).hasSize(1);
    f.monitor.record("temp", 7);
    assertThat(engine.evaluate()).as("7 is inside the band").isEmpty();
    f.monitor.record("temp", 5.5);
    assertThat(engine.evaluate()).isEmpty();
    f.monitor.record("temp", 5);

    assertThat(engine.evaluate()).singleElement()
        .satisfies(a -> assertThat(a.state()).isEqualTo(AlertState.RESOLVED));
  }

  @Test
  void anEngineRestartedOnTheSameStoreNeitherRefiresNorForgetsAPendingAlert() {
    AlertStore store = AlertStore.inMemory();
    AlertRule firing = failures(Duration.ofMinutes(10)).build();
    AlertRule pending = AlertRule.builder("latency")
        .condition(Condition.threshold(Stat.MAX, "latency").over(Duration.ofMinutes(10))
            .above(100))
        .pendingFor(Duration.ofMinutes(3))
        .build();
    Instant start = f.clock.instant();
    f.monitor.increment("job.failure", 3);
    f.monitor.record("latency", 250);
    try (AlertEngine first = f.engine(firing, pending).store(store).build()) {
      assertThat(first.evaluate()).extracting(Alert::state)
          .containsExactly(AlertState.FIRING, AlertState.PENDING);
    }
    f.published.clear();

    f.clock.advance(Duration.ofMinutes(2));
    try (AlertEngine second = f.engine(firing, pending).store(store).build()) {
      assertThat(second.evaluate()).isEmpty();
      f.clock.advance(Duration.ofMinutes(1));
      assertThat(second.evaluate()).singleElement().satisfies(alert -> {
        assertThat(alert.ruleId()).isEqualTo("latency");
        assertThat(alert.state()).isEqualTo(AlertState.FIRING);
        assertThat(alert.activeSince()).isEqualTo(start);
      });
    }
    assertThat(f.published).extracting(Alert::ruleId).containsExactly("latency");
    assertThat(store.active()).hasSize(2)
        .allSatisfy(a -> assertThat(a.state()).isEqualTo(AlertState.FIRING));
  }

  @Test
  void aSteadyAlertIsNotSavedAgainButAChangedValueIs() {
    AlertStore inMemory = AlertStore.inMemory();
    List<Alert> saved = new CopyOnWriteArrayList<>();
    AlertStore counting = new AlertStore() {
      @Override
      public boolean save(Alert alert) {
        saved.add(alert);
        return inMemory.save(alert);
      }

      @Override
      public List<Alert> active() {
        return inMemory.active();
      }

      @Override
      public List<Alert> active(String ruleId) {
        return inMemory.active(ruleId);
      }

      @Override
      public List<Alert> resolved() {
        return inMemory.resolved();
      }

      @Override
      public void saveSilence(Silence silence) {
        inMemory.saveSilence(silence);
      }

      @Override
      public boolean removeSilence(String id) {
        return inMemory.removeSilence(id);
      }

      @Override
      public List<Silence> silences() {
        return inMemory.silences();
      }
    };
    AlertEngine engine = f.engine(failures(Duration.ofMinutes(10)).build())
        .store(counting).build();
    f.monitor.increment("job.failure", 3);

    assertThat(engine.evaluate()).hasSize(1);
    assertThat(saved).hasSize(1);
    assertThat(engine.evaluate()).isEmpty();
    assertThat(engine.evaluate()).isEmpty();
    assertThat(saved).as("nothing changed: no write").hasSize(1);

    f.monitor.increment("job.failure", 2);
    assertThat(engine.evaluate()).isEmpty();
    assertThat(saved).hasSize(2);
    assertThat(inMemory.active()).singleElement()
        .satisfies(a -> assertThat(a.value()).isEqualTo(5.0));
  }

  @Test
  void aReadingFormatsItsDescriptionOnlyWhenRead() {
    java.util.concurrent.atomic.AtomicInteger made =
        new java.util.concurrent.atomic.AtomicInteger();
    Reading lazy = new Reading(4, true, false, () -> "made " + made.incrementAndGet());

    assertThat(lazy.value()).isEqualTo(4.0);
    assertThat(made).hasValue(0);
    assertThat(lazy.description()).isEqualTo("made 1");
    assertThat(lazy.description()).isEqualTo("made 1");
    assertThat(lazy).isEqualTo(new Reading(4, true, false, "made 1"))
        .hasSameHashCodeAs(new Reading(4, true, false, "made 1"));
  }

  @Test
  void aThrowingListenerIsCountedAndTheOthersStillHearTheTransition() {
    List<Alert> heard = new CopyOnWriteArrayList<>();
    AlertEngine engine = AlertEngine.builder().monitor(f.monitor)
        .rule(failures(Duration.ofMinutes(1)).build())
        .listener(alert -> {
          throw new IllegalStateException("boom");
        })
        .listener(heard::add)
        .build();
    f.monitor.increment("job.failure", 3);

    assertThat(engine.evaluate()).hasSize(1);
    assertThat(heard).hasSize(1);
    assertThat(engine.listenerFailures()).isEqualTo(1);
    assertThat(engine.activeAlerts()).hasSize(1);
  }

  @Test
  void aFailingRuleIsCountedAndTheOtherRulesAreStillEvaluated() {
    AlertStore inMemory = AlertStore.inMemory();
    AlertStore failingForOneRule = new AlertStore() {
      @Override
      public boolean save(Alert alert) {
        if (alert.ruleId().equals("broken")) {
          throw new IllegalStateException("store down for this rule");
        }
        return inMemory.save(alert);
      }

      @Override
      public List<Alert> active() {
        return inMemory.active();
      }

      @Override
      public List<Alert> active(String ruleId) {
        return inMemory.active(ruleId);
      }

      @Override
      public List<Alert> resolved() {
        return inMemory.resolved();
      }

      @Override
      public void saveSilence(Silence silence) {
        inMemory.saveSilence(silence);
      }

      @Override
      public boolean removeSilence(String id) {
        return inMemory.removeSilence(id);
      }

      @Override
      public List<Silence> silences() {
        return inMemory.silences();
      }
    };
    AlertRule broken = AlertRule.builder("broken")
        .condition(Condition.threshold(Stat.COUNT, "job.failure").over(Duration.ofMinutes(1))
            .above(0))
        .build();
    AlertEngine engine = f.engine(broken, failures(Duration.ofMinutes(1)).build())
        .store(failingForOneRule).build();
    f.monitor.increment("job.failure", 3);

    assertThat(engine.evaluate()).extracting(Alert::ruleId).containsExactly("failures");
    assertThat(engine.evaluationFailures()).isEqualTo(1);
  }

  @Test
  void whenTheSilencesCannotBeReadNoRuleIsEvaluatedAndEachCountsAsFailed() {
    AlertStore inMemory = AlertStore.inMemory();
    java.util.concurrent.atomic.AtomicBoolean down = new java.util.concurrent.atomic.AtomicBoolean();
    AlertStore silencesDown = new AlertStore() {
      @Override
      public boolean save(Alert alert) {
        return inMemory.save(alert);
      }

      @Override
      public List<Alert> active() {
        return inMemory.active();
      }

      @Override
      public List<Alert> active(String ruleId) {
        return inMemory.active(ruleId);
      }

      @Override
      public List<Alert> resolved() {
        return inMemory.resolved();
      }

      @Override
      public void saveSilence(Silence silence) {
        inMemory.saveSilence(silence);
      }

      @Override
      public boolean removeSilence(String id) {
        return inMemory.removeSilence(id);
      }

      @Override
      public List<Silence> silences() {
        if (down.get()) {
          throw new IllegalStateException("silences unavailable");
        }
        return inMemory.silences();
      }
    };
    AlertRule other = AlertRule.builder("failures-5m")
        .condition(Condition.threshold(Stat.COUNT, "job.failure").over(Duration.ofMinutes(5))
            .above(2))
        .build();
    AlertEngine engine = f.engine(failures(Duration.ofMinutes(1)).build(), other)
        .store(silencesDown).build();
    f.monitor.increment("job.failure", 3);
    down.set(true);

    assertThat(engine.evaluate()).as("a silenced alert must not fire unseen").isEmpty();
    assertThat(engine.evaluationFailures()).isEqualTo(2);
    down.set(false);
    assertThat(engine.evaluate()).hasSize(2);
  }

  @Test
  void anyCriticalEventAlerts() {
    AlertRule rule = AlertRule.builder("critical-event")
        .condition(Condition.events(Severity.CRITICAL).over(Duration.ofMinutes(5)).atLeast(1))
        .groupBy("source")
        .severity(Severity.CRITICAL)
        .build();
    AlertEngine engine = f.engine(rule).build();
    f.monitor.log(LogLevel.ERROR, "upload failed");
    await().until(() -> !f.monitor.series().keys(VigilMeters.EVENTS).isEmpty());
    assertThat(engine.evaluate()).as("ERROR is below CRITICAL").isEmpty();

    f.monitor.log(LogLevel.FATAL, "database unreachable");
    await().until(() -> f.monitor.series().keys(VigilMeters.EVENTS).size() == 2);
    assertThat(engine.evaluate()).singleElement().satisfies(alert -> {
      assertThat(alert.group()).containsEntry("source", f.monitor.name());
      assertThat(alert.value()).isEqualTo(1);
      assertThat(alert.lastTransition().reason())
          .startsWith("condition met: events of severity >= CRITICAL over PT5M = 1.0");
    });
  }

  @Test
  void aStoppedHeartbeatAlertsAndResolvesWhenItBeatsAgain() {
    AlertRule rule = AlertRule.builder("heartbeat")
        .condition(Condition.absent("worker.heartbeat").over(Duration.ofMinutes(1)))
        .build();
    AlertEngine engine = f.engine(rule).build();
    assertThat(engine.evaluate()).as("never seen counts as absent").hasSize(1);
    f.monitor.increment("worker.heartbeat");
    assertThat(engine.evaluate()).singleElement()
        .satisfies(a -> assertThat(a.state()).isEqualTo(AlertState.RESOLVED));

    f.clock.advance(Duration.ofSeconds(30));
    assertThat(engine.evaluate()).isEmpty();
    f.clock.advance(Duration.ofSeconds(60));
    assertThat(engine.evaluate()).singleElement().satisfies(alert -> {
      assertThat(alert.state()).isEqualTo(AlertState.FIRING);
      assertThat(alert.lastTransition().reason())
          .isEqualTo("condition met: no sample of worker.heartbeat over PT1M: 0 samples");
    });
  }

  @Test
  void aPercentileOverAWindowCanFire() {
    AlertRule rule = AlertRule.builder("p90")
        .condition(Condition.percentile(0.9, "api.latency").where("route", "/upload")
            .over(Duration.ofMinutes(5)).above(850))
        .build();
    AlertEngine engine = f.engine(rule).build();
    for (int i = 1; i <= 100; i++) {
      f.monitor.record("api.latency", i * 10, "route", "/upload");
      f.monitor.record("api.latency", 5_000, "route", "/health");
    }
    assertThat(engine.evaluate()).singleElement()
        .satisfies(a -> assertThat(a.value()).isEqualTo(900));
  }

  @Test
  void startedEnginesEvaluateOnAVigilThread() {
    List<String> threads = new CopyOnWriteArrayList<>();
    AlertRule rule = failures(Duration.ofMinutes(1)).interval(Duration.ofSeconds(1)).build();
    f.monitor.increment("job.failure", 3);
    try (AlertEngine engine = AlertEngine.builder().monitor(f.monitor).rule(rule)
        .listener(a -> threads.add(Thread.currentThread().getName())).build().start()) {
      await().until(() -> !threads.isEmpty());
      assertThat(threads.get(0)).isEqualTo("vigil-alerts-" + f.monitor.name() + "-1");
      assertThatThrownBy(engine::start).isInstanceOf(IllegalStateException.class)
          .hasMessage("the alert engine is already started");
    }
  }
}
