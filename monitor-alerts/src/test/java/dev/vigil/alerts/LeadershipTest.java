package dev.vigil.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.vigil.LogLevel;
import dev.vigil.Monitor;
import dev.vigil.Severity;
import dev.vigil.cluster.Leadership;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Engines of a cluster: only the leader evaluates, every instance acts for a person. */
class LeadershipTest {

  private final Fixture f = new Fixture();
  /** A second instance's monitor, on the same clock, fed the same metrics. */
  private final Monitor other = Monitor.builder().name(f.monitor.name() + "-b").clock(f.clock)
      .build();
  private final List<Alert> otherPublished = Collections.synchronizedList(new ArrayList<>());

  @AfterEach
  void close() {
    other.close();
    f.close();
  }

  /** A leadership the test hands over, counting how often it is asked. */
  private static final class Switch implements Leadership {
    final AtomicBoolean leader;
    final AtomicInteger asked = new AtomicInteger();

    Switch(boolean leader) {
      this.leader = new AtomicBoolean(leader);
    }

    @Override
    public boolean isLeader() {
      asked.incrementAndGet();
      return leader.get();
    }
  }

  private static AlertRule temperature() {
    return AlertRule.builder("temp")
        .condition(Condition.threshold(Stat.MAX, "temp").lastSamples(1).above(8))
        .interval(Duration.ofSeconds(1))
        .build();
  }

  private void record(double temp) {
    f.monitor.record("temp", temp);
    other.record("temp", temp);
  }

  private double evaluations(Monitor monitor) {
    return monitor.meterRegistry().get(AlertMeters.EVALUATIONS).tag("outcome", "success")
        .functionCounter().count();
  }

  @Test
  void onlyTheLeaderEvaluatesAndTheOtherCarriesOnWhenLeadershipMoves() {
    AlertStore shared = AlertStore.inMemory();
    Switch a = new Switch(true);
    Switch b = new Switch(false);
    try (AlertEngine engineA = f.engine(temperature()).store(shared).leadership(a).build();
        AlertEngine engineB = AlertEngine.builder().monitor(other).rule(temperature())
            .store(shared).leadership(b).listener(otherPublished::add).build()) {
      record(10);

      assertThat(engineB.evaluate()).as("the follower evaluates nothing").isEmpty();
      assertThat(shared.active()).isEmpty();
      assertThat(evaluations(other)).isZero();
      assertThat(engineA.evaluate()).extracting(Alert::state).containsExactly(AlertState.FIRING);

      a.leader.set(false);
      b.leader.set(true);
      assertThat(engineA.evaluate()).isEmpty();
      assertThat(engineB.evaluate()).as("what fired does not fire again").isEmpty();
      record(5);
      assertThat(engineB.evaluate()).extracting(Alert::state)
          .containsExactly(AlertState.RESOLVED);
    }
    assertThat(f.published).extracting(Alert::state).containsExactly(AlertState.FIRING);
    assertThat(otherPublished).extracting(Alert::state).containsExactly(AlertState.RESOLVED);
    assertThat(shared.resolved()).singleElement()
        .satisfies(r -> assertThat(r.history()).extracting(Transition::to)
            .containsExactly(AlertState.FIRING, AlertState.RESOLVED));
  }

  @Test
  void aFollowerAcknowledgesResolvesAndSilencesAndTheLeaderKeepsIt() {
    AlertStore shared = AlertStore.inMemory();
    AlertRule grouped = AlertRule.builder("temp")
        .condition(Condition.threshold(Stat.MAX, "temp").lastSamples(1).above(8))
        .groupBy("room")
        .build();
    try (AlertEngine leader = f.engine(grouped).store(shared).build();
        AlertEngine follower = AlertEngine.builder().monitor(other).rule(grouped)
            .store(shared).leadership(() -> false).listener(otherPublished::add).build()) {
      for (String room : List.of("a", "b", "c")) {
        f.monitor.record("temp", 10, "room", room);
      }
      assertThat(leader.evaluate()).hasSize(3);

      follower.acknowledge("temp{room=a}", "alice", "on it", Duration.ofHours(1));
      follower.resolve("temp{room=b}", "bob", "fixed");
      follower.silence(Silence.builder().matching("room", "c").createdBy("carol")
          .endsAt(f.clock.instant().plus(Duration.ofHours(1))).build());
      f.clock.advance(Duration.ofMinutes(1));

      List<Alert> changed = leader.evaluate();

      assertThat(changed).as("room b still breaches: a new alert").singleElement()
          .satisfies(alert -> {
            assertThat(alert.key()).isEqualTo("temp{room=b}");
            assertThat(alert.state()).isEqualTo(AlertState.FIRING);
          });
      assertThat(shared.active()).extracting(Alert::key, Alert::state)
          .containsExactlyInAnyOrder(
              org.assertj.core.groups.Tuple.tuple("temp{room=a}", AlertState.ACKNOWLEDGED),
              org.assertj.core.groups.Tuple.tuple("temp{room=b}", AlertState.FIRING),
              org.assertj.core.groups.Tuple.tuple("temp{room=c}", AlertState.SILENCED));
      assertThat(otherPublished).extracting(Alert::state).containsExactly(
          AlertState.ACKNOWLEDGED, AlertState.RESOLVED, AlertState.SILENCED);
    }
  }

  @Test
  void aPersonsChangeIsMadeOnTheAlertAsAnotherInstanceLeftIt() {
    AlertStore shared = AlertStore.inMemory();
    AtomicReference<Runnable> interference = new AtomicReference<>();
    // a store that lets another instance act between the follower's read and its write
    AlertStore racing = new AlertStore() {
      @Override
      public boolean save(Alert alert) {
        Runnable meanwhile = interference.getAndSet(null);
        if (meanwhile != null) {
          meanwhile.run();
        }
        return shared.save(alert);
      }

      @Override
      public List<Alert> active() {
        return shared.active();
      }

      @Override
      public List<Alert> active(String ruleId) {
        return shared.active(ruleId);
      }

      @Override
      public List<Alert> resolved() {
        return shared.resolved();
      }

      @Override
      public void saveSilence(Silence silence) {
        shared.saveSilence(silence);
      }

      @Override
      public boolean removeSilence(String id) {
        return shared.removeSilence(id);
      }

      @Override
      public List<Silence> silences() {
        return shared.silences();
      }
    };
    try (AlertEngine a = f.engine(temperature()).store(shared).build();
        AlertEngine b = AlertEngine.builder().monitor(other).rule(temperature())
            .store(racing).leadership(() -> false).listener(otherPublished::add).build()) {
      record(10);
      a.evaluate();

      interference.set(() -> a.acknowledge("temp", "alice", "first", Duration.ofMinutes(5)));
      Alert acked = b.acknowledge("temp", "bob", "second", Duration.ofMinutes(30));

      assertThat(acked.acknowledgement().by()).isEqualTo("bob");
      assertThat(acked.history()).extracting(Transition::to).containsExactly(
          AlertState.FIRING, AlertState.ACKNOWLEDGED, AlertState.ACKNOWLEDGED);
      assertThat(shared.active()).singleElement()
          .satisfies(s -> assertThat(s.acknowledgement().by()).isEqualTo("bob"));
      assertThat(otherPublished).as("published once, as saved").singleElement()
          .satisfies(s -> assertThat(s.history()).hasSize(3));

      // resolved on the other instance meanwhile: nothing is left to resolve
      interference.set(() -> a.resolve("temp", "alice", "done"));
      assertThatThrownBy(() -> b.resolve("temp", "bob", "done too"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("no active alert with key 'temp'");
      assertThat(shared.resolved()).singleElement().satisfies(r -> assertThat(
          r.lastTransition().reason()).isEqualTo("resolved by hand by alice: done"));
    }
  }

  @Test
  void scheduledEvaluationsWaitForLeadership() {
    Switch leadership = new Switch(false);
    try (AlertEngine engine = f.engine(temperature()).leadership(leadership).build()) {
      record(10);
      engine.start();
      await().atMost(Duration.ofSeconds(10)).until(() -> leadership.asked.get() >= 2);

      assertThat(evaluations(f.monitor)).isZero();
      assertThat(engine.activeAlerts()).isEmpty();

      leadership.leader.set(true);
      await().atMost(Duration.ofSeconds(10)).until(() -> !f.published.isEmpty());
      assertThat(f.published).extracting(Alert::state).containsExactly(AlertState.FIRING);
    }
  }

  @Test
  void eventTriggeredEvaluationsWaitForLeadership() {
    Switch leadership = new Switch(false);
    AlertRule anyError = AlertRule.builder("errors")
        .condition(Condition.events(Severity.ERROR).over(Duration.ofMinutes(5)).atLeast(1))
        .evaluateOnEvent(true)
        .interval(Duration.ofHours(1)) // only the first tick, then events
        .build();
    try (AlertEngine engine = f.engine(anyError).leadership(leadership).build()) {
      engine.start();
      await().atMost(Duration.ofSeconds(10)).until(() -> leadership.asked.get() >= 1);

      f.monitor.log(LogLevel.ERROR, "payment failed");
      await().atMost(Duration.ofSeconds(10)).until(() -> leadership.asked.get() >= 2);
      assertThat(evaluations(f.monitor)).isZero();
      assertThat(f.published).isEmpty();

      leadership.leader.set(true);
      f.monitor.log(LogLevel.ERROR, "payment failed again");
      await().atMost(Duration.ofSeconds(10)).until(() -> !f.published.isEmpty());
      assertThat(f.published).singleElement().satisfies(alert -> {
        assertThat(alert.state()).isEqualTo(AlertState.FIRING);
        assertThat(alert.value()).isEqualTo(2.0);
      });
    }
  }
}
