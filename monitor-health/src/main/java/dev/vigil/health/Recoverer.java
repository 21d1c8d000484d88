package dev.vigil.health;

import static java.util.Objects.requireNonNull;

import dev.vigil.health.RecoveryOutcome.Type;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Repairs failing checks by their {@link RecoveryPolicy}: the {@code HealthMonitor} hands it
 * each result with {@link #onResult(HealthCheck, HealthResult)}, and it runs the policy's action
 * when the failure's kind calls for one and the cooldown and attempt budget allow, re-runs the
 * check to verify, and escalates when the last allowed attempt fails. It keeps one state per
 * check, an audit trail of every attempt ({@link #attempts()}), logs every result it handles
 * (DEBUG), attempt (INFO/WARN) and escalation (ERROR) under {@code dev.vigil.health.Recoverer},
 * and tells its {@link RecoveryListener}s.
 *
 * <pre>{@code
 * Recoverer recoverer = Recoverer.builder()
 *     .policy("worker", RecoveryPolicy.builder().otherwise(restartWorker).build())
 *     .listener(new RecoveryListener() {
 *       public void onEscalation(String check, String reason) { alertCritical(check, reason); }
 *     })
 *     .build();
 * RecoveryOutcome outcome = recoverer.onResult(check, result); // on the monitor's worker
 * }</pre>
 *
 * <p>Threading: thread-safe. Actions and verifications run synchronously on the calling thread,
 * which blocks meanwhile (for a verification, {@link RecoveryPolicy#verifyAfter()} plus the
 * check); calls for the same check are serialised, calls for different checks run in parallel.
 * Cooldowns and stable periods are measured with the injected {@link InstantSource}; waits before
 * verification go through the injected {@link Sleeper}.
 */
public final class Recoverer {

  private static final Logger log = LoggerFactory.getLogger(Recoverer.class);

  private final Map<String, RecoveryPolicy> policies;
  private final RecoveryPolicy defaultPolicy;
  private final InstantSource clock;
  private final Sleeper sleeper;
  private final List<RecoveryListener> listeners;
  private final int historySize;
  private final ConcurrentHashMap<String, State> states = new ConcurrentHashMap<>();
  private final ArrayDeque<RecoveryAttempt> history = new ArrayDeque<>(); // guarded by itself

  private Recoverer(Builder b) {
    this.policies = Map.copyOf(b.policies);
    this.defaultPolicy = b.defaultPolicy;
    this.clock = b.clock;
    this.sleeper = b.sleeper;
    this.listeners = List.copyOf(b.listeners);
    this.historySize = b.historySize;
  }

  /** Returns a builder: no policies, the system clock, {@link Thread#sleep}, 1000 attempts kept. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Handles one result of {@code check}, re-running {@code check} itself to verify an action.
   * Call it after every run of the check, UP ones included (they end the stable period).
   */
  public RecoveryOutcome onResult(HealthCheck check, HealthResult result) {
    requireNonNull(check, "check");
    return onResult(check.name(), result, check::check);
  }

  /**
   * Handles one result of the check named {@code check}; {@code recheck} runs the check again to
   * verify an action (the monitor may pass one that applies the check's timeout).
   */
  public RecoveryOutcome onResult(String check, HealthResult result,
      Callable<HealthResult> recheck) {
    requireNonNull(check, "check");
    requireNonNull(result, "result");
    requireNonNull(recheck, "recheck");
    RecoveryPolicy policy = policyOf(check);
    log.debug("check {} {}{}: {}", check, result.status(),
        result.failure() == null ? "" : " " + result.failure(), result.detail());
    if (policy == null) {
      return new RecoveryOutcome(Type.NONE, check, "no recovery policy", null);
    }
    State st = state(check);
    synchronized (st) {
      Instant now = clock.instant();
      if (!triggers(policy, result)) {
        if (healthy(policy, result)) {
          if (st.upSince == null) {
            st.upSince = now;
          }
          if (st.attempts > 0 && !st.escalated
              && !now.isBefore(st.upSince.plus(policy.stablePeriod()))) {
            log.info("recovery of {}: UP since {}, attempt counter reset (was {})", check,
                st.upSince, st.attempts);
            st.attempts = 0;
          }
        } else {
          st.upSince = null;
        }
        return new RecoveryOutcome(Type.NONE, check,
            st.escalated ? "escalated, waiting for a manual reset" : "nothing to do", null);
      }
      st.upSince = null;
      FailureKind kind = result.failure() == null ? FailureKind.ERROR : result.failure();
      st.lastFailure = kind;
      Optional<RecoveryAction> action = policy.actionFor(kind);
      if (action.isEmpty()) {
        log.info("recovery of {}: {} is alert only, no action", check, kind);
        return new RecoveryOutcome(Type.ALERT_ONLY, check, kind + " is alert only", null);
      }
      if (st.escalated) {
        return new RecoveryOutcome(Type.SUSPENDED, check,
            "escalated, waiting for a manual reset: " + st.escalationReason, null);
      }
      if (st.lastAttempt != null) {
        Instant next = st.lastAttempt.plus(policy.cooldown());
        if (now.isBefore(next)) {
          return new RecoveryOutcome(Type.COOLDOWN, check, "cooling down, next attempt at "
              + next, null);
        }
      }
      st.attempts++;
      int number = st.attempts;
      Run run = run(check, st, policy, action.get(), recheck, now,
          "attempt " + number + "/" + policy.maxAttempts() + " on " + kind);
      Type type = run.recovered ? Type.ACTED_RECOVERED
          : number >= policy.maxAttempts() ? Type.ESCALATED : Type.ACTED_FAILED;
      RecoveryAttempt attempt = record(new RecoveryAttempt(check, action.get().name(), now, kind,
          false, number, type, run.detail, run.duration, run.verification));
      if (type == Type.ESCALATED) {
        st.escalated = true;
        st.escalationReason = "attempt " + number + " of " + policy.maxAttempts() + " failed: "
            + run.detail;
        log.error("recovery of {} escalated: {}; no more automatic action until reset", check,
            st.escalationReason);
        for (RecoveryListener l : listeners) {
          try {
            l.onEscalation(check, st.escalationReason);
          } catch (RuntimeException e) {
            log.warn("recovery listener {} failed on escalation of {}", l, check, e);
          }
        }
      }
      return new RecoveryOutcome(type, check, run.detail, attempt);
    }
  }

  /** Same as {@link #recover(String, Callable, boolean)} with {@code check} as the re-run. */
  public RecoveryOutcome recover(HealthCheck check, boolean force) {
    requireNonNull(check, "check");
    return recover(check.name(), check::check, force);
  }

  /**
   * Runs the recovery action of the check named {@code check} now, at a person's request,
   * ignoring the cooldown, and verifies it like an automatic attempt. The action is the one for
   * the last failure seen, else the policy's default, else any of its actions. A manual run does
   * not count as an attempt and never escalates, but starts a cooldown for automatic ones.
   *
   * <p>An escalated check is not acted on (the outcome is {@link Type#SUSPENDED}) unless {@code
   * force} is true; even then it stays escalated until {@link #reset}.
   *
   * @return {@link Type#NONE} when the check has no policy or its policy no action, else what the
   *     action did
   */
  public RecoveryOutcome recover(String check, Callable<HealthResult> recheck, boolean force) {
    requireNonNull(check, "check");
    requireNonNull(recheck, "recheck");
    RecoveryPolicy policy = policyOf(check);
    if (policy == null) {
      return new RecoveryOutcome(Type.NONE, check, "no recovery policy", null);
    }
    State st = state(check);
    synchronized (st) {
      if (st.escalated && !force) {
        return new RecoveryOutcome(Type.SUSPENDED, check,
            "escalated, waiting for a manual reset (or force): " + st.escalationReason, null);
      }
      FailureKind kind = st.lastFailure;
      Optional<RecoveryAction> action = kind == null ? Optional.empty() : policy.actionFor(kind);
      if (action.isEmpty()) {
        action = policy.anyAction();
      }
      if (action.isEmpty()) {
        return new RecoveryOutcome(Type.NONE, check, "the recovery policy has no action", null);
      }
      Instant now = clock.instant();
      Run run = run(check, st, policy, action.get(), recheck, now,
          "manual run" + (force ? " (forced)" : ""));
      Type type = run.recovered ? Type.ACTED_RECOVERED : Type.ACTED_FAILED;
      RecoveryAttempt attempt = record(new RecoveryAttempt(check, action.get().name(), now, kind,
          true, 0, type, run.detail, run.duration, run.verification));
      return new RecoveryOutcome(type, check, run.detail, attempt);
    }
  }

  /**
   * Clears the state of the check named {@code check}, as a person does after intervening: no
   * longer escalated, attempt counter and cooldown back to zero.
   *
   * @return whether the check was escalated
   */
  public boolean reset(String check) {
    requireNonNull(check, "check");
    State st = states.get(check);
    if (st == null) {
      return false;
    }
    synchronized (st) {
      boolean was = st.escalated;
      log.info("recovery of {} reset by hand (escalated: {}, attempts: {})", check, was,
          st.attempts);
      st.escalated = false;
      st.escalationReason = null;
      st.attempts = 0;
      st.lastAttempt = null;
      return was;
    }
  }

  /** Returns whether the check named {@code check} is escalated, waiting for {@link #reset}. */
  public boolean isEscalated(String check) {
    State st = states.get(requireNonNull(check, "check"));
    if (st == null) {
      return false;
    }
    synchronized (st) {
      return st.escalated;
    }
  }

  /** Returns the automatic attempts counted for {@code check} since its counter last reset. */
  public int attemptCount(String check) {
    State st = states.get(requireNonNull(check, "check"));
    if (st == null) {
      return 0;
    }
    synchronized (st) {
      return st.attempts;
    }
  }

  /** Returns the audit trail: the latest attempts of all checks, newest first. */
  public List<RecoveryAttempt> attempts() {
    synchronized (history) {
      return List.copyOf(history);
    }
  }

  /** Returns the latest attempts for the check named {@code check}, newest first. */
  public List<RecoveryAttempt> attempts(String check) {
    requireNonNull(check, "check");
    return attempts().stream().filter(a -> a.check().equals(check)).toList();
  }

  private RecoveryPolicy policyOf(String check) {
    return policies.getOrDefault(check, defaultPolicy);
  }

  private State state(String check) {
    return states.computeIfAbsent(check, c -> new State());
  }

  private static boolean triggers(RecoveryPolicy policy, HealthResult r) {
    return r.status() == HealthStatus.DOWN
        || (r.status() == HealthStatus.DEGRADED && policy.actOnDegraded());
  }

  private static boolean healthy(RecoveryPolicy policy, HealthResult r) {
    return r.status() == HealthStatus.UP
        || (r.status() == HealthStatus.DEGRADED && !policy.actOnDegraded());
  }

  /** Runs the action and the verification; the caller holds the check's lock. */
  private Run run(String check, State st, RecoveryPolicy policy, RecoveryAction action,
      Callable<HealthResult> recheck, Instant start, String what) {
    log.info("recovery of {}: running {} ({})", check, action.name(), what);
    st.lastAttempt = start;
    RecoveryResult result;
    try {
      result = action.run();
      if (result == null) {
        result = RecoveryResult.failed("the action returned no result");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      result = RecoveryResult.failed("interrupted");
    } catch (Exception e) {
      result = RecoveryResult.failed(e.toString());
    }
    HealthResult verification = null;
    String detail = result.detail();
    boolean recovered = false;
    if (result.success()) {
      if (policy.verify()) {
        verification = verify(policy, recheck);
        recovered = healthy(policy, verification);
        detail += "; verified " + verification.status()
            + (verification.failure() == null ? "" : " " + verification.failure()) + ": "
            + verification.detail();
      } else {
        recovered = true;
      }
    }
    Duration took = Duration.between(start, clock.instant());
    if (recovered) {
      st.upSince = clock.instant();
      log.info("recovery of {}: {} recovered it in {}: {}", check, action.name(), took, detail);
    } else {
      log.warn("recovery of {}: {} did not recover it ({}): {}", check, action.name(), what,
          detail);
    }
    return new Run(recovered, detail, took, verification);
  }

  private HealthResult verify(RecoveryPolicy policy, Callable<HealthResult> recheck) {
    try {
      if (!policy.verifyAfter().isZero()) {
        sleeper.sleep(policy.verifyAfter());
      }
      HealthResult r = recheck.call();
      return r == null ? HealthResult.down(FailureKind.ERROR, "the check returned no result") : r;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return HealthResult.unknown("interrupted before verification");
    } catch (Exception e) {
      return HealthResult.down(FailureKind.ERROR, e.toString());
    }
  }

  private RecoveryAttempt record(RecoveryAttempt attempt) {
    synchronized (history) {
      history.addFirst(attempt);
      while (history.size() > historySize) {
        history.removeLast();
      }
    }
    for (RecoveryListener l : listeners) {
      try {
        l.onAttempt(attempt);
      } catch (RuntimeException e) {
        log.warn("recovery listener {} failed on an attempt of {}", l, attempt.check(), e);
      }
    }
    return attempt;
  }

  /** What one run of an action and its verification gave. */
  private record Run(boolean recovered, String detail, Duration duration,
      HealthResult verification) {}

  /** One check's recovery state; guarded by itself. */
  private static final class State {
    int attempts;
    Instant lastAttempt;
    Instant upSince;
    boolean escalated;
    String escalationReason;
    FailureKind lastFailure;
  }

  /** Waits before a verification; tests pass one that moves their clock. */
  @FunctionalInterface
  public interface Sleeper {
    /** Blocks for {@code duration}. */
    void sleep(Duration duration) throws InterruptedException;
  }

  /** Builds a {@link Recoverer}; not thread-safe. */
  public static final class Builder {
    private final Map<String, RecoveryPolicy> policies = new HashMap<>();
    private RecoveryPolicy defaultPolicy;
    private InstantSource clock = InstantSource.system();
    private Sleeper sleeper = d -> Thread.sleep(d.toMillis());
    private final List<RecoveryListener> listeners = new ArrayList<>();
    private int historySize = 1000;

    private Builder() {}

    /** Repairs the check named {@code check} by {@code policy}. */
    public Builder policy(String check, RecoveryPolicy policy) {
      requireNonNull(check, "check");
      requireNonNull(policy, "policy");
      if (policies.putIfAbsent(check, policy) != null) {
        throw new IllegalArgumentException("a policy for check '" + check + "' was already set");
      }
      return this;
    }

    /** Repairs the checks without a policy of their own by {@code policy}; by default none. */
    public Builder defaultPolicy(RecoveryPolicy policy) {
      this.defaultPolicy = requireNonNull(policy, "defaultPolicy");
      return this;
    }

    /** The clock for cooldowns, stable periods and the audit trail; the system's by default. */
    public Builder clock(InstantSource clock) {
      this.clock = requireNonNull(clock, "clock");
      return this;
    }

    /** How to wait before a verification; {@link Thread#sleep} by default. */
    public Builder sleeper(Sleeper sleeper) {
      this.sleeper = requireNonNull(sleeper, "sleeper");
      return this;
    }

    /** Adds a listener. */
    public Builder listener(RecoveryListener listener) {
      listeners.add(requireNonNull(listener, "listener"));
      return this;
    }

    /** How many attempts the audit trail keeps (the oldest go first); 1000 by default. */
    public Builder historySize(int historySize) {
      if (historySize < 1) {
        throw new IllegalArgumentException("historySize must be at least 1 but was "
            + historySize);
      }
      this.historySize = historySize;
      return this;
    }

    /** Returns the recoverer. */
    public Recoverer build() {
      return new Recoverer(this);
    }
  }
}
