package dev.vigil.health.check;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.health.FailureKind;
import dev.vigil.health.HealthResult;
import dev.vigil.health.HealthStatus;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** MemoryCheck, DiskSpaceCheck and PoolSaturationCheck, on real and on given readings. */
public class ResourceChecksTest {

  private static final long MB = 1L << 20;

  @TempDir
  Path dir;

  @Test
  void memoryRealReadingsForcedToEachStatus() {
    HealthResult up = MemoryCheck.builder("mem").heapDegradedAbovePercent(100)
        .heapDownAbovePercent(100).systemDownBelowBytes(0).build().check();
    assertThat(up.status()).as(up.detail()).isEqualTo(HealthStatus.UP);
    assertThat(up.detail()).matches("heap .* of .* \\(\\d+\\.\\d %\\), system available .*");

    HealthResult degraded = MemoryCheck.builder("mem").heapDegradedAbovePercent(0)
        .heapDownAbovePercent(100).systemDownBelowBytes(0).build().check();
    assertThat(degraded.status()).isEqualTo(HealthStatus.DEGRADED);
    assertThat(degraded.failure()).isEqualTo(FailureKind.RESOURCE);

    HealthResult heapDown = MemoryCheck.builder("mem").heapDegradedAbovePercent(0)
        .heapDownAbovePercent(0).build().check();
    assertThat(heapDown.status()).isEqualTo(HealthStatus.DOWN);

    HealthResult systemDown = MemoryCheck.builder("mem").heapDegradedAbovePercent(100)
        .heapDownAbovePercent(100).systemDownBelowBytes(Long.MAX_VALUE).build().check();
    assertThat(systemDown.status()).isEqualTo(HealthStatus.DOWN);
    assertThat(systemDown.failure()).isEqualTo(FailureKind.RESOURCE);
  }

  @Test
  void memorySeed002BelowHundredMegabytesIsDown() {
    MemoryCheck check = MemoryCheck.builder("mem").systemDegradedBelowBytes(500 * MB).build();
    assertThat(check.evaluate(new MemoryCheck.Snapshot(100 * MB, 1000 * MB, 99 * MB, 8192 * MB)))
        .isEqualTo(HealthResult.down(FailureKind.RESOURCE, "heap 100 MB of 1000 MB (10.0 %),"
            + " system available 99.0 MB of 8.0 GB"));
    assertThat(check.evaluate(new MemoryCheck.Snapshot(100 * MB, 1000 * MB, 400 * MB, -1))
        .status()).isEqualTo(HealthStatus.DEGRADED);
    assertThat(check.evaluate(new MemoryCheck.Snapshot(100 * MB, 1000 * MB, 600 * MB, -1))
        .status()).isEqualTo(HealthStatus.UP);
    assertThat(check.evaluate(new MemoryCheck.Snapshot(950 * MB, 1000 * MB, 600 * MB, -1))
        .status()).isEqualTo(HealthStatus.DEGRADED);
    assertThat(check.evaluate(new MemoryCheck.Snapshot(990 * MB, 1000 * MB, 600 * MB, -1))
        .status()).isEqualTo(HealthStatus.DOWN);
    HealthResult unknown = check.evaluate(new MemoryCheck.Snapshot(100 * MB, 1000 * MB, -1, -1));
    assertThat(unknown.status()).isEqualTo(HealthStatus.UNKNOWN);
    assertThat(unknown.detail()).endsWith("system available unknown");
  }

  @Test
  void memAvailableFromProcMeminfo() throws Exception {
    Path meminfo = dir.resolve("meminfo");
    Files.writeString(meminfo, "MemTotal:       16318480 kB\nMemFree:          512000 kB\n"
        + "MemAvailable:    8000000 kB\n");
    assertThat(MemoryCheck.memAvailable(meminfo)).isEqualTo(8_000_000L * 1024);
    assertThat(MemoryCheck.memAvailable(dir.resolve("absent"))).isEqualTo(-1);
  }

  @Test
  void memoryBuilderReportsEveryProblem() {
    assertThatThrownBy(() -> MemoryCheck.builder("mem").heapDegradedAbovePercent(120)
        .heapDownAbovePercent(50).systemDownBelowBytes(-1).build())
        .hasMessage("invalid MemoryCheck 'mem': heapDegradedAbovePercent must be a percentage"
            + " from 0 to 100 but was 120.0; heapDegradedAbovePercent (120.0) must not exceed"
            + " heapDownAbovePercent (50.0); systemDownBelowBytes must not be negative but was -1");
  }

  @Test
  void diskRealStoreForcedToEachStatus() {
    DiskSpaceCheck.Builder b = DiskSpaceCheck.builder("disk").path(dir).degradedBelowPercent(0)
        .downBelowPercent(0);
    HealthResult up = b.build().check();
    assertThat(up.status()).as(up.detail()).isEqualTo(HealthStatus.UP);
    assertThat(up.detail()).matches(".* of .* usable \\(\\d+\\.\\d %\\) at " + 
        java.util.regex.Pattern.quote(dir.toString()));
    assertThat(b.degradedBelowBytes(Long.MAX_VALUE).build().check().status())
        .isEqualTo(HealthStatus.DEGRADED);
    HealthResult down = b.downBelowPercent(100).degradedBelowPercent(100).build().check();
    assertThat(down.status()).isEqualTo(HealthStatus.DOWN);
    assertThat(down.failure()).isEqualTo(FailureKind.RESOURCE);
  }

  @Test
  void diskThresholds() {
    DiskSpaceCheck check = DiskSpaceCheck.builder("disk").path(dir).downBelowBytes(1024 * MB)
        .build();
    long total = 100_000 * MB;
    assertThat(check.evaluate(20_000 * MB, total).status()).isEqualTo(HealthStatus.UP);
    assertThat(check.evaluate(9_000 * MB, total).status()).isEqualTo(HealthStatus.DEGRADED);
    assertThat(check.evaluate(4_000 * MB, total).status()).isEqualTo(HealthStatus.DOWN);
    assertThat(check.evaluate(1000 * MB, 2000 * MB).detail()).startsWith("1000 MB of 2.0 GB"
        + " usable (50.0 %)");
    assertThat(check.evaluate(1000 * MB, 2000 * MB).status()).isEqualTo(HealthStatus.DOWN);
  }

  @Test
  void diskMissingPathIsError() {
    HealthResult r = DiskSpaceCheck.builder("disk").path(dir.resolve("nope")).build().check();
    assertThat(r.failure()).isEqualTo(FailureKind.ERROR);
    assertThat(r.detail()).startsWith("no such path ");
  }

  @Test
  void diskBuilderReportsEveryProblem() {
    assertThatThrownBy(() -> DiskSpaceCheck.builder("disk").downBelowPercent(20)
        .degradedBelowBytes(-5).build())
        .hasMessage("invalid DiskSpaceCheck 'disk': path is required; degradedBelowBytes must not"
            + " be negative but was -5; degradedBelowPercent (10.0) must be at least"
            + " downBelowPercent (20.0) when set");
  }

  @Test
  void poolSeed004() {
    AtomicInteger active = new AtomicInteger();
    PoolSaturationCheck check = PoolSaturationCheck.builder("pool").active(active::get)
        .max(() -> 10).build();
    active.set(7);
    assertThat(check.check()).isEqualTo(HealthResult.up("7 of 10 in use (70.0 %)"));
    active.set(8);
    assertThat(check.check()).isEqualTo(
        HealthResult.degraded(FailureKind.RESOURCE, "8 of 10 in use (80.0 %)"));
    active.set(10);
    assertThat(check.check().status()).isEqualTo(HealthStatus.DOWN);
    assertThat(PoolSaturationCheck.builder("pool").active(() -> 1).max(() -> 0).build().check()
        .status()).isEqualTo(HealthStatus.UNKNOWN);
    assertThatThrownBy(() -> PoolSaturationCheck.builder("pool").degradedAtPercent(-1).build())
        .hasMessage("invalid PoolSaturationCheck 'pool': active is required; max is required;"
            + " degradedAtPercent must be a percentage from 0 to 100 but was -1.0");
  }

  /** The attributes of HikariCP's pool MXBean that the check reads. */
  public interface FakeHikariPoolMXBean {
    /** Connections in use. */
    int getActiveConnections();

    /** Threads waiting. */
    int getThreadsAwaitingConnection();
  }

  /** The attribute of HikariCP's config MXBean that the check reads. */
  public interface FakeHikariConfigMXBean {
    /** The maximum size. */
    int getMaximumPoolSize();
  }

  @Test
  void hikariThroughJmx() throws Exception {
    PoolSaturationCheck check = PoolSaturationCheck.hikari("db-pool", "orders").build();
    assertThat(check.check().status()).isEqualTo(HealthStatus.UNKNOWN);

    MBeanServer server = ManagementFactory.getPlatformMBeanServer();
    ObjectName pool = new ObjectName("com.zaxxer.hikari:type=Pool (orders)");
    ObjectName config = new ObjectName("com.zaxxer.hikari:type=PoolConfig (orders)");
    AtomicInteger active = new AtomicInteger(9);
    server.registerMBean(new FakeHikariPoolMXBean() {
      @Override
      public int getActiveConnections() {
        return active.get();
      }

      @Override
      public int getThreadsAwaitingConnection() {
        return 2;
      }
    }, pool);
    server.registerMBean((FakeHikariConfigMXBean) () -> 10, config);
    try {
      assertThat(check.check()).isEqualTo(
          HealthResult.degraded(FailureKind.RESOURCE, "9 of 10 in use (90.0 %), 2 waiting"));
      active.set(3);
      assertThat(check.check().status()).isEqualTo(HealthStatus.UP);
      assertThat(check.toString()).contains("HikariCP pool orders");
    } finally {
      server.unregisterMBean(pool);
      server.unregisterMBean(config);
    }
  }
}
