package dev.vigil.health;

/**
 * Something to check: the SPI of the health module. {@link #check()} may block on I/O; the
 * {@link HealthMonitor} runs it on its own threads, never twice at once, and cuts it at its
 * timeout even if it hangs (it is then interrupted and reported as {@link FailureKind#TIMEOUT}).
 * An exception it throws becomes a DOWN result of kind {@link FailureKind#ERROR}.
 *
 * <pre>{@code
 * HealthCheck queue = HealthCheck.of("queue-depth", () -> depth() < 10_000
 *     ? HealthResult.up("depth " + depth())
 *     : HealthResult.degraded(FailureKind.RESOURCE, "depth " + depth()));
 * }</pre>
 */
public interface HealthCheck {

  /** Returns the check's name, unique within a monitor, such as {@code payments-api}. */
  String name();

  /** Runs the check once. */
  HealthResult check() throws Exception;

  /** Returns a check named {@code name} that runs {@code check}. */
  static HealthCheck of(String name, Probe check) {
    java.util.Objects.requireNonNull(name, "name");
    java.util.Objects.requireNonNull(check, "check");
    return new HealthCheck() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public HealthResult check() throws Exception {
        return check.check();
      }

      @Override
      public String toString() {
        return "HealthCheck{" + name + "}";
      }
    };
  }

  /** The body of a check written as a lambda. */
  @FunctionalInterface
  interface Probe {
    /** Runs the check once. */
    HealthResult check() throws Exception;
  }
}
