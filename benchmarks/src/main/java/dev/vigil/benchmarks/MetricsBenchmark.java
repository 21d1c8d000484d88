package dev.vigil.benchmarks;

import dev.vigil.Monitor;
import dev.vigil.metrics.SeriesCounter;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
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

/**
 * {@code Monitor.increment} next to a bare Micrometer counter, in nanoseconds per increment:
 * pre-resolved handles ({@code monitor.counter(...)} against {@code Counter.increment()}) and
 * name-and-tags calls ({@code monitor.increment(name, tags)} against
 * {@code registry.counter(name, tags).increment()}). Vigil's side also feeds the sliding windows
 * alert rules read. Both use a {@link SimpleMeterRegistry}. The check: after the run, Vigil's
 * counts in Micrometer and in its windows agree with the number of calls.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@Threads(1)
@State(Scope.Benchmark)
public class MetricsBenchmark {

  private MeterRegistry micrometerRegistry;
  private Counter micrometerCounter;
  private Monitor monitor;
  private SeriesCounter vigilCounter;
  private long vigilCalls;

  /** Creates both registries and resolves the handles. */
  @Setup(Level.Trial)
  public void setup() {
    micrometerRegistry = new SimpleMeterRegistry();
    micrometerCounter = micrometerRegistry.counter("upload.failure", "platform", "tiktok");
    monitor = Monitor.builder().name("metrics-bench").meterRegistry(new SimpleMeterRegistry())
        .build();
    vigilCounter = monitor.counter("upload.failure", "platform", "tiktok");
  }

  /** A pre-resolved Micrometer counter. */
  @Benchmark
  public void micrometerCounter() {
    micrometerCounter.increment();
  }

  /** A pre-resolved Vigil counter handle (Micrometer and windows). */
  @Benchmark
  public void vigilCounter() {
    vigilCounter.increment();
    vigilCalls++;
  }

  /** Micrometer looked up by name and tags on every call. */
  @Benchmark
  public void micrometerByName() {
    micrometerRegistry.counter("upload.failure", "platform", "tiktok").increment();
  }

  /** Vigil by name and tags on every call. */
  @Benchmark
  public void vigilByName() {
    monitor.increment("upload.failure", "platform", "tiktok");
    vigilCalls++;
  }

  /** Checks that Vigil counted every call, in Micrometer and in the windows. */
  @TearDown(Level.Trial)
  public void check() {
    double micrometer = monitor.meterRegistry().get("upload.failure").tag("platform", "tiktok")
        .functionCounter().count();
    double windowed = vigilCounter.count();
    monitor.close();
    if (micrometer != vigilCalls || windowed != vigilCalls) {
      throw new IllegalStateException("Vigil counted " + micrometer + " in Micrometer and "
          + windowed + " in its series for " + vigilCalls + " calls");
    }
  }
}
