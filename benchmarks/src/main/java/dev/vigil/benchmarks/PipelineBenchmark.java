package dev.vigil.benchmarks;

import dev.vigil.LogLevel;
import dev.vigil.Monitor;
import dev.vigil.MonitorEvent;
import dev.vigil.Severity;
import dev.vigil.classifier.RuleClassifier;
import dev.vigil.store.EventGroup;
import dev.vigil.store.EventQuery;
import dev.vigil.store.EventStats;
import dev.vigil.store.EventStore;
import dev.vigil.store.Page;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
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
 * thread, then on the pipeline thread classification with the default rule pack, redaction,
 * fingerprinting, the store with its groups, and the {@code vigil.events} meters. Each invocation
 * captures {@value #BATCH} corpus lines and waits until the store has appended all of them.
 *
 * <p>{@code path=log}: structured events ({@code Monitor.log} at ERROR, so every one is stored);
 * {@code path=ingest}: raw lines of another service ({@code Monitor.ingest}, level inferred; the
 * store threshold is INFO so every line is stored). The check: nothing is dropped, and every line
 * captured is appended exactly once.
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
        .eventStore(store).storeThreshold(Severity.INFO).queueCapacity(2 * BATCH).build();
  }

  /** Captures a batch and waits until the pipeline has stored it. */
  @Benchmark
  public void pipeline() {
    boolean ingest = path.equals("ingest");
    for (int i = 0; i < BATCH; i++) {
      String line = lines[next];
      next = next + 1 == lines.length ? 0 : next + 1;
      if (!(ingest ? monitor.ingest("svc", line) : monitor.log(LogLevel.ERROR, line))) {
        throw new IllegalStateException("dropped an event: the queue was full");
      }
    }
    captured += BATCH;
    while (store.appended.get() < captured) {
      Thread.onSpinWait();
    }
  }

  /** Checks the accounting. */
  @TearDown(Level.Trial)
  public void check() {
    monitor.close();
    System.out.printf(Locale.ROOT, "%n%s: %,d captured, %,d stored, %,d groups%n", path, captured,
        store.appended.get(), store.groupCount());
    if (store.appended.get() != captured) {
      throw new IllegalStateException("captured " + captured + " but stored "
          + store.appended.get());
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
