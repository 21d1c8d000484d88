package dev.vigil.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.health.RecoveryOutcome.Type;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The recoverer's decisions, driven by a manual clock: cooldown, attempts, escalation, reset. */
class RecovererTest {

  private static final HealthResult TIMEOUT = HealthResult.down(FailureKind.TIMEOUT, "no answer");
  private static final HealthResult UP = HealthResult.up("200 OK");

  private final ManualClock clock = ManualClock.at("2026-03-01T10:00:00Z");
  private final AtomicInteger runs = new AtomicInteger();
  private final AtomicReference<HealthResult> current = new AtomicReference<>(TIMEOUT);
  private final HealthCheck api = HealthCheck.of("api", current::get);
  private final List<String> escalations = new ArrayList<>();
  private final List<RecoveryAttempt> heard = new ArrayList<>();
  private final RecoveryListener listener = new RecoveryListener() {
    @Override
    public void onAttempt(RecoveryAttempt attempt) {
      heard.add(attempt);
    }

    @Override
    public void onEscalation(String check, String reason) {
      escalations.add(check + ": " + reason);
    }
  };

  /** An action that runs but does not help. */
  private final RecoveryAction failing = RecoveryAction.of("restart", () -> {
    runs.incrementAndGet();
    return RecoveryResult.failed("exit 1");
  });

  /** An action that repairs the check. */
  private final RecoveryAction repairing = RecoveryAction.of("restart", () -> {
    runs.incrementAndGet();
    current.set(UP);
    return RecoveryResult.ok("exit 0");
  });

  private Recoverer recoverer(RecoveryPolicy policy) {
    return Recoverer.builder().policy("api", policy).clock(clock).sleeper(clock::advance)
        .listener(listener).build();
  }

  @Test
  void threeAttemptsFiveMinutesApartThenEscalatedAndSuspendedUntilReset() {
    Recoverer r = recoverer(RecoveryPolicy.builder().act(failing, FailureKind.TIMEOUT).build());

    RecoveryOutcome first = r.onResult(api, TIMEOUT);
    assertThat(first.type()).isEqualTo(Type.ACTED_FAILED);
    assertThat(first.attempt().number()).isEqualTo(1);
    assertThat(first.attempt().trigger()).isEqualTo(FailureKind.TIMEOUT);
    assertThat(first.attempt().verification()).isNull(); // the action failed: nothing to verify
    assertThat(runs).hasValue(1);

    clock.advance(Duration.ofMinutes(4).plusSeconds(59));
    assertThat(r.onResult(api, TIMEOUT).type()).isEqualTo(Type.COOLDOWN);
    assertThat(runs).hasValue(1);

    clock.advance(Duration.ofSeconds(1));
    assertThat(r.onResult(api, TIMEOUT).type()).isEqualTo(Type.ACTED_FAILED);
    assertThat(runs).hasValue(2);

    clock.advance(Duration.ofMinutes(5));
    RecoveryOutcome third = r.onResult(api, TIMEOUT);
    assertThat(third.type()).isEqualTo(Type.ESCALATED);
    assertThat(third.attempt().number()).isEqualTo(3);
    assertThat(runs).hasValue(3);
    assertThat(escalations).containsExactly("api: attempt 3 of 3 failed: exit 1");
    assertThat(r.isEscalated("api")).isTrue();

    for (int i = 0; i < 5; i++) { // no 4th attempt, however long it stays down
      clock.advance(Duration.ofHours(1));
      assertThat(r.onResult(api, TIMEOUT).type()).isEqualTo(Type.SUSPENDED);
    }
    assertThat(r.onResult(api, UP).type()).isEqualTo(Type.NONE);
    clock.advance(Duration.ofHours(1));
    assertThat(r.onResult(api, TIMEOUT).type()).isEqualTo(Type.SUSPENDED); // UP does not un-escalate
    assertThat(runs).hasValue(3);
    assertThat(escalations).hasSize(1);

    assertThat(r.reset("api")).isTrue();
    assertThat(r.isEscalated("api")).isFalse();
    RecoveryOutcome again = r.onResult(api, TIMEOUT);
    assertThat(again.type()).isEqualTo(Type.ACTED_FAILED);
    assertThat(again.attempt().number()).isEqualTo(1);
    assertThat(runs).hasValue(4);

    assertThat(r.attempts()).extracting(RecoveryAttempt::number).containsExactly(1, 3, 2, 1);
    assertThat(r.attempts()).extracting(RecoveryAttempt::outcome).containsExactly(
        Type.ACTED_FAILED, Type.ESCALATED, Type.ACTED_FAILED, Type.ACTED_FAILED);
    assertThat(r.attempts().get(1).at()).isEqualTo(clock.instant().minus(Duration.ofHours(6)));
    assertThat(heard).hasSize(4);
  }

  @Test
  void upForTheStablePeriodResetsTheAttemptCounter() {
    Recoverer r = recoverer(RecoveryPolicy.builder().otherwise(repairing).maxAttempts(2).build());

    RecoveryOutcome first = r.onResult(api, TIMEOUT);
    assertThat(first.type()).isEqualTo(Type.ACTED_RECOVERED);
    // verified 30 s later, by the sleeper moving the clock
    assertThat(first.attempt().duration()).isEqualTo(Duration.ofSeconds(30));
    assertThat(first.attempt().verification()).isEqualTo(UP);
    assertThat(first.detail()).isEqualTo("exit 0; verified UP: 200 OK");

    clock.advance(Duration.ofMinutes(14));
    assertThat(r.onResult(api, UP).type()).isEqualTo(Type.NONE);
    assertThat(r.attemptCount("api")).isEqualTo(1);
    clock.advance(Duration.ofMinutes(1)); // UP since the verification: 15 min
    r.onResult(api, UP);
    assertThat(r.attemptCount("api")).isZero();

    current.set(TIMEOUT);
    RecoveryOutcome next = r.onResult(api, TIMEOUT);
    assertThat(next.type()).isEqualTo(Type.ACTED_RECOVERED);
    assertThat(next.attempt().number()).isEqualTo(1);
  }

  @Test
  void withoutAStablePeriodAttemptsAddUpAndAFailedVerificationOnTheLastEscalates() {
    AtomicInteger repairs = new AtomicInteger(1);
    RecoveryAction restart = RecoveryAction.of("restart", () -> {
      if (repairs.getAndDecrement() > 0) {
        current.set(UP);
      }
      return RecoveryResult.ok("exit 0"); // claims success either way
    });
    Recoverer r = recoverer(RecoveryPolicy.builder().otherwise(restart).maxAttempts(2).build());
    assertThat(r.onResult(api, TIMEOUT).type()).isEqualTo(Type.ACTED_RECOVERED);

    clock.advance(Duration.ofMinutes(14));
    r.onResult(api, UP); // not yet the 15 min: the counter stays at 1
    HealthResult refused = HealthResult.down(FailureKind.CONNECTION_REFUSED, "refused");
    current.set(refused);
    RecoveryOutcome second = r.onResult(api, refused);
    assertThat(second.type()).isEqualTo(Type.ESCALATED);
    assertThat(second.attempt().number()).isEqualTo(2);
    assertThat(second.attempt().verification()).isEqualTo(refused);
    assertThat(second.detail()).isEqualTo("exit 0; verified DOWN CONNECTION_REFUSED: refused");
    assertThat(escalations).containsExactly(
        "api: attempt 2 of 2 failed: exit 0; verified DOWN CONNECTION_REFUSED: refused");
  }

  @Test
  void seed003TriesOnceAndAlertsWhenItFails() {
    Recoverer r = recoverer(RecoveryPolicy.builder()
        .act(failing, FailureKind.TIMEOUT, FailureKind.CONNECTION_REFUSED)
        .alertOnly(FailureKind.BAD_STATE).maxAttempts(1).build());
    assertThat(r.onResult(api, TIMEOUT).type()).isEqualTo(Type.ESCALATED);
    assertThat(escalations).containsExactly("api: attempt 1 of 1 failed: exit 1");
  }

  @Test
  void badStateOnlyAlertsAndTheActionNeverRuns() {
    Recoverer r = recoverer(RecoveryPolicy.builder()
        .act(failing, FailureKind.TIMEOUT, FailureKind.CONNECTION_REFUSED)
        .alertOnly(FailureKind.BAD_STATE)
        .build());
    HealthResult notAuthorized = HealthResult.down(FailureKind.BAD_STATE, "notAuthorized");
    for (int i = 0; i < 10; i++) {
      RecoveryOutcome o = r.onResult(api, notAuthorized);
      assertThat(o.type()).isEqualTo(Type.ALERT_ONLY);
      assertThat(o.acted()).isFalse();
      clock.advance(Duration.ofMinutes(10));
    }
    // a kind not named follows the default: alert only
    assertThat(r.onResult(api, HealthResult.down(FailureKind.TLS, "expired")).type())
        .isEqualTo(Type.ALERT_ONLY);
    assertThat(runs).hasValue(0);
    assertThat(r.attempts()).isEmpty();
    assertThat(r.attemptCount("api")).isZero();

    assertThat(r.onResult(api, TIMEOUT).type()).isEqualTo(Type.ACTED_FAILED);
    assertThat(runs).hasValue(1);
  }

  @Test
  void alertOnlyWinsOverTheDefaultAction() {
    Recoverer r = recoverer(RecoveryPolicy.builder().otherwise(failing)
        .alertOnly(FailureKind.BAD_STATE).build());
    assertThat(r.onResult(api, HealthResult.down(FailureKind.BAD_STATE, "disabled")).type())
        .isEqualTo(Type.ALERT_ONLY);
    assertThat(r.onResult(api, HealthResult.down(FailureKind.DNS, "no such host")).type())
        .isEqualTo(Type.ACTED_FAILED);
    assertThat(runs).hasValue(1);
  }

  @Test
  void degradedActsOnlyWhenAsked() {
    HealthResult slow = HealthResult.degraded(FailureKind.RESOURCE, "disk 91%");
    assertThat(recoverer(RecoveryPolicy.builder().otherwise(failing).build())
        .onResult(api, slow).type()).isEqualTo(Type.NONE);
    assertThat(runs).hasValue(0);
    Recoverer r = Recoverer.builder().clock(clock).defaultPolicy(
        RecoveryPolicy.builder().otherwise(failing).actOnDegraded(true).build()).build();
    assertThat(r.onResult(HealthCheck.of("disk", () -> slow), slow).type())
        .isEqualTo(Type.ACTED_FAILED);
    assertThat(runs).hasValue(1);
  }

  @Test
  void manualRecoveryIgnoresTheCooldownButNotAnEscalationUnlessForced() {
    Recoverer r = recoverer(RecoveryPolicy.builder().act(failing, FailureKind.TIMEOUT)
        .maxAttempts(1).build());
    assertThat(r.onResult(api, TIMEOUT).type()).isEqualTo(Type.ESCALATED);

    RecoveryOutcome refused = r.recover(api, false);
    assertThat(refused.type()).isEqualTo(Type.SUSPENDED);
    assertThat(runs).hasValue(1);

    RecoveryOutcome forced = r.recover(api, true); // within the cooldown
    assertThat(forced.type()).isEqualTo(Type.ACTED_FAILED);
    assertThat(forced.attempt().manual()).isTrue();
    assertThat(forced.attempt().number()).isZero();
    assertThat(runs).hasValue(2);
    assertThat(r.isEscalated("api")).isTrue(); // only reset un-escalates

    r.reset("api");
    RecoveryOutcome manual = r.recover(api, false);
    assertThat(manual.type()).isEqualTo(Type.ACTED_FAILED);
    assertThat(runs).hasValue(3);
    assertThat(r.attemptCount("api")).isZero(); // manual runs do not count
    // ... but start a cooldown for automatic ones
    assertThat(r.onResult(api, TIMEOUT).type()).isEqualTo(Type.COOLDOWN);
  }

  @Test
  void anActionThatThrowsFailsWithItsMessage() {
    Recoverer r = recoverer(RecoveryPolicy.builder().otherwise(RecoveryAction.of("boom", () -> {
      throw new IllegalStateException("service manager unreachable");
    })).build());
    RecoveryOutcome o = r.onResult(api, TIMEOUT);
    assertThat(o.type()).isEqualTo(Type.ACTED_FAILED);
    assertThat(o.detail())
        .isEqualTo("java.lang.IllegalStateException: service manager unreachable");
  }

  @Test
  void aVerificationThatThrowsCountsAsDown() {
    Recoverer r = recoverer(RecoveryPolicy.builder().otherwise(repairing).build());
    RecoveryOutcome o = r.onResult("api", TIMEOUT, () -> {
      throw new java.io.IOException("connection reset");
    });
    assertThat(o.type()).isEqualTo(Type.ACTED_FAILED);
    assertThat(o.attempt().verification().failure()).isEqualTo(FailureKind.ERROR);
  }

  @Test
  void noPolicyNothingToDoAndListenersThatThrowAreIsolated() {
    Recoverer r = Recoverer.builder().clock(clock).policy("api",
        RecoveryPolicy.builder().otherwise(failing).maxAttempts(1).build())
        .listener(new RecoveryListener() {
          @Override
          public void onAttempt(RecoveryAttempt attempt) {
            throw new IllegalStateException("listener bug");
          }

          @Override
          public void onEscalation(String check, String reason) {
            throw new IllegalStateException("listener bug");
          }
        }).listener(listener).build();
    assertThat(r.onResult(HealthCheck.of("other", () -> TIMEOUT), TIMEOUT).type())
        .isEqualTo(Type.NONE);
    assertThat(r.onResult(api, TIMEOUT).type()).isEqualTo(Type.ESCALATED);
    assertThat(heard).hasSize(1);
    assertThat(escalations).hasSize(1);
  }

  @Test
  void theAuditTrailIsBoundedNewestFirst() {
    Recoverer r = Recoverer.builder().clock(clock).historySize(2).policy("api",
        RecoveryPolicy.builder().otherwise(failing).maxAttempts(5).build()).build();
    for (int i = 0; i < 4; i++) {
      r.onResult(api, TIMEOUT);
      clock.advance(Duration.ofMinutes(5));
    }
    assertThat(r.attempts()).extracting(RecoveryAttempt::number).containsExactly(4, 3);
    assertThat(r.attempts("api")).hasSize(2);
    assertThat(r.attempts("other")).isEmpty();
  }

  @Test
  void aPolicyReportsAllItsProblemsTogether() {
    assertThatThrownBy(() -> RecoveryPolicy.builder()
        .act(failing, FailureKind.TIMEOUT)
        .alertOnly(FailureKind.TIMEOUT)
        .cooldown(Duration.ofMinutes(-1))
        .maxAttempts(0)
        .stablePeriod(Duration.ZERO)
        .verifyAfter(Duration.ofSeconds(-1))
        .build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("invalid recovery policy: TIMEOUT is set twice (action restart, then alert"
            + " only); cooldown must not be negative but was PT-1M; maxAttempts must be at least"
            + " 1 but was 0; stablePeriod must be positive but was PT0S; verifyAfter must not be"
            + " negative but was PT-1S");
  }

  @Test
  void policyDefaultsAndToBuilder() {
    RecoveryPolicy p = RecoveryPolicy.builder().act(failing, FailureKind.TIMEOUT).build();
    assertThat(p.cooldown()).isEqualTo(Duration.ofMinutes(5));
    assertThat(p.maxAttempts()).isEqualTo(3);
    assertThat(p.stablePeriod()).isEqualTo(Duration.ofMinutes(15));
    assertThat(p.verifyAfter()).isEqualTo(Duration.ofSeconds(30));
    assertThat(p.actionFor(FailureKind.BAD_STATE)).isEmpty();
    RecoveryPolicy q = p.toBuilder().maxAttempts(1).build();
    assertThat(q.actionFor(FailureKind.TIMEOUT)).containsSame(failing);
    assertThat(q.maxAttempts()).isEqualTo(1);
  }
}
