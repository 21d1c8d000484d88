package dev.vigil.health.check;

import static java.util.Objects.requireNonNull;

import dev.vigil.health.FailureKind;
import dev.vigil.health.HealthCheck;
import dev.vigil.health.HealthResult;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.lang.management.OperatingSystemMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;

/**
 * Checks memory: the JVM heap (used against its maximum) and the memory the system still has
 * available. Either short is kind {@code RESOURCE}.
 *
 * <pre>{@code
 * HealthCheck memory = MemoryCheck.builder("memory")
 *     .heapDegradedAbovePercent(90).heapDownAbovePercent(98)
 *     .systemDownBelowBytes(100L << 20)      // seed 002: below 100 MB available is a failure
 *     .build();
 * }</pre>
 *
 * <p>Heap: DEGRADED above {@code heapDegradedAbovePercent} (90 by default), DOWN above {@code
 * heapDownAbovePercent} (98); "used" includes garbage not yet collected, so keep the limits high
 * or expect a DEGRADED now and then before a collection. The maximum is {@code -Xmx}, or the
 * committed size when there is none.
 *
 * <p>System: DEGRADED below {@code systemDegradedBelowBytes} (off by default), DOWN below {@code
 * systemDownBelowBytes} (100 MiB by default, after seed 002). "Available" is {@code MemAvailable}
 * of {@code /proc/meminfo} on Linux (free memory plus caches the kernel can drop), otherwise the
 * free memory of {@code com.sun.management.OperatingSystemMXBean}. When neither can be read and
 * a system limit is set, the result is UNKNOWN.
 *
 * <p>Immutable and thread-safe.
 */
public final class MemoryCheck implements HealthCheck {

  /** One reading; a negative value means unknown. */
  static final class Snapshot {
    final long heapUsed;
    final long heapMax;
    final long systemAvailable;
    final long systemTotal;

    Snapshot(long heapUsed, long heapMax, long systemAvailable, long systemTotal) {
      this.heapUsed = heapUsed;
      this.heapMax = heapMax;
      this.systemAvailable = systemAvailable;
      this.systemTotal = systemTotal;
    }
  }

  private final String name;
  private final double heapDegradedAbove;
  private final double heapDownAbove;
  private final long systemDegradedBelow;
  private final long systemDownBelow;
  private final Supplier<Snapshot> readings;

  private MemoryCheck(Builder b) {
    this.name = b.name;
    this.heapDegradedAbove = b.heapDegradedAbove;
    this.heapDownAbove = b.heapDownAbove;
    this.systemDegradedBelow = b.systemDegradedBelow;
    this.systemDownBelow = b.systemDownBelow;
    this.readings = b.readings;
  }

  /** Returns a builder for a check named {@code name}. */
  public static Builder builder(String name) {
    return new Builder(name);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public HealthResult check() {
    return evaluate(readings.get());
  }

  /** Judges one reading. */
  HealthResult evaluate(Snapshot s) {
    double heapPercent = 100.0 * s.heapUsed / s.heapMax;
    String heap = "heap " + Checks.bytes(s.heapUsed) + " of " + Checks.bytes(s.heapMax) + " ("
        + Checks.percent(heapPercent) + ")";
    boolean systemKnown = s.systemAvailable >= 0;
    String system = !systemKnown ? "system available unknown"
        : "system available " + Checks.bytes(s.systemAvailable)
            + (s.systemTotal > 0 ? " of " + Checks.bytes(s.systemTotal) : "");
    String detail = heap + ", " + system;
    if (heapPercent > heapDownAbove
        || systemKnown && s.systemAvailable < systemDownBelow) {
      return HealthResult.down(FailureKind.RESOURCE, detail);
    }
    if (!systemKnown && (systemDownBelow > 0 || systemDegradedBelow > 0)) {
      return HealthResult.unknown(detail);
    }
    if (heapPercent > heapDegradedAbove
        || systemKnown && s.systemAvailable < systemDegradedBelow) {
      return HealthResult.degraded(FailureKind.RESOURCE, detail);
    }
    return HealthResult.up(detail);
  }

  /** Reads the heap and system memory of this JVM and machine. */
  static Snapshot read() {
    MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
    long max = heap.getMax() > 0 ? heap.getMax() : heap.getCommitted();
    long available = -1;
    long total = -1;
    OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
    if (os instanceof com.sun.management.OperatingSystemMXBean) {
      com.sun.management.OperatingSystemMXBean sun = (com.sun.management.OperatingSystemMXBean) os;
      available = sun.getFreeMemorySize();
      total = sun.getTotalMemorySize();
    }
    long memAvailable = memAvailable(Path.of("/proc/meminfo"));
    if (memAvailable >= 0) {
      available = memAvailable;
    }
    return new Snapshot(heap.getUsed(), max, available, total);
  }

  /** Returns {@code MemAvailable} of a {@code /proc/meminfo} file in bytes, or -1. */
  static long memAvailable(Path meminfo) {
    try {
      List<String> lines = Files.readAllLines(meminfo, StandardCharsets.US_ASCII);
      for (String line : lines) {
        if (line.startsWith("MemAvailable:")) {
          String[] parts = line.substring("MemAvailable:".length()).trim().split("\\s+");
          long value = Long.parseLong(parts[0]);
          return parts.length > 1 && parts[1].equalsIgnoreCase("kB") ? value * 1024 : value;
        }
      }
    } catch (IOException | RuntimeException e) {
      // Not Linux, or an unexpected format: fall back to the MXBean.
    }
    return -1;
  }

  @Override
  public String toString() {
    return "MemoryCheck{" + name + ", heap degraded above " + heapDegradedAbove + " %, down above "
        + heapDownAbove + " %, system degraded below " + Checks.bytes(systemDegradedBelow)
        + ", down below " + Checks.bytes(systemDownBelow) + "}";
  }

  /** Builds a {@link MemoryCheck}; not thread-safe. */
  public static final class Builder {
    private final String name;
    private double heapDegradedAbove = 90;
    private double heapDownAbove = 98;
    private long systemDegradedBelow;
    private long systemDownBelow = 100L << 20;
    private Supplier<Snapshot> readings = MemoryCheck::read;

    private Builder(String name) {
      this.name = name;
    }

    /** Reports DEGRADED when more of the maximum heap is used; 90 by default, 100 for never. */
    public Builder heapDegradedAbovePercent(double percent) {
      this.heapDegradedAbove = percent;
      return this;
    }

    /** Reports DOWN when more of the maximum heap is used; 98 by default, 100 for never. */
    public Builder heapDownAbovePercent(double percent) {
      this.heapDownAbove = percent;
      return this;
    }

    /** Reports DEGRADED when the system has less memory available; 0 (off) by default. */
    public Builder systemDegradedBelowBytes(long bytes) {
      this.systemDegradedBelow = bytes;
      return this;
    }

    /** Reports DOWN when the system has less memory available; 100 MiB by default, 0 for off. */
    public Builder systemDownBelowBytes(long bytes) {
      this.systemDownBelow = bytes;
      return this;
    }

    /** Replaces the readings, for tests. */
    Builder readings(Supplier<Snapshot> readings) {
      this.readings = requireNonNull(readings, "readings");
      return this;
    }

    /**
     * Builds the check.
     *
     * @throws IllegalArgumentException listing every invalid setting
     */
    public MemoryCheck build() {
      Checks.Problems p = new Checks.Problems();
      p.name(name);
      p.percent("heapDegradedAbovePercent", heapDegradedAbove);
      p.percent("heapDownAbovePercent", heapDownAbove);
      p.check(heapDegradedAbove <= heapDownAbove, "heapDegradedAbovePercent (" + heapDegradedAbove
          + ") must not exceed heapDownAbovePercent (" + heapDownAbove + ")");
      p.check(systemDegradedBelow >= 0,
          "systemDegradedBelowBytes must not be negative but was " + systemDegradedBelow);
      p.check(systemDownBelow >= 0,
          "systemDownBelowBytes must not be negative but was " + systemDownBelow);
      p.check(systemDegradedBelow <= 0 || systemDegradedBelow >= systemDownBelow,
          "systemDegradedBelowBytes (" + systemDegradedBelow
              + ") must be at least systemDownBelowBytes (" + systemDownBelow + ") when set");
      p.throwIfAny("MemoryCheck", name);
      return new MemoryCheck(this);
    }
  }
}
