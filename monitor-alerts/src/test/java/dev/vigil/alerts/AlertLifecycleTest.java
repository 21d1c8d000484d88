package dev.vigil.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Acknowledgements, manual resolution, silences and repeat-interval reminders. */
class AlertLifecycleTest {

  private final Fixture f = new Fixture();

  @AfterEach
  void close() {
    f.close();
  }

  /** Fires while the latest "temp" is above 8. */
  private static AlertRule.Builder temp() {
    return AlertRule.builder("temp")
        .condition(Condition.threshold(Stat.MAX, "temp").lastSamples(1).above(8));
  }

  /** One alert per platform while there was an OAuth failure in the last hour. */
  private static AlertRule oauth() {
    return AlertRule.builder("oauth")
        .condition(Condition.threshold(Stat.COUNT, "oauth.failure").over(Duration.ofHours(1))
            .above(0))
        .groupBy("platform")
        .label("team", "social")
        .build();
  }

  private Silence.Builder silence() {
    return Silence.builder().createdBy("alice").comment("INC-1")
        .endsAt(f.clock.instant().plus(Duration.ofMinutes(10)));
  }

  // ---- acknowledge

  @Test
  void anExpiredAcknowledgementFiresAndNotifiesAgain() {
    AlertEngine engine = f.engine(temp().build()).build();
    f.monitor.record("temp", 10);
    Alert fired = engine.evaluate().get(0);
    Instant ackAt = f.clock.instant().plusSeconds(60);
    f.clock.advance(Duration.ofSeconds(60));

    Alert acked = engine.acknowledge("temp", "alice", "looking into it", Duration.ofMinutes(30));

    assertThat(acked.state()).isEqualTo(AlertState.ACKNOWLEDGED);
    assertThat(acked.acknowledgement()).isEqualTo(new Acknowledgement("alice", "looking into it",
        ackAt, ackAt.plus(Duration.ofMinutes(30))));
    assertThat(acked.lastTransition().from()).isEqualTo(AlertState.FIRING);
    assertThat(acked.lastTransition().reason()).isEqualTo("acknowledged by alice until "
        + ackAt.plus(Duration.ofMinutes(30)) + ": looking into it");
    assertThat(engine.activeAlerts()).singleElement()
        .satisfies(a -> assertThat(a.state()).isEqualTo(AlertState.ACKNOWLEDGED));
    f.clock.advance(Duration.ofMinutes(29));
    assertThat(engine.evaluate()).as("still acknowledged").isEmpty();
    f.clock.advance(Duration.ofMinutes(1));

    assertThat(engine.evaluate()).singleElement().satisfies(alert -> {
      assertThat(alert.state()).isEqualTo(AlertState.FIRING);
      assertThat(alert.acknowledgement()).isNull();
      assertThat(alert.firingSince()).isEqualTo(fired.firingSince());
      assertThat(alert.lastTransition().reason())
          .startsWith("acknowledgement by alice expired: max of temp");
      assertThat(alert.history()).extracting(Transition::to).containsExactly(
          AlertState.FIRING, AlertState.ACKNOWLEDGED, AlertState.FIRING);
    });
    assertThat(f.published).extracting(Alert::state).containsExactly(
        AlertState.FIRING, AlertState.ACKNOWLEDGED, AlertState.FIRING);
  }

  @Test
  void anAcknowledgedAlertWhoseConditionClearsResolvesAfterKeepFiring() {
    AlertEngine engine = f.engine(temp().keepFiringFor(Duration.ofMinutes(5)).build()).build();
    f.monitor.record("temp", 10);
    engine.evaluate();
    engine.acknowledge("temp", "alice", "", f.clock.instant().plus(Duration.ofHours(1)));
    f.monitor.record("temp", 5);
    assertThat(engine.evaluate()).isEmpty();
    f.clock.advance(Duration.ofMinutes(5));

    assertThat(engine.evaluate()).singleElement().satisfies(alert -> {
      assertThat(alert.state()).isEqualTo(AlertState.RESOLVED);
      assertThat(alert.acknowledgement()).isNull();
      assertThat(alert.history()).extracting(Transition::to).containsExactly(
          AlertState.FIRING, AlertState.ACKNOWLEDGED, AlertState.RESOLVED);
      assertThat(alert.history().get(1).reason()).endsWith("until "
          + alert.activeSince().plus(Duration.ofHours(1)));
    });
    assertThat(engine.activeAlerts()).isEmpty();
  }

  @Test
  void acknowledgingChecksItsArguments() {
    AlertEngine engine = f.engine(temp().pendingFor(Duration.ofMinutes(1)).build()).build();
    f.monitor.record("temp", 10);
    engine.evaluate();

    assertThatThrownBy(() -> engine.acknowledge("nope", "alice", "", Duration.ofMinutes(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("no active alert with key 'nope'");
    assertThatThrownBy(() -> engine.acknowledge("temp", "alice", "", Duration.ofMinutes(1)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("alert 'temp' is PENDING: only a FIRING, ACKNOWLEDGED (to extend) or "
            + "FLAPPING alert can be acknowledged");
    assertThatThrownBy(() -> engine.acknowledge("temp", " ", "", Duration.ofMinutes(1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("who must not be blank");
    assertThatThrownBy(() -> engine.acknowledge("temp", "alice", "", Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("the acknowledgement's expiry must be positive but was PT0S");
    assertThatThrownBy(() -> engine.acknowledge("temp", "alice", "", f.clock.instant()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("the acknowledgement must end after now");
    assertThat(f.published).hasSize(1);
  }

  // ---- manual resolve

  @Test
  void aManuallyResolvedAlertIsFollowedByANewOneAfterThePendingPeriod() {
    AlertEngine engine = f.engine(temp().pendingFor(Duration.ofMinutes(1)).build()).build();
    f.monitor.record("temp", 10);
    engine.evaluate();
    f.clock.advance(Duration.ofMinutes(1));
    Alert fired = engine.evaluate().get(0);
    assertThat(fired.state()).isEqualTo(AlertState.FIRING);

    Alert resolved = engine.resolve("temp", "bob", "fixed the sensor");

    assertThat(resolved.state()).isEqualTo(AlertState.RESOLVED);
    assertThat(resolved.resolvedAt()).isEqualTo(f.clock.instant());
    assertThat(resolved.lastTransition().reason())
        .isEqualTo("resolved by hand by bob: fixed the sensor");
    assertThat(engine.activeAlerts()).isEmpty();
    assertThat(engine.store().resolved()).containsExactly(resolved);
    assertThat(f.published).last().isEqualTo(resolved);
    assertThatThrownBy(() -> engine.resolve("temp", "bob", ""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("no active alert with key 'temp'");

    f.clock.advance(Duration.ofSeconds(10));
    Instant reopened = f.clock.instant();
    assertThat(engine.evaluate()).singleElement().satisfies(alert -> {
      assertThat(alert.state()).isEqualTo(AlertState.PENDING);
      assertThat(alert.activeSince()).isEqualTo(reopened);
      assertThat(alert.history()).hasSize(1);
    });
    f.clock.advance(Duration.ofMinutes(1));
    assertThat(engine.evaluate()).singleElement()
        .satisfies(a -> assertThat(a.state()).isEqualTo(AlertState.FIRING));
  }

  // ---- silences

  @Test
  void aMatchingSilenceSilencesOnlyTheAlertsItMatchesOnce() {
    AlertEngine engine = f.engine(oauth()).build();
    Silence silence = engine.silence(silence()
        .matching("alertname", "oauth").matching("platform", "tiktok").matching("team", "social")
        .build());
    assertThat(silence.startsAt()).isEqualTo(f.clock.instant());
    f.monitor.increment("oauth.failure", "platform", "tiktok");
    f.monitor.increment("oauth.failure", "platform", "x");

    Map<String, Alert> byKey = new java.util.HashMap<>();
    engine.evaluate().forEach(a -> byKey.put(a.key(), a));

    assertThat(byKey.get("oauth{platform=tiktok}")).satisfies(alert -> {
      assertThat(alert.state()).isEqualTo(AlertState.SILENCED);
      assertThat(alert.mutedBy()).isEqualTo(new Muting(Muting.Kind.SILENCE, silence.id()));
      assertThat(alert.firingSince()).isEqualTo(f.clock.instant());
      assertThat(alert.lastTransition().reason()).endsWith("; silenced by alice until "
          + silence.endsAt() + " (silence " + silence.id() + "): INC-1");
    });
    assertThat(byKey.get("oauth{platform=x}").state()).isEqualTo(AlertState.FIRING);
    f.clock.advance(Duration.ofMinutes(1));
    assertThat(engine.evaluate()).as("published once").isEmpty();
    assertThat(f.published).hasSize(2);
  }

  @Test
  void notEqualAndRegexMatchers() {
    AlertEngine engine = f.engine(oauth()).build();
    engine.silence(silence().notMatching("platform", "tiktok")
        .matchingRegex("alertname", "oa.*").build());
    f.monitor.increment("oauth.failure", "platform", "tiktok");
    f.monitor.increment("oauth.failure", "platform", "x");

    assertThat(engine.evaluate()).extracting(Alert::key, Alert::state).containsExactlyInAnyOrder(
        org.assertj.core.groups.Tuple.tuple("oauth{platform=tiktok}", AlertState.FIRING),
        org.assertj.core.groups.Tuple.tuple("oauth{platform=x}", AlertState.SILENCED));
  }

  @Test
  void aFiringAlertIsSilencedAndFiresAgainWhenTheSilenceEnds() {
    AlertEngine engine = f.engine(temp().build()).build();
    f.monitor.record("temp", 10);
    engine.evaluate();
    Silence silence = engine.silence(silence().matching("alertname", "temp").build());

    assertThat(f.published).as("silenced at once, on the calling thread").hasSize(2)
        .last().satisfies(alert -> {
          assertThat(alert.state()).isEqualTo(AlertState.SILENCED);
          assertThat(alert.lastTransition().from()).isEqualTo(AlertState.FIRING);
          assertThat(alert.mutedBy()).isEqualTo(new Muting(Muting.Kind.SILENCE, silence.id()));
        });
    assertThat(engine.evaluate()).as("nothing left to do").isEmpty();
    f.clock.advance(Duration.ofMinutes(9));
    assertThat(engine.evaluate()).isEmpty();
    assertThat(engine.silences()).containsExactly(silence);
    f.clock.advance(Duration.ofMinutes(1));

    assertThat(engine.evaluate()).singleElement().satisfies(alert -> {
      assertThat(alert.state()).isEqualTo(AlertState.FIRING);
      assertThat(alert.mutedBy()).isNull();
      assertThat(alert.lastTransition().reason())
          .startsWith("silence " + silence.id() + " ended: max of temp");
    });
    assertThat(engine.silences()).isEmpty();
    assertThat(engine.store().silences()).as("ended silences are dropped").isEmpty();
  }

  @Test
  void anAcknowledgementCanBeExtended() {
    AlertEngine engine = f.engine(temp().build()).build();
    f.monitor.record("temp", 10);
    engine.evaluate();
    engine.acknowledge("temp", "alice", "looking", Duration.ofMinutes(10));
    f.clock.advance(Duration.ofMinutes(5));

    Alert extended = engine.acknowledge("temp", "bob", "still on it", Duration.ofMinutes(30));

    assertThat(extended.state()).isEqualTo(AlertState.ACKNOWLEDGED);
    assertThat(extended.acknowledgement().by()).isEqualTo("bob");
    assertThat(extended.acknowledgement().until())
        .isEqualTo(f.clock.instant().plus(Duration.ofMinutes(30)));
    assertThat(extended.lastTransition().from()).isEqualTo(AlertState.ACKNOWLEDGED);
    f.clock.advance(Duration.ofMinutes(10));
    assertThat(engine.evaluate()).as("the first acknowledgement's end passed").isEmpty();
  }

  @Test
  void aSilencedAlertWhoseConditionClearsResolves() {
    AlertEngine engine = f.engine(temp().build()).build();
    engine.silence(silence().matching("alertname", "temp").build());
    f.monitor.record("temp", 10);
    engine.evaluate();
    f.monitor.record("temp", 1);

    assertThat(engine.evaluate()).singleElement()
        .satisfies(a -> assertThat(a.state()).isEqualTo(AlertState.RESOLVED));
    assertThat(f.published).extracting(Alert::state)
        .containsExactly(AlertState.SILENCED, AlertState.RESOLVED);
  }

  @Test
  void aSilenceStartingLaterAndOneExpiredEarly() {
    AlertEngine engine = f.engine(temp().build()).build();
    Silence later = engine.silence(silence().matching("alertname", "temp")
        .startsAt(f.clock.instant().plus(Duration.ofMinutes(2))).build());
    f.monitor.record("temp", 10);
    assertThat(engine.evaluate()).singleElement()
        .satisfies(a -> assertThat(a.state()).isEqualTo(AlertState.FIRING));
    f.clock.advance(Duration.ofMinutes(2));
    assertThat(engine.evaluate()).singleElement()
        .satisfies(a -> assertThat(a.state()).isEqualTo(AlertState.SILENCED));

    engine.expire(later.id());

    assertThat(engine.silences()).isEmpty();
    assertThat(engine.evaluate()).singleElement()
        .satisfies(a -> assertThat(a.state()).isEqualTo(AlertState.FIRING));
    assertThatThrownBy(() -> engine.expire(later.id()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("no silence with id '" + later.id() + "'");
  }

  @Test
  void anInvalidSilenceIsRejectedWithEveryProblem() {
    Instant now = f.clock.instant();
    assertThatThrownBy(() -> Silence.builder().build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("invalid silence: no matchers: a silence must match at least one label "
            + "(call matching(name, value)); createdBy is required (who creates the silence); "
            + "endsAt is required: a silence must end");
    assertThatThrownBy(() -> Silence.builder().matching("a", "b").createdBy("alice")
        .startsAt(now).endsAt(now.minusSeconds(1)).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("invalid silence: endsAt " + now.minusSeconds(1) + " is not after startsAt "
            + now);
    assertThatThrownBy(() -> Silence.builder().matchingRegex("a", "(").createdBy("alice")
        .endsAt(now).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("invalid silence: matcher a=~\"(\": invalid regular expression");

    AlertEngine engine = f.engine(temp().build()).build();
    Silence past = Silence.builder().matching("a", "b").createdBy("alice").endsAt(now).build();
    assertThatThrownBy(() -> engine.silence(past))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("the silence's endsAt " + now + " is not after now (" + now
            + "): it would never be in effect");
    assertThat(engine.silences()).isEmpty();
  }

  // ---- restart

  @Test
  void aRestartKeepsSilencesAndAcknowledgements() {
    AlertStore store = AlertStore.inMemory();
    Silence silence;
    try (AlertEngine first = f.engine(temp().build(), oauth()).store(store).build()) {
      silence = first.silence(silence().matching("alertname", "oauth").build());
      f.monitor.record("temp", 10);
      first.evaluate();
      first.acknowledge("temp", "alice", "", Duration.ofMinutes(30));
    }
    f.published.clear();

    try (AlertEngine second = f.engine(temp().build(), oauth()).store(store).build()) {
      assertThat(second.silences()).containsExactly(silence);
      f.monitor.increment("oauth.failure", "platform", "tiktok");
      assertThat(second.evaluate()).singleElement()
          .satisfies(a -> assertThat(a.state()).isEqualTo(AlertState.SILENCED));
      assertThat(second.activeAlerts()).filteredOn(a -> a.ruleId().equals("temp"))
          .singleElement().satisfies(a -> {
            assertThat(a.state()).isEqualTo(AlertState.ACKNOWLEDGED);
            assertThat(a.acknowledgement().by()).isEqualTo("alice");
          });
      f.clock.advance(Duration.ofMinutes(30));
      assertThat(second.evaluate()).extracting(Alert::ruleId, Alert::state).containsExactly(
          org.assertj.core.groups.Tuple.tuple("temp", AlertState.FIRING),
          org.assertj.core.groups.Tuple.tuple("oauth", AlertState.FIRING));
    }
  }

  // ---- repeat interval

  @Test
  void aFiringAlertIsRemindedEveryRepeatIntervalAndNotEarlyAfterARestart() {
    AlertStore store = AlertStore.inMemory();
    AlertRule rule = temp().repeatInterval(Duration.ofMinutes(10)).build();
    Instant start = f.clock.instant();
    f.monitor.record("temp", 10);
    try (AlertEngine first = f.engine(rule).store(store).build()) {
      for (int minute = 0; minute <= 12; minute++) {
        assertThat(first.evaluate()).as("reminders are not transitions")
            .hasSize(minute == 0 ? 1 : 0);
        f.clock.advance(Duration.ofMinutes(1));
      }
    }
    try (AlertEngine second = f.engine(rule).store(store).build()) {
      for (int minute = 13; minute <= 25; minute++) {
        second.evaluate();
        f.clock.advance(Duration.ofMinutes(1));
      }
    }

    assertThat(f.published).extracting(Alert::isReminder, Alert::notifiedAt).containsExactly(
        org.assertj.core.groups.Tuple.tuple(false, start),
        org.assertj.core.groups.Tuple.tuple(true, start.plus(Duration.ofMinutes(10))),
        org.assertj.core.groups.Tuple.tuple(true, start.plus(Duration.ofMinutes(20))));
    assertThat(f.published).allSatisfy(a -> {
      assertThat(a.state()).isEqualTo(AlertState.FIRING);
      assertThat(a.history()).hasSize(1);
    });
    assertThat(store.active()).singleElement().satisfies(a -> {
      assertThat(a.isReminder()).isFalse();
      assertThat(a.notifiedAt()).isEqualTo(start.plus(Duration.ofMinutes(20)));
    });
  }

  @Test
  void noRemindersWhileAcknowledgedAndTheCountRestartsAtTheExpiry() {
    AlertEngine engine = f.engine(temp().repeatInterval(Duration.ofMinutes(10)).build()).build();
    Instant start = f.clock.instant();
    f.monitor.record("temp", 10);
    engine.evaluate();
    engine.acknowledge("temp", "alice", "", Duration.ofMinutes(15));
    for (int minute = 1; minute <= 30; minute++) {
      f.clock.advance(Duration.ofMinutes(1));
      engine.evaluate();
    }

    assertThat(f.published).extracting(Alert::state, Alert::isReminder, Alert::notifiedAt)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(AlertState.FIRING, false, start),
            org.assertj.core.groups.Tuple.tuple(AlertState.ACKNOWLEDGED, false, start),
            org.assertj.core.groups.Tuple.tuple(AlertState.FIRING, false,
                start.plus(Duration.ofMinutes(15))),
            org.assertj.core.groups.Tuple.tuple(AlertState.FIRING, true,
                start.plus(Duration.ofMinutes(25))));
  }

  @Test
  void aRepeatIntervalMustBePositive() {
    assertThatThrownBy(() -> temp().repeatInterval(Duration.ZERO).build())
        .isInstanceOf(InvalidAlertRuleException.class)
        .hasMessageContaining("field 'repeatInterval': must be positive but was PT0S");
    assertThat(temp().build().repeatInterval()).isNull();
  }
}
