package dev.vigil.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import dev.vigil.ManualClock;
import dev.vigil.Monitor;
import dev.vigil.alerts.Alert;
import dev.vigil.alerts.AlertEngine;
import dev.vigil.alerts.AlertMeters;
import dev.vigil.alerts.AlertRule;
import dev.vigil.alerts.AlertState;
import dev.vigil.alerts.AlertStore;
import dev.vigil.alerts.Condition;
import dev.vigil.alerts.Silence;
import dev.vigil.alerts.Stat;
import dev.vigil.alerts.Transition;
import dev.vigil.cluster.Leadership;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Alert engines of several instances on one database: restarts, leadership, and a person's
 * changes on one instance while the leader evaluates on another.
 */
class JdbcAlertClusterTest {

  private static final AtomicInteger NAMES = new AtomicInteger();
  /** A group's tag value no text column could hold as is. */
  private static final String ROOM = "it's \"<b>\" 🔥 \u0000 '; DROP TABLE x; --";

  private final ManualClock clock = ManualClock.at("2026-03-02T10:00:00Z");

  /** One instance of the application: its own monitor and store over the shared database. */
  private final class Instance implements AutoCloseable {
    final JdbcStore jdbc;
    final Monitor monitor;
    final AlertEngine engine;
    final List<Alert> published = Collections.synchronizedList(new ArrayList<>());

    Instance(TestDatabase db, String id, Leadership leadership, AlertRule... rules) {
      this(db, id, leadership, null, rules);
    }

    /** With {@code leadership} null, the database lease's; with {@code store}, that store. */
    Instance(TestDatabase db, String id, Leadership leadership, AlertStore store,
        AlertRule... rules) {
      jdbc = db.store().instanceId(id).leaseDuration(Duration.ofSeconds(1)).build();
      monitor = Monitor.builder().name("cluster-" + id + "-" + NAMES.incrementAndGet())
          .clock(clock).build();
      engine = AlertEngine.builder()
          .monitor(monitor)
          .rules(List.of(rules))
          .store(store != null ? store : jdbc.alerts())
          .leadership(leadership != null ? leadership : jdbc.leadership())
          .listener(published::add)
          .build();
    }

    double evaluations() {
      return monitor.meterRegistry().get(AlertMeters.EVALUATIONS).tag("outcome", "success")
          .functionCounter().count();
    }

    @Override
    public void close() {
      engine.close();
      monitor.close();
      jdbc.close();
    }
  }

  /** A leadership the test hands over. */
  private static final class Switch implements Leadership {
    final AtomicBoolean leader;

    Switch(boolean leader) {
      this.leader = new AtomicBoolean(leader);
    }

    @Override
    public boolean isLeader() {
      return leader.get();
    }
  }

  /** Runs something on another instance between a read of the active alerts and what follows. */
  private static final class Interleaved implements AlertStore {
    private final AlertStore store;
    final AtomicReference<Runnable> afterRead = new AtomicReference<>();

    Interleaved(AlertStore store) {
      this.store = store;
    }

    @Override
    public List<Alert> active() {
      List<Alert> read = store.active();
      Runnable meanwhile = afterRead.getAndSet(null);
      if (meanwhile != null) {
        meanwhile.run();
      }
      return read;
    }

    @Override
    public boolean save(Alert alert) {
      return store.save(alert);
    }

    @Override
    public List<Alert> active(String ruleId) {
      return store.active(ruleId);
    }

    @Override
    public List<Alert> resolved() {
      return store.resolved();
    }

    @Override
    public Alert lastResolved(String key) {
      return store.lastResolved(key);
    }

    @Override
    public void saveSilence(Silence silence) {
      store.saveSilence(silence);
    }

    @Override
    public boolean removeSilence(String id) {
      return store.removeSilence(id);
    }

    @Override
    public List<Silence> silences() {
      return store.silences();
    }
  }

  private static AlertRule.Builder temperature() {
    return AlertRule.builder("temp")
        .condition(Condition.threshold(Stat.MAX, "temp").lastSamples(1).above(8))
        .interval(Duration.ofSeconds(1));
  }

  private static void record(double temp, Instance... instances) {
    for (Instance i : instances) {
      i.monitor.record("temp", temp, "room", ROOM);
    }
  }

  @ParameterizedTest
  @EnumSource(TestDatabase.Kind.class)
  void anEngineRestartedOnTheSameDatabaseNeitherRefiresNorForgetsAnAcknowledgement(
      TestDatabase.Kind kind) {
    AlertRule temp = temperature().groupBy("room")
        .label("floor", "<3rd> & \"top\"")
        .annotation("summary", "{{labels.room}} is at {{value}}°")
        .build();
    AlertRule latency = AlertRule.builder("latency")
        .condition(Condition.threshold(Stat.MAX, "latency").lastSamples(1).above(100))
        .pendingFor(Duration.ofMinutes(3))
        .build();
    Instant start = clock.instant();
    String key;
    try (TestDatabase db = TestDatabase.create(kind)) {
      try (Instance first = new Instance(db, "first", Leadership.always(), temp, latency)) {
        record(10, first);
        first.monitor.record("latency", 250);
        assertThat(first.engine.evaluate()).extracting(Alert::ruleId, Alert::state)
            .containsExactly(tuple("temp", AlertState.FIRING), tuple("latency",
                AlertState.PENDING));
        key = first.engine.activeAlerts().stream().filter(a -> a.ruleId().equals("temp"))
            .findFirst().orElseThrow().key();
        first.engine.acknowledge(key, "alice", "on it", Duration.ofMinutes(10));
      }

      clock.advance(Duration.ofMinutes(2));
      try (Instance second = new Instance(db, "second", Leadership.always(), temp, latency)) {
        record(10, second);
        second.monitor.record("latency", 250);
        assertThat(second.engine.evaluate()).as("nothing fires again").isEmpty();
        assertThat(second.engine.activeAlerts()).extracting(Alert::ruleId, Alert::state)
            .containsExactlyInAnyOrder(tuple("temp", AlertState.ACKNOWLEDGED),
                tuple("latency", AlertState.PENDING));
        Alert acked = second.engine.activeAlerts().stream()
            .filter(a -> a.ruleId().equals("temp")).findFirst().orElseThrow();
        assertThat(acked.key()).isEqualTo(key);
        assertThat(acked.group()).containsEntry("room", ROOM);
        assertThat(acked.annotations()).containsEntry("summary", ROOM + " is at 10°");
        assertThat(acked.acknowledgement().by()).isEqualTo("alice");

        clock.advance(Duration.ofMinutes(1));
        assertThat(second.engine.evaluate()).singleElement().satisfies(alert -> {
          assertThat(alert.ruleId()).isEqualTo("latency");
          assertThat(alert.state()).isEqualTo(AlertState.FIRING);
          assertThat(alert.activeSince()).isEqualTo(start);
        });
        clock.advance(Duration.ofMinutes(8)); // the acknowledgement ran out at 10 minutes
        assertThat(second.engine.evaluate()).singleElement().satisfies(alert -> {
          assertThat(alert.key()).isEqualTo(key);
          assertThat(alert.state()).isEqualTo(AlertState.FIRING);
          assertThat(alert.lastTransition().reason())
              .startsWith("acknowledgement by alice expired");
        });
        assertThat(second.published).hasSize(2);
      }
    }
  }

  @ParameterizedTest
  @EnumSource(TestDatabase.Kind.class)
  void onlyTheLeaderEvaluatesAndTheOtherCarriesOnWhenLeadershipMoves(TestDatabase.Kind kind) {
    AlertRule temp = temperature().groupBy("room").repeatInterval(Duration.ofHours(1)).build();
    Switch leadsA = new Switch(true);
    Switch leadsB = new Switch(false);
    try (TestDatabase db = TestDatabase.create(kind);
        Instance a = new Instance(db, "a", leadsA, temp);
        Instance b = new Instance(db, "b", leadsB, temp)) {
      record(10, a, b);

      assertThat(b.engine.evaluate()).isEmpty();
      assertThat(b.engine.activeAlerts()).isEmpty();
      assertThat(a.engine.evaluate()).extracting(Alert::state)
          .containsExactly(AlertState.FIRING);

      leadsA.leader.set(false);
      leadsB.leader.set(true);
      clock.advance(Duration.ofMinutes(30));
      assertThat(a.engine.evaluate()).isEmpty();
      assertThat(b.engine.evaluate()).as("what fired does not fire again").isEmpty();
      clock.advance(Duration.ofMinutes(30));
      b.engine.evaluate(); // an hour after it fired: a reminder
      record(5, a, b);
      assertThat(b.engine.evaluate()).extracting(Alert::state)
          .containsExactly(AlertState.RESOLVED);

      assertThat(a.published).extracting(Alert::state, Alert::isReminder)
          .containsExactly(tuple(AlertState.FIRING, false));
      assertThat(b.published).extracting(Alert::state, Alert::isReminder)
          .containsExactly(tuple(AlertState.FIRING, true), tuple(AlertState.RESOLVED, false));
      assertThat(a.jdbc.alerts().resolved()).singleElement()
          .satisfies(r -> assertThat(r.history()).extracting(Transition::to)
              .containsExactly(AlertState.FIRING, AlertState.RESOLVED));
    }
  }

  @ParameterizedTest
  @EnumSource(TestDatabase.Kind.class)
  void anAcknowledgementOnAnotherInstanceIsNotUndoneByTheLeader(TestDatabase.Kind kind) {
    AlertRule temp = temperature().build();
    try (TestDatabase db = TestDatabase.create(kind);
        JdbcStore shared = db.store().build()) {
      Interleaved leaderStore = new Interleaved(shared.alerts());
      try (Instance leader = new Instance(db, "leader", Leadership.always(), leaderStore, temp);
          Instance follower = new Instance(db, "follower", () -> false, temp)) {
        record(10, leader, follower);
        leader.engine.evaluate();

        follower.engine.acknowledge("temp", "alice", "on it", Duration.ofHours(1));
        assertThat(leader.engine.evaluate()).isEmpty();
        assertThat(follower.engine.activeAlerts()).singleElement()
            .satisfies(a -> assertThat(a.acknowledgement().by()).isEqualTo("alice"));

        // the leader reads, the follower acknowledges again, the leader writes a new value
        record(12, leader);
        leaderStore.afterRead.set(() -> follower.engine.acknowledge("temp", "bob", "mine now",
            Duration.ofHours(2)));
        assertThat(leader.engine.evaluate()).isEmpty();
        assertThat(follower.engine.activeAlerts()).singleElement().satisfies(a -> {
          assertThat(a.acknowledgement().by()).isEqualTo("bob");
          assertThat(a.value()).as("the leader's stale write was refused").isEqualTo(10.0);
        });
        assertThat(leader.engine.evaluate()).isEmpty();
        assertThat(follower.engine.activeAlerts()).singleElement().satisfies(a -> {
          assertThat(a.acknowledgement().by()).isEqualTo("bob");
          assertThat(a.value()).isEqualTo(12.0);
        });

        // the leader reads, the follower acknowledges again, the leader would resolve
        record(5, leader);
        leaderStore.afterRead.set(() -> follower.engine.acknowledge("temp", "carol", "",
            Duration.ofHours(3)));
        assertThat(leader.engine.evaluate()).as("a refused transition is not published")
            .isEmpty();
        assertThat(leader.published).extracting(Alert::state)
            .containsExactly(AlertState.FIRING);
        assertThat(follower.engine.activeAlerts()).singleElement()
            .satisfies(a -> assertThat(a.acknowledgement().by()).isEqualTo("carol"));

        assertThat(leader.engine.evaluate()).extracting(Alert::state)
            .containsExactly(AlertState.RESOLVED);
        assertThat(shared.alerts().resolved()).singleElement()
            .satisfies(r -> assertThat(r.history()).extracting(Transition::reason).contains(
                "acknowledged by alice until " + clock.instant().plus(Duration.ofHours(1))
                    + ": on it"));
        assertThat(follower.published).extracting(a -> a.acknowledgement().by())
            .containsExactly("alice", "bob", "carol");
      }
    }
  }

  @ParameterizedTest
  @EnumSource(TestDatabase.Kind.class)
  void withTheDatabaseLeaseOneInstanceFiresAndAnotherTakesOverWithoutFiringAgain(
      TestDatabase.Kind kind) {
    AlertRule temp = temperature().build();
    try (TestDatabase db = TestDatabase.create(kind);
        Instance a = new Instance(db, "a", null, temp);
        Instance b = new Instance(db, "b", null, temp)) {
      record(10, a, b);
      a.engine.start();
      b.engine.start();

      await().atMost(Duration.ofSeconds(10)).until(() -> a.published.size()
          + b.published.size() == 1);
      Instance leader = a.published.isEmpty() ? b : a;
      Instance other = leader == a ? b : a;
      assertThat(leader.published).singleElement()
          .satisfies(alert -> assertThat(alert.state()).isEqualTo(AlertState.FIRING));
      // the leader goes on evaluating; the other does not evaluate at all
      double evaluated = leader.evaluations();
      await().atMost(Duration.ofSeconds(10)).until(() -> leader.evaluations() >= evaluated + 2);
      assertThat(other.evaluations()).isZero();
      assertThat(a.published.size() + b.published.size()).isEqualTo(1);

      leader.close(); // gives the lease up
      await().atMost(Duration.ofSeconds(10)).until(() -> other.evaluations() >= 2);
      assertThat(other.published).as("no second notification").isEmpty();
      record(5, other);
      await().atMost(Duration.ofSeconds(10)).until(() -> !other.published.isEmpty());
      assertThat(other.published).singleElement()
          .satisfies(alert -> assertThat(alert.state()).isEqualTo(AlertState.RESOLVED));
    }
  }
}
