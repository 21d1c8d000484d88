package dev.vigil.benchmarks;

import dev.vigil.LogLevel;
import dev.vigil.Monitor;
import dev.vigil.MonitorEvent;
import dev.vigil.Severity;
import dev.vigil.VigilMeters;
import dev.vigil.classifier.RuleClassifier;
import dev.vigil.store.EventGroup;
import dev.vigil.store.EventQuery;
import dev.vigil.store.EventStats;
import dev.vigil.store.EventStore;
import dev.vigil.store.Page;
import io.micrometer.core.instrument.FunctionCounter;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Events per second through the whole pipeline into the in-memory store: capture on the benchmark
 * thread, then on the pipeline thread classification with the default rule pack, the
 * {@code vigil.events} meters, and for stored events redaction, fingerprinting and the store with
 * its groups. Each invocation captures {@value #BATCH} corpus lines and waits until the pipeline
 * has classified all of them.
 *
 * <p>{@code path=log}: structured events ({@code Monitor.log} at INFO; rules may raise them);
 * {@code path=ingest}: raw lines of another service ({@code Monitor.ingest}, level inferred).
 * {@code stored=all} stores every event (store threshold INFO: the worst case);
 * {@code stored=warn} is the default threshold. The check: nothing is dropped, every event is
 * classified exactly once, and with {@code stored=all} every one is appended.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@OperationsPerInvocation(PipelineBenchmark.BATCH)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@Threads(1)
@State(Scope.Benchmark)
public class PipelineBenchmark {

  static final int BATCH = 8_192;

  /** Which capture path the events take. */
  @Param({"log", "ingest"})
  public String path;

  /**
   * Which events are stored: {@code all} (store threshold INFO: every event is redacted,
   * fingerprinted and stored, the worst case) or {@code warn} (the default threshold: events the
   * classifier leaves below WARN are classified and counted only).
   */
  @Param({"all", "warn"})
  public String stored;

  private String[] lines;
  private CountingStore store;
  private Monitor monitor;
  private long captured;
  private int next;

  /** Builds the monitor with the default rule pack and a counting in-memory store. */
  @Setup(Level.Trial)
  public void setup() {
    lines = BenchmarkInput.lines();
    store = new CountingStore(EventStore.inMemory(100_000));
    monitor = Monitor.builder().name("pipeline-bench").classifier(RuleClassifier.withDefaults())
        .eventStore(store).storeThreshold(stored.equals("all") ? Severity.INFO : Severity.WARN)
        .queueCapacity(2 * BATCH).build();

  }

  /** Captures a batch and waits until the pipeline has stored it. */
  @Benchmark
  public void pipeline() {
    boolean ingest = path.equals("ingest");
    for (int i = 0; i < BATCH; i++) {
      String line = lines[next];
      next = next + 1 == lines.length ? 0 : next + 1;
      if (!(ingest ? monitor.ingest("svc", line) : monitor.log(LogLevel.INFO, line))) {
        throw new IllegalStateException("dropped an event: the queue was full");
      }
    }
    captured += BATCH;
    while (processed() < captured) {
      LockSupport.parkNanos(20_000);
    }
  }

  /** Returns how many events the pipeline has classified: the sum of {@code vigil.events}. */
  private long processed() {
    double sum = 0;
    for (FunctionCounter c : monitor.meterRegistry().find(VigilMeters.EVENTS).functionCounters()) {
      sum += c.count();
    }
    return (long) sum;
  }

  /** Checks the accounting. */
  @TearDown(Level.Trial)
  public void check() {
    long classified = processed();
    monitor.close();
    System.out.printf(Locale.ROOT, "%n%s/%s: %,d captured, %,d classified, %,d stored, %,d groups%n",
        path, stored, captured, classified, store.appended.get(), store.groupCount());
    if (classified != captured || stored.equals("all") && store.appended.get() != captured) {
      throw new IllegalStateException("captured " + captured + " but classified " + classified
          + " and stored " + store.appended.get());
    }
  }

  /** Counts appended events on the way into the in-memory store. */
  static final class CountingStore implements EventStore {
    final EventStore delegate;
    final AtomicLong appended = new AtomicLong();

    CountingStore(EventStore delegate) {
      this.delegate = delegate;
    }

    @Override
    public void append(List<MonitorEvent> events) {
      delegate.append(events);
      appended.addAndGet(events.size());
    }

    @Override
    public Page<MonitorEvent> find(EventQuery query) {
      return delegate.find(query);
    }

    @Override
    public Page<EventGroup> groups(EventQuery query) {
      return delegate.groups(query);
    }

    @Override
    public EventStats stats(Instant from, Instant to, int topGroups) {
      return delegate.stats(from, to, topGroups);
    }

    @Override
    public long deleteBefore(Instant cutoff) {
      return delegate.deleteBefore(cutoff);
    }

    @Override
    public long size() {
      return delegate.size();
    }

    @Override
    public long groupCount() {
      return delegate.groupCount();
    }
  }
}
