package dev.vigil.boot.report;

import static java.util.Objects.requireNonNull;

import dev.vigil.internal.VigilThread;
import dev.vigil.notify.DeliveryException;
import dev.vigil.notify.Digest;
import dev.vigil.notify.Notifier;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reports: made on demand (the Actuator endpoint, the dashboard) and sent on a {@link
 * ReportSchedule} through the notifier's channels, as an HTML email and as chat messages
 * ({@link Notifier#sendDigest}).
 *
 * <pre>{@code
 * VigilReports reports = VigilReports.builder(generator)
 *     .notifier(notifier)                 // every channel that takes reports, or .channels(...)
 *     .schedule(ReportSchedule.weekly(DayOfWeek.MONDAY, LocalTime.of(9, 0),
 *         ZoneId.of("Europe/Paris")))
 *     .build().start();
 * }</pre>
 *
 * <p><b>Sending.</b> A report goes to each chosen channel in turn; a channel that does not take
 * reports (PagerDuty, Opsgenie, Alertmanager, SMS) declines and is skipped. A retryable failure
 * is tried again after the retry delay, up to the attempts; then the report is given up for that
 * channel, logged (WARN, under {@code dev.vigil.boot.report}, without secrets) and counted in
 * {@code vigil.reports{channel,outcome}} (outcomes {@code delivered}, {@code declined}, {@code
 * failed}). Nothing is ever thrown into the application.
 *
 * <p><b>Schedule.</b> The first run is the schedule's first instant after {@link #start()};
 * missed runs (the application was down at 09:00) are not caught up, so a restart never sends
 * a slot's report twice. A clock that jumps is noticed within a minute.
 *
 * <p><b>Threads.</b> One daemon thread, {@code vigil-report-1}, started on first need, runs the
 * schedule and every {@link #sendAsync}; {@link #send} and {@link #generate} work on the calling
 * thread. Thread-safe; {@link #close()} stops the thread.
 */
public final class VigilReports implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(VigilReports.class);
  /** The longest wait between two looks at the clock while waiting for a run. */
  static final Duration TICK = Duration.ofMinutes(1);

  private final ReportGenerator generator;
  private final Notifier notifier;
  private final List<String> channels;
  private final ReportSchedule schedule;
  private final Duration period;
  private final InstantSource clock;
  private final int attempts;
  private final Duration retryDelay;
  private final Duration tick;
  private final MeterRegistry registry;
  private final Map<String, Counter> counters = new ConcurrentHashMap<>();
  private final AtomicLong failures = new AtomicLong();
  private ScheduledExecutorService executor;
  private volatile Report lastSent;
  private volatile Instant due;
  private volatile boolean closed;

  private VigilReports(Builder b) {
    this.generator = b.generator;
    this.notifier = b.notifier;
    this.channels = List.copyOf(b.channels);
    this.schedule = b.schedule;
    this.period = b.schedule != null ? b.schedule.period() : Duration.ofDays(7);
    this.clock = b.clock;
    this.attempts = b.attempts;
    this.retryDelay = b.retryDelay;
    this.tick = b.tick;
    this.registry = b.registry;
  }

  /** Returns a builder of reports made by {@code generator}. */
  public static Builder builder(ReportGenerator generator) {
    return new Builder(generator);
  }

  /**
   * Returns the report of {@code [from, to)}, made now on the calling thread.
   *
   * @throws IllegalArgumentException if {@code to} is before {@code from}
   */
  public Report generate(Instant from, Instant to) {
    return generator.generate(from, to);
  }

  /**
   * Returns the report last sent (on the schedule or by {@link #send}), or else a fresh one of
   * the period (a week by default) ending now.
   */
  public Report latest() {
    Report sent = lastSent;
    if (sent != null) {
      return sent;
    }
    Instant now = clock.instant();
    Instant from = schedule != null ? schedule.periodStart(now) : now.minus(period);
    return generator.generate(from, now);
  }

  /** Returns the report last sent, if any. */
  public Optional<Report> lastSent() {
    return Optional.ofNullable(lastSent);
  }

  /** Returns {@code report} as maps and lists for JSON; see {@link ReportFormat#toMap}. */
  public Map<String, Object> toMap(Report report) {
    return ReportFormat.toMap(report);
  }

  /** Returns {@code report} as an HTML document; see {@link ReportFormat#html}. */
  public String html(Report report) {
    return ReportFormat.html(report);
  }

  /** Returns {@code report} as plain text; see {@link ReportFormat#text}. */
  public String text(Report report) {
    return ReportFormat.text(report);
  }

  /** Returns the channels reports are sent to: those configured, else all of the notifier's. */
  public List<String> channels() {
    if (notifier == null) {
      return List.of();
    }
    return channels.isEmpty() ? List.copyOf(notifier.channels()) : channels;
  }

  /** Returns the next scheduled run, if the reports are scheduled and started. */
  public Optional<Instant> nextRun() {
    return Optional.ofNullable(closed ? null : due);
  }

  /** Returns the schedule, if any. */
  public Optional<ReportSchedule> schedule() {
    return Optional.ofNullable(schedule);
  }

  /** Returns how many sends to a channel failed (after their retries). */
  public long failures() {
    return failures.get();
  }

  /**
   * Sends {@code report} to the {@linkplain #channels() channels} on the calling thread, with
   * retries: blocks for their I/O, so never call it from a request thread (see {@link
   * #sendAsync}).
   *
   * @return each channel's outcome, in order: {@code delivered}, {@code declined} (the channel
   *     does not take reports) or {@code failed: <reason>}
   */
  public Map<String, String> send(Report report) {
    requireNonNull(report, "report");
    Map<String, String> outcomes = new LinkedHashMap<>();
    if (notifier == null) {
      LOG.warn("Vigil report {} not sent: no notifier", report.id());
      return outcomes;
    }
    Digest digest = new Digest(report.id(), report.title(), ReportFormat.text(report),
        ReportFormat.html(report), report.generatedAt());
    boolean delivered = false;
    for (String channel : channels()) {
      String outcome = sendTo(channel, digest);
      outcomes.put(channel, outcome);
      count(channel, outcome.startsWith("failed") ? "failed" : outcome);
      delivered |= outcome.equals("delivered");
    }
    if (delivered) {
      lastSent = report;
    }
    return outcomes;
  }

  /** Sends {@code report} on the reports' thread; see {@link #send}. */
  public CompletableFuture<Map<String, String>> sendAsync(Report report) {
    requireNonNull(report, "report");
    CompletableFuture<Map<String, String>> result = new CompletableFuture<>();
    try {
      executor().execute(() -> {
        try {
          result.complete(send(report));
        } catch (RuntimeException e) {
          result.completeExceptionally(e);
        }
      });
    } catch (RejectedExecutionException e) {
      result.completeExceptionally(new IllegalStateException("the reports are closed"));
    }
    return result;
  }

  private String sendTo(String channel, Digest digest) {
    for (int attempt = 1; ; attempt++) {
      try {
        boolean taken = notifier.sendDigest(channel, digest);
        if (taken) {
          LOG.info("Vigil report {} sent to channel {}", digest.id(), channel);
        }
        return taken ? "delivered" : "declined";
      } catch (DeliveryException e) {
        if (e.isPermanent() || attempt >= attempts) {
          failures.incrementAndGet();
          LOG.warn("Vigil report {} not sent to channel {} after {} attempt(s): {}", digest.id(),
              channel, attempt, e.getMessage());
          return "failed: " + e.getMessage();
        }
        Duration wait = e.retryAfter() != null && e.retryAfter().compareTo(retryDelay) > 0
            ? e.retryAfter() : retryDelay;
        LOG.debug("Vigil report {} to channel {} failed ({}); again in {}", digest.id(), channel,
            e.getMessage(), wait);
        try {
          Thread.sleep(wait.toMillis());
        } catch (InterruptedException stop) {
          Thread.currentThread().interrupt();
          failures.incrementAndGet();
          return "failed: interrupted";
        }
      } catch (RuntimeException e) { // a channel's bug, or the notifier closed: never thrown on
        failures.incrementAndGet();
        String reason = e instanceof IllegalStateException || e instanceof IllegalArgumentException
            ? e.getMessage() : e.getClass().getName(); // other messages may hold secrets
        LOG.warn("Vigil report {} not sent to channel {}: {}", digest.id(), channel, reason);
        return "failed: " + reason;
      }
    }
  }

  private void count(String channel, String outcome) {
    if (registry == null) {
      return;
    }
    counters.computeIfAbsent(channel + "\u0000" + outcome, k -> Counter.builder("vigil.reports")
        .description("Reports sent to a channel, by outcome").tag("channel", channel)
        .tag("outcome", outcome).register(registry)).increment();
  }

  /**
   * Starts the schedule, if there is one: the first run is its first instant after now.
   * Idempotent.
   *
   * @return this
   * @throws IllegalStateException if closed
   */
  public synchronized VigilReports start() {
    if (closed) {
      throw new IllegalStateException("the reports are closed");
    }
    if (schedule != null && due == null) {
      due = schedule.nextAfter(clock.instant());
      LOG.debug("Vigil reports scheduled {}; first run at {}", schedule, due);
      executor().execute(this::tick);
    }
    return this;
  }

  /** Runs the report due, if it is due, then waits for the next one. On the reports' thread. */
  private void tick() {
    if (closed) {
      return;
    }
    Instant now = clock.instant();
    Instant slot = due;
    if (!now.isBefore(slot)) {
      try {
        Report report = generator.generate(schedule.periodStart(slot), slot);
        send(report);
      } catch (RuntimeException e) {
        failures.incrementAndGet();
        LOG.warn("Vigil report of {} failed: {}", slot, e.toString());
      }
      Instant after = clock.instant();
      due = schedule.nextAfter(after.isAfter(slot) ? after : slot);
    }
    long wait = Math.max(1, Math.min(tick.toMillis(),
        Duration.between(clock.instant(), due).toMillis()));
    try {
      executor().schedule(this::tick, wait, TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException stopped) {
      // closed meanwhile
    }
  }

  private synchronized ScheduledExecutorService executor() {
    if (closed) {
      throw new RejectedExecutionException("closed");
    }
    if (executor == null) {
      ScheduledThreadPoolExecutor pool = new ScheduledThreadPoolExecutor(1,
          VigilThread.factory("vigil-report"));
      pool.setRemoveOnCancelPolicy(true);
      executor = pool;
    }
    return executor;
  }

  /** Stops the schedule and the thread, interrupting a send under way. Idempotent. */
  @Override
  public void close() {
    ScheduledExecutorService pool;
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      pool = executor;
    }
    if (pool != null) {
      pool.shutdownNow();
      try {
        pool.awaitTermination(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    if (registry != null) {
      counters.values().forEach(registry::remove);
    }
  }

  @Override
  public String toString() {
    return "VigilReports[" + (schedule == null ? "not scheduled" : schedule) + ", channels="
        + channels() + "]";
  }

  /** Builds {@link VigilReports}; setters check their arguments at once. Not thread-safe. */
  public static final class Builder {
    private final ReportGenerator generator;
    private Notifier notifier;
    private final List<String> channels = new ArrayList<>();
    private ReportSchedule schedule;
    private InstantSource clock = InstantSource.system();
    private int attempts = 3;
    private Duration retryDelay = Duration.ofMinutes(1);
    private Duration tick = TICK;
    private MeterRegistry registry;

    private Builder(ReportGenerator generator) {
      this.generator = requireNonNull(generator, "generator");
    }

    /** Sets the notifier whose channels send the reports; without one, nothing is sent. */
    public Builder notifier(Notifier notifier) {
      this.notifier = requireNonNull(notifier, "notifier");
      return this;
    }

    /** Sets the channels reports go to, by name; all of the notifier's by default. */
    public Builder channels(List<String> names) {
      requireNonNull(names, "names");
      names.forEach(n -> channels.add(requireNonNull(n, "channel")));
      return this;
    }

    /** Sets the schedule; without one, reports are made and sent on demand only. */
    public Builder schedule(ReportSchedule schedule) {
      this.schedule = requireNonNull(schedule, "schedule");
      return this;
    }

    /** Sets the clock of the schedule; the system's by default (use the monitor's). */
    public Builder clock(InstantSource clock) {
      this.clock = requireNonNull(clock, "clock");
      return this;
    }

    /** Sets how many times a channel is tried (retryable failures); 3 by default, 1 to 10. */
    public Builder attempts(int attempts) {
      if (attempts < 1 || attempts > 10) {
        throw new IllegalArgumentException("attempts must be from 1 to 10 but was " + attempts);
      }
      this.attempts = attempts;
      return this;
    }

    /** Sets the wait before trying a channel again; one minute by default. */
    public Builder retryDelay(Duration retryDelay) {
      requireNonNull(retryDelay, "retryDelay");
      if (retryDelay.isNegative() || retryDelay.compareTo(Duration.ofHours(1)) > 0) {
        throw new IllegalArgumentException("retryDelay must be from 0 to 1 hour but was "
            + retryDelay);
      }
      this.retryDelay = retryDelay;
      return this;
    }

    /** Sets the registry of the {@code vigil.reports} counters; none by default. */
    public Builder meterRegistry(MeterRegistry registry) {
      this.registry = requireNonNull(registry, "registry");
      return this;
    }

    /** Sets the longest wait between two looks at the clock (tests with a manual clock). */
    Builder tick(Duration tick) {
      this.tick = requireNonNull(tick, "tick");
      return this;
    }

    /**
     * Builds the reports (not started).
     *
     * @throws IllegalArgumentException if a channel is named that the notifier does not have,
     *     or channels are named without a notifier
     */
    public VigilReports build() {
      if (!channels.isEmpty()) {
        if (notifier == null) {
          throw new IllegalArgumentException("channels " + channels + " are named but there is"
              + " no notifier");
        }
        List<String> unknown = channels.stream().filter(c -> !notifier.channels().contains(c))
            .toList();
        if (!unknown.isEmpty()) {
          throw new IllegalArgumentException("no channel " + unknown + " in the notifier; its"
              + " channels: " + notifier.channels());
        }
      }
      return new VigilReports(this);
    }
  }
}
