package dev.vigil.benchmarks;

import dev.vigil.Monitor;
import dev.vigil.metrics.SeriesDistribution;
import dev.vigil.metrics.SeriesKey;
import dev.vigil.metrics.WindowStats;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.distribution.ValueAtPercentile;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * The cost of one recorded sample in a sliding-window distribution, in nanoseconds: Vigil next to
 * what a user would otherwise pick for a sliding-window percentile, with one thread and with two
 * threads writing the same series (a hot endpoint; methods ending in {@code 2t}).
 *
 * <ul>
 *   <li>{@code vigilHandle}: {@link SeriesDistribution#record(double)} on a handle from {@code
 *       monitor.distribution(name, tags)}; {@code vigilByName}: {@code monitor.record(name, value,
 *       tags)}. Both write Vigil's windows (fine and coarse buckets, the last 1,024 values) and the
 *       plain {@link DistributionSummary} Vigil registers for the series.
 *   <li>{@code micrometerPercentiles}: a {@link DistributionSummary} with {@code
 *       publishPercentiles(0.95, 0.99)}, Micrometer's time-windowed HdrHistogram (its defaults:
 *       2 minutes' expiry, 3 buffers).
 *   <li>{@code micrometerHistogram}: a {@link DistributionSummary} with {@code
 *       publishPercentileHistogram()} (fixed buckets, time-windowed).
 *   <li>{@code micrometerPlain}: a plain {@link DistributionSummary}, the floor: it is also
 *       Vigil's Micrometer side, so {@code vigilHandle - micrometerPlain} is what Vigil's windows
 *       add.
 * </ul>
 *
 * <p>Every side uses a {@link SimpleMeterRegistry} (cumulative) and the system clock. Values are
 * latencies in milliseconds from a fixed log-normal distribution (median 20, p99 about 80), 4,096
 * of them cycled through by each thread from its own offset.
 *
 * <p>The check: after the run, the side measured counted exactly the calls made (Vigil in its
 * Micrometer summary, in a 24-hour window and in its kept values), the other sides counted
 * nothing, and Micrometer's percentiles, when published, are in the range of the values.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@Threads(1)
@State(Scope.Benchmark)
public class WindowBenchmark {

  private static final String NAME = "http.latency";
  private static final String[] TAGS = {"route", "/orders"};
  private static final int MASK = 4095;
  private static final double[] VALUES = latencies(MASK + 1);

  private MeterRegistry micrometerRegistry;
  private DistributionSummary plain;
  private DistributionSummary percentiles;
  private DistributionSummary histogram;
  private Monitor monitor;
  private SeriesDistribution vigilHandle;
  private String benchmark;
  private final List<Calls> threads = new ArrayList<>();

  /** Log-normal latencies in milliseconds: median 20, sigma 0.6; a fixed seed. */
  static double[] latencies(int n) {
    SplittableRandom random = new SplittableRandom(42);
    double[] out = new double[n];
    for (int i = 0; i < n; i++) {
      // Box-Muller; 1 - nextDouble() is in (0, 1], so the log is finite
      double g = Math.sqrt(-2 * Math.log(1 - random.nextDouble()))
          * Math.cos(2 * Math.PI * random.nextDouble());
      out[i] = 20 * Math.exp(0.6 * g);
    }
    return out;
  }

  /** One thread's position in the values and its number of calls. */
  @State(Scope.Thread)
  public static class Calls {

    long count;
    private int offset;

    /** Registers this thread's counter with the benchmark and picks its starting offset. */
    @Setup(Level.Trial)
    public void register(WindowBenchmark bench) {
      synchronized (bench.threads) {
        offset = bench.threads.size() * 1021; // threads do not record in lock step
        bench.threads.add(this);
      }
    }

    /** Returns the next value and counts the call. */
    double next() {
      return VALUES[(int) (offset + count++) & MASK];
    }
  }

  /** Creates the registries, the meters and Vigil's handle. */
  @Setup(Level.Trial)
  public void setup(BenchmarkParams params) {
    String b = params.getBenchmark();
    benchmark = b.substring(b.lastIndexOf('.') + 1);
    micrometerRegistry = new SimpleMeterRegistry();
    plain = DistributionSummary.builder(NAME + ".plain").tags(TAGS).register(micrometerRegistry);
    percentiles = DistributionSummary.builder(NAME + ".percentiles").tags(TAGS)
        .publishPercentiles(0.95, 0.99).register(micrometerRegistry);
    histogram = DistributionSummary.builder(NAME + ".histogram").tags(TAGS)
        .publishPercentileHistogram().register(micrometerRegistry);
    monitor = Monitor.builder().name("window-bench").meterRegistry(new SimpleMeterRegistry())
        .build();
    vigilHandle = monitor.distribution(NAME, TAGS);
  }

  /** Vigil, through a pre-resolved handle. */
  @Benchmark
  public void vigilHandle(Calls c) {
    vigilHandle.record(c.next());
  }

  /** Vigil, by name and tags. */
  @Benchmark
  public void vigilByName(Calls c) {
    monitor.record(NAME, c.next(), "route", "/orders");
  }

  /** Micrometer with client-side percentiles (time-windowed HdrHistogram). */
  @Benchmark
  public void micrometerPercentiles(Calls c) {
    percentiles.record(c.next());
  }

  /** Micrometer with a percentile histogram (fixed buckets). */
  @Benchmark
  public void micrometerHistogram(Calls c) {
    histogram.record(c.next());
  }

  /** Micrometer with neither: count, total and max only. */
  @Benchmark
  public void micrometerPlain(Calls c) {
    plain.record(c.next());
  }

  /** {@link #vigilHandle}, two threads. */
  @Benchmark
  @Threads(2)
  public void vigilHandle2t(Calls c) {
    vigilHandle.record(c.next());
  }

  /** {@link #vigilByName}, two threads. */
  @Benchmark
  @Threads(2)
  public void vigilByName2t(Calls c) {
    monitor.record(NAME, c.next(), "route", "/orders");
  }

  /** {@link #micrometerPercentiles}, two threads. */
  @Benchmark
  @Threads(2)
  public void micrometerPercentiles2t(Calls c) {
    percentiles.record(c.next());
  }

  /** {@link #micrometerHistogram}, two threads. */
  @Benchmark
  @Threads(2)
  public void micrometerHistogram2t(Calls c) {
    histogram.record(c.next());
  }

  /** {@link #micrometerPlain}, two threads. */
  @Benchmark
  @Threads(2)
  public void micrometerPlain2t(Calls c) {
    plain.record(c.next());
  }

  /**
   * Checks that the side measured counted every call and the others none. JMH runs trial
   * tear-downs after every thread has left the measurement (a latch), so the threads' plain
   * counters are visible here.
   */
  @TearDown(Level.Trial)
  public void check() {
    long calls;
    synchronized (threads) {
      calls = threads.stream().mapToLong(t -> t.count).sum();
    }
    SeriesKey key = SeriesKey.of(NAME, TAGS);
    WindowStats window = monitor.series().window(key, Duration.ofHours(24));
    WindowStats kept = monitor.series().lastSamples(key, 1024);
    double vigilMeter = monitor.meterRegistry().get(NAME).tags(TAGS).summary().count();
    monitor.close();
    boolean vigil = benchmark.startsWith("vigil");
    List<String> problems = new ArrayList<>();
    expect(problems, "Vigil's summary", vigilMeter, vigil ? calls : 0);
    expect(problems, "Vigil's 24-hour window", window.count(), vigil ? calls : 0);
    expect(problems, "Vigil's kept values", kept.sampleCount(),
        vigil ? Math.min(calls, 1024) : 0);
    expect(problems, "the plain summary", plain.count(),
        benchmark.startsWith("micrometerPlain") ? calls : 0);
    expect(problems, "the summary with percentiles", percentiles.count(),
        benchmark.startsWith("micrometerPercentiles") ? calls : 0);
    expect(problems, "the summary with a histogram", histogram.count(),
        benchmark.startsWith("micrometerHistogram") ? calls : 0);
    if (benchmark.startsWith("micrometerPercentiles")) {
      for (ValueAtPercentile p : percentiles.takeSnapshot().percentileValues()) {
        // HdrHistogram's buckets may round a value up a little past the largest one
        if (!(p.value() > 0 && p.value() <= 1.1 * max(VALUES))) {
          problems.add("p" + p.percentile() + " is " + p.value());
        }
      }
    }
    micrometerRegistry.close();
    if (!problems.isEmpty()) {
      throw new IllegalStateException(benchmark + " made " + calls + " calls, but "
          + String.join("; ", problems));
    }
  }

  private static void expect(List<String> problems, String what, double actual, long expected) {
    if (actual != expected) {
      problems.add(what + " counted " + (long) actual + " instead of " + expected);
    }
  }

  private static double max(double[] values) {
    double m = Double.NEGATIVE_INFINITY;
    for (double v : values) {
      m = Math.max(m, v);
    }
    return m;
  }
}
