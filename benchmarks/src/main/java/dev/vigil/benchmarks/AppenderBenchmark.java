package dev.vigil.benchmarks;

import ch.qos.logback.classic.AsyncAppender;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.AppenderBase;
import dev.vigil.Classification;
import dev.vigil.Classifier;
import dev.vigil.LogLevel;
import dev.vigil.Monitor;
import dev.vigil.Severity;
import dev.vigil.logback.VigilAppender;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What an application's logging thread pays for one {@code logger.info("…{}…{}", a, b)} call that
 * ends in Vigil's appender, next to Logback's own {@link AsyncAppender} (the alternative a user
 * would pick to keep I/O off the logging thread), in nanoseconds per call.
 *
 * <p>Both hand the event to a bounded queue and a background thread; this measures the logging
 * thread only. To measure the accepted path rather than the drop path, both background threads
 * are kept cheaper than the logging thread: AsyncAppender delivers to an appender that only
 * counts, and the monitor runs without rules and stores nothing (INFO events below its store
 * threshold). AsyncAppender is set never to block and never to discard by level, like Vigil. The
 * check: at tear-down each side reports how many events it dropped, and the run fails if more than
 * 1% were dropped (then the drop path, not the capture, was measured).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@Threads(1)
@State(Scope.Benchmark)
public class AppenderBenchmark {

  /** Which appender receives the events. */
  @Param({"vigil", "logbackAsync"})
  public String appender;

  private LoggerContext context;
  private Logger logger;
  private Monitor monitor;
  private AsyncAppender async;
  private CountingAppender delivered;
  private long calls;
  private int order;

  /** Builds a logger context with the chosen appender. */
  @Setup(Level.Trial)
  public void setup() {
    context = new LoggerContext();
    context.setMDCAdapter(new LogbackMDCAdapter());
    Appender<ILoggingEvent> target;
    if (appender.equals("vigil")) {
      monitor = Monitor.builder().name("appender-bench").classifier(NO_RULES)
          .storeThreshold(Severity.CRITICAL).build();
      VigilAppender vigil = new VigilAppender();
      vigil.setMonitor("appender-bench");
      target = vigil;
    } else {
      delivered = new CountingAppender();
      delivered.setContext(context);
      delivered.start();
      async = new AsyncAppender();
      async.setNeverBlock(true);
      async.setDiscardingThreshold(0);
      async.setQueueSize(65_536); // as Vigil's default queue
      async.addAppender(delivered);
      target = async;
    }
    target.setContext(context);
    target.start();
    logger = context.getLogger("com.acme.OrderService");
    logger.setLevel(ch.qos.logback.classic.Level.INFO);
    calls = 0;
    logger.setAdditive(false);
    logger.addAppender(target);
  }

  /** One INFO call with two arguments, formatted by the appender's side, as in production. */
  @Benchmark
  public void logInfo() {
    calls++;
    logger.info("Order {} shipped to warehouse {}", ++order, "lyon-2");
  }

  /**
   * One ERROR call with an exception of a realistic depth (a cause, 40 frames each), as a
   * failing request logs it. Vigil summarizes it on this thread (24 frames per exception, from
   * the {@code ThrowableProxy} Logback has built anyway), so that a queued event holds no
   * application object.
   */
  @Benchmark
  public void logErrorWithException() {
    calls++;
    logger.error("Order {} failed", ++order, failure);
  }

  private final Exception failure = deep(40, new IllegalStateException("Connection is not available",
      deepCause(40)));

  private static Exception deepCause(int depth) {
    return deep(depth, new java.net.ConnectException("Connection refused"));
  }

  /** Returns {@code e} with a stack trace {@code depth} frames deep. */
  private static <E extends Exception> E deep(int depth, E e) {
    StackTraceElement[] frames = new StackTraceElement[depth];
    for (int i = 0; i < depth; i++) {
      frames[i] = new StackTraceElement("com.acme.layer" + (i % 7) + ".Service" + i, "call" + i,
          "Service" + i + ".java", 10 + i);
    }
    e.setStackTrace(frames);
    return e;
  }

  /** Fails the run if a meaningful share of the events was dropped. */
  @TearDown(Level.Trial)
  public void check() throws Exception {
    long dropped;
    if (monitor != null) {
      dropped = (long) monitor.meterRegistry().get(dev.vigil.VigilMeters.QUEUE_DROPPED)
          .functionCounter().count();
      monitor.close();
    } else {
      async.stop(); // drains within its maxFlushTime
      dropped = calls - delivered.count.sum();
    }
    context.stop();
    System.out.printf(Locale.ROOT, "%n%s: %,d calls, %,d dropped (%.3f%%)%n", appender, calls,
        dropped, 100.0 * dropped / Math.max(1, calls));
    if (dropped > calls / 100) {
      throw new IllegalStateException(appender + " dropped " + dropped + " of " + calls
          + " events: the drop path was measured, not the capture");
    }
  }

  static final Classifier NO_RULES = new Classifier() {
    @Override
    public Classification classify(CharSequence line) {
      return Classification.NONE;
    }

    @Override
    public Classification classify(CharSequence message, LogLevel level, String logger,
        String source) {
      return Classification.NONE;
    }
  };

  /** Counts what AsyncAppender's worker delivers. */
  static final class CountingAppender extends AppenderBase<ILoggingEvent> {
    final LongAdder count = new LongAdder();

    @Override
    protected void append(ILoggingEvent event) {
      count.increment();
    }
  }
}
