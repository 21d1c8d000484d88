package dev.vigil.health.check;

import static java.util.Objects.requireNonNull;

import dev.vigil.health.FailureKind;
import dev.vigil.health.HealthCheck;
import dev.vigil.health.HealthResult;
import java.lang.management.ManagementFactory;
import java.util.function.IntSupplier;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * Checks how much of a pool (connections, threads) is in use: DEGRADED {@code RESOURCE} at or
 * above {@code degradedAtPercent} of its maximum (80 by default, after seed 004: active
 * connections below 80 % of the pool), DOWN {@code RESOURCE} when all of it is in use, UNKNOWN
 * when the numbers cannot be read.
 *
 * <pre>{@code
 * HealthCheck pool = PoolSaturationCheck.builder("worker-pool")
 *     .active(executor::getActiveCount)
 *     .max(executor::getMaximumPoolSize)
 *     .degradedAtPercent(80)
 *     .build();
 *
 * // HikariCP with registerMbeans=true, read through JMX, without a Hikari dependency:
 * HealthCheck hikari = PoolSaturationCheck.hikari("orders-db-pool", "orders").build();
 * }</pre>
 *
 * <p>Immutable and thread-safe as far as the suppliers are; they are called once per run.
 */
public final class PoolSaturationCheck implements HealthCheck {

  private final String name;
  private final IntSupplier active;
  private final IntSupplier max;
  private final IntSupplier waiting;
  private final double degradedAt;
  private final String source;

  private PoolSaturationCheck(Builder b) {
    this.name = b.name;
    this.active = b.active;
    this.max = b.max;
    this.waiting = b.waiting;
    this.degradedAt = b.degradedAt;
    this.source = b.source;
  }

  /** Returns a builder for a check named {@code name}. */
  public static Builder builder(String name) {
    return new Builder(name);
  }

  /**
   * Returns a builder for a check named {@code name} reading the HikariCP pool {@code poolName}
   * from the platform MBean server: {@code ActiveConnections} and {@code
   * ThreadsAwaitingConnection} of {@code com.zaxxer.hikari:type=Pool (poolName)}, against {@code
   * MaximumPoolSize} of {@code com.zaxxer.hikari:type=PoolConfig (poolName)}. The pool must be
   * registered ({@code registerMbeans=true}); until it is, the check reports UNKNOWN.
   */
  public static Builder hikari(String name, String poolName) {
    requireNonNull(poolName, "poolName");
    MBeanServer server = ManagementFactory.getPlatformMBeanServer();
    ObjectName pool = objectName("com.zaxxer.hikari:type=Pool (" + poolName + ")");
    ObjectName config = objectName("com.zaxxer.hikari:type=PoolConfig (" + poolName + ")");
    Builder b = new Builder(name)
        .active(() -> attribute(server, pool, "ActiveConnections"))
        .max(() -> attribute(server, config, "MaximumPoolSize"))
        .waiting(() -> attribute(server, pool, "ThreadsAwaitingConnection"));
    b.source = "HikariCP pool " + poolName;
    return b;
  }

  private static ObjectName objectName(String name) {
    try {
      return new ObjectName(name);
    } catch (JMException e) {
      throw new IllegalArgumentException("poolName gives an invalid JMX name '" + name + "': "
          + e.getMessage(), e);
    }
  }

  private static int attribute(MBeanServer server, ObjectName name, String attribute) {
    try {
      return ((Number) server.getAttribute(name, attribute)).intValue();
    } catch (JMException | ClassCastException e) {
      throw new IllegalStateException("cannot read " + attribute + " of " + name + ": "
          + Checks.message(e), e);
    }
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public HealthResult check() {
    int a;
    int m;
    int w;
    try {
      a = active.getAsInt();
      m = max.getAsInt();
      w = waiting == null ? 0 : waiting.getAsInt();
    } catch (RuntimeException e) {
      return HealthResult.unknown(Checks.message(e));
    }
    if (m <= 0) {
      return HealthResult.unknown(a + " active of a maximum of " + m + ": pool size unknown");
    }
    double percent = 100.0 * a / m;
    String detail = a + " of " + m + " in use (" + Checks.percent(percent) + ")"
        + (w > 0 ? ", " + w + " waiting" : "");
    if (a >= m) {
      return HealthResult.down(FailureKind.RESOURCE, detail);
    }
    if (percent >= degradedAt) {
      return HealthResult.degraded(FailureKind.RESOURCE, detail);
    }
    return HealthResult.up(detail);
  }

  @Override
  public String toString() {
    return "PoolSaturationCheck{" + name + (source == null ? "" : ", " + source)
        + ", degraded at " + degradedAt + " %}";
  }

  /** Builds a {@link PoolSaturationCheck}; not thread-safe. */
  public static final class Builder {
    private final String name;
    private IntSupplier active;
    private IntSupplier max;
    private IntSupplier waiting;
    private double degradedAt = 80;
    private String source;

    private Builder(String name) {
      this.name = name;
    }

    /** Sets how to read the number in use; required. */
    public Builder active(IntSupplier active) {
      this.active = requireNonNull(active, "active");
      return this;
    }

    /** Sets how to read the pool's maximum size; required. */
    public Builder max(IntSupplier max) {
      this.max = requireNonNull(max, "max");
      return this;
    }

    /** Sets how to read the number waiting for the pool, shown in the detail; optional. */
    public Builder waiting(IntSupplier waiting) {
      this.waiting = requireNonNull(waiting, "waiting");
      return this;
    }

    /** Reports DEGRADED at or above this percentage in use; 80 by default (seed 004). */
    public Builder degradedAtPercent(double percent) {
      this.degradedAt = percent;
      return this;
    }

    /**
     * Builds the check.
     *
     * @throws IllegalArgumentException listing every invalid setting
     */
    public PoolSaturationCheck build() {
      Checks.Problems p = new Checks.Problems();
      p.name(name);
      p.check(active != null, "active is required");
      p.check(max != null, "max is required");
      p.percent("degradedAtPercent", degradedAt);
      p.throwIfAny("PoolSaturationCheck", name);
      return new PoolSaturationCheck(this);
    }
  }
}
