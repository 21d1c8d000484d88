package dev.vigil.health;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * When and how a {@link Recoverer} repairs one check: which {@link FailureKind}s trigger which
 * action and which only alert, how long to wait between attempts, how many automatic attempts
 * before escalating, and how to verify.
 *
 * <p>Seed 002 (restart on failure, 5 minutes apart, at most 3 times, then alert and stop):
 *
 * <pre>{@code
 * RecoveryPolicy seed002 = RecoveryPolicy.builder()
 *     .otherwise(restart)            // any failure
 *     .cooldown(Duration.ofMinutes(5))
 *     .maxAttempts(3)
 *     .build();
 * }</pre>
 *
 * <p>Seed 003 (a wrong state such as "notAuthorized" only alerts; a timeout or network error
 * tries the action, and alerts if it fails):
 *
 * <pre>{@code
 * RecoveryPolicy seed003 = RecoveryPolicy.builder()
 *     .act(restart, FailureKind.TIMEOUT, FailureKind.CONNECTION_REFUSED, FailureKind.DNS)
 *     .alertOnly(FailureKind.BAD_STATE)
 *     .maxAttempts(1)
 *     .build();
 * }</pre>
 *
 * <p>Kinds not named follow {@link Builder#otherwise}, by default alert only: a policy never acts
 * on a kind nobody chose. An attempt counts when the action fails (returns failure or throws) or
 * the check, re-run {@link Builder#verifyAfter} later, is not UP. The counter goes back to zero
 * once the check has been UP for {@link Builder#stablePeriod}. When the last allowed attempt
 * fails, the check is escalated: no more automatic action until {@link Recoverer#reset}.
 *
 * <p>Immutable and thread-safe.
 */
public final class RecoveryPolicy {

  private final Map<FailureKind, RecoveryAction> actions;
  private final RecoveryAction otherwise;
  private final Duration cooldown;
  private final int maxAttempts;
  private final Duration stablePeriod;
  private final Duration verifyAfter;
  private final boolean verify;
  private final boolean actOnDegraded;

  private RecoveryPolicy(Builder b) {
    EnumMap<FailureKind, RecoveryAction> m = new EnumMap<>(FailureKind.class);
    m.putAll(b.actions);
    this.actions = Collections.unmodifiableMap(m);
    this.otherwise = b.otherwise;
    this.cooldown = b.cooldown;
    this.maxAttempts = b.maxAttempts;
    this.stablePeriod = b.stablePeriod;
    this.verifyAfter = b.verifyAfter;
    this.verify = b.verify;
    this.actOnDegraded = b.actOnDegraded;
  }

  /** Returns a builder with the defaults: alert only, 5 min cooldown, 3 attempts, 15 min stable. */
  public static Builder builder() {
    return new Builder();
  }

  /** Returns a builder holding this policy's settings. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.actions.putAll(actions);
    b.otherwise = otherwise;
    b.cooldown = cooldown;
    b.maxAttempts = maxAttempts;
    b.stablePeriod = stablePeriod;
    b.verifyAfter = verifyAfter;
    b.verify = verify;
    b.actOnDegraded = actOnDegraded;
    return b;
  }

  /** Returns the action for {@code kind}, or empty when that kind only alerts. */
  public Optional<RecoveryAction> actionFor(FailureKind kind) {
    requireNonNull(kind, "kind");
    if (actions.containsKey(kind)) {
      return Optional.ofNullable(actions.get(kind));
    }
    return Optional.ofNullable(otherwise);
  }

  /** Returns the action a manual recovery runs when no failure was seen: the default, else any. */
  Optional<RecoveryAction> anyAction() {
    if (otherwise != null) {
      return Optional.of(otherwise);
    }
    return actions.values().stream().filter(a -> a != null).findFirst();
  }

  /** Returns the least time between two automatic attempts. */
  public Duration cooldown() {
    return cooldown;
  }

  /** Returns how many automatic attempts may fail before the check is escalated. */
  public int maxAttempts() {
    return maxAttempts;
  }

  /** Returns how long the check must stay UP for the attempt counter to go back to zero. */
  public Duration stablePeriod() {
    return stablePeriod;
  }

  /** Returns how long after a successful action the check is re-run to verify it. */
  public Duration verifyAfter() {
    return verifyAfter;
  }

  /** Returns whether the check is re-run after a successful action. */
  public boolean verify() {
    return verify;
  }

  /** Returns whether DEGRADED results trigger actions too (DOWN results always do). */
  public boolean actOnDegraded() {
    return actOnDegraded;
  }

  @Override
  public String toString() {
    return "RecoveryPolicy{actions=" + actions + ", otherwise=" + otherwise + ", cooldown="
        + cooldown + ", maxAttempts=" + maxAttempts + ", stablePeriod=" + stablePeriod
        + ", verify=" + (verify ? verifyAfter : "no") + "}";
  }

  /** Builds a {@link RecoveryPolicy}; not thread-safe. */
  public static final class Builder {
    // a kind mapped to null only alerts
    private final Map<FailureKind, RecoveryAction> actions = new EnumMap<>(FailureKind.class);
    private final List<String> problems = new ArrayList<>();
    private RecoveryAction otherwise;
    private Duration cooldown = Duration.ofMinutes(5);
    private int maxAttempts = 3;
    private Duration stablePeriod = Duration.ofMinutes(15);
    private Duration verifyAfter = Duration.ofSeconds(30);
    private boolean verify = true;
    private boolean actOnDegraded;

    private Builder() {}

    /** Runs {@code action} on failures of these kinds. */
    public Builder act(RecoveryAction action, FailureKind kind, FailureKind... more) {
      requireNonNull(action, "action");
      for (FailureKind k : kinds(kind, more)) {
        if (actions.containsKey(k)) {
          problems.add(k + " is set twice (" + describe(actions.get(k)) + ", then "
              + describe(action) + ")");
        }
        actions.put(k, action);
      }
      return this;
    }

    /** Never acts on failures of these kinds, only alerts (seed 003: BAD_STATE). */
    public Builder alertOnly(FailureKind kind, FailureKind... more) {
      for (FailureKind k : kinds(kind, more)) {
        if (actions.containsKey(k)) {
          problems.add(k + " is set twice (" + describe(actions.get(k)) + ", then alert only)");
        }
        actions.put(k, null);
      }
      return this;
    }

    /** Runs {@code action} on failures of the kinds not named; by default they alert only. */
    public Builder otherwise(RecoveryAction action) {
      this.otherwise = requireNonNull(action, "otherwise");
      return this;
    }

    /** Makes the kinds not named alert only (the default). */
    public Builder otherwiseAlertOnly() {
      this.otherwise = null;
      return this;
    }

    /** The least time between two automatic attempts; 5 minutes by default. */
    public Builder cooldown(Duration cooldown) {
      this.cooldown = requireNonNull(cooldown, "cooldown");
      return this;
    }

    /** How many automatic attempts may fail before escalating; 3 by default. */
    public Builder maxAttempts(int maxAttempts) {
      this.maxAttempts = maxAttempts;
      return this;
    }

    /** How long the check must stay UP for the attempt counter to reset; 15 min by default. */
    public Builder stablePeriod(Duration stablePeriod) {
      this.stablePeriod = requireNonNull(stablePeriod, "stablePeriod");
      return this;
    }

    /** How long after a successful action the check is re-run; 30 seconds by default. */
    public Builder verifyAfter(Duration verifyAfter) {
      this.verifyAfter = requireNonNull(verifyAfter, "verifyAfter");
      return this;
    }

    /**
     * Whether the check is re-run after a successful action (by default it is); without, the
     * action's success counts as recovered.
     */
    public Builder verify(boolean verify) {
      this.verify = verify;
      return this;
    }

    /** Whether DEGRADED results trigger actions too; by default only DOWN results do. */
    public Builder actOnDegraded(boolean actOnDegraded) {
      this.actOnDegraded = actOnDegraded;
      return this;
    }

    /**
     * Returns the policy.
     *
     * @throws IllegalArgumentException listing every problem of the settings
     */
    public RecoveryPolicy build() {
      List<String> all = new ArrayList<>(problems);
      if (cooldown.isNegative()) {
        all.add("cooldown must not be negative but was " + cooldown);
      }
      if (maxAttempts < 1) {
        all.add("maxAttempts must be at least 1 but was " + maxAttempts);
      }
      if (stablePeriod.isNegative() || stablePeriod.isZero()) {
        all.add("stablePeriod must be positive but was " + stablePeriod);
      }
      if (verifyAfter.isNegative()) {
        all.add("verifyAfter must not be negative but was " + verifyAfter);
      }
      if (!all.isEmpty()) {
        throw new IllegalArgumentException("invalid recovery policy: " + String.join("; ", all));
      }
      return new RecoveryPolicy(this);
    }

    private static List<FailureKind> kinds(FailureKind kind, FailureKind... more) {
      List<FailureKind> list = new ArrayList<>();
      list.add(requireNonNull(kind, "kind"));
      for (FailureKind k : requireNonNull(more, "kinds")) {
        list.add(requireNonNull(k, "kinds"));
      }
      return list;
    }

    private static String describe(RecoveryAction a) {
      return a == null ? "alert only" : "action " + a.name();
    }
  }
}
