package dev.vigil.benchmarks;

import dev.vigil.ExceptionSummary;
import dev.vigil.LogLevel;
import dev.vigil.MonitorEvent;
import dev.vigil.Severity;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Events as an application's monitor stores them, made up from a fixed seed: 2,000 groups (five
 * services × twenty message templates × twenty variants), chosen with a Zipf distribution of
 * exponent {@value #ZIPF_EXPONENT} so that a few problems make most events, as in real logs (the
 * largest group has about 22% of the events; a batch of 256 events has about 100 groups);
 * messages of 60 to 120 chars with variable parts; a request and a user id in the context; an
 * exception summary of twelve frames with a cause on every tenth event. Severities: 5% INFO, 60%
 * WARN, 30% ERROR, 5% CRITICAL (the monitor stores WARN and above by default, plus what rules
 * promote). Not thread-safe.
 */
final class SyntheticEvents {

  static final String[] SOURCES = {"checkout", "inventory", "payments", "gateway", "accounts"};
  private static final String[] TEMPLATES = {
      "Timeout after %d ms calling inventory-service for order %d",
      "Connection refused: db-%d.internal:5432 (pool %d of 20 in use)",
      "User %d failed to log in from 10.0.%d.17: bad credentials",
      "Payment %d declined by the acquirer: insufficient funds (code %d)",
      "Slow query took %d ms: SELECT * FROM orders WHERE customer_id = %d",
      "Retrying webhook delivery %d, attempt %d of 5",
      "Cache miss storm: %d misses in the last %d seconds",
      "Circuit breaker 'shipping' opened after %d failures in %d s",
      "Disk usage at %d%% on volume /data%d",
      "Rate limit exceeded for API key k-%d (%d requests per minute)",
      "Message %d could not be deserialized: unexpected token at offset %d",
      "Lock wait timeout on table stock, transaction %d waited %d ms",
      "TLS handshake failed with partner-%d.example.com: certificate expired %d days ago",
      "Out of memory in worker %d while rendering report %d",
      "Inventory reservation %d conflicted with reservation %d",
      "Scheduled job 'nightly-export' %d finished late by %d minutes",
      "Email to customer %d bounced: mailbox full (attempt %d)",
      "Feature flag service unreachable, using defaults for %d flags (%d s)",
      "Session %d expired during checkout step %d",
      "Queue orders.created is %d messages behind (consumer lag %d s)"};
  private static final String[] CATEGORIES = {"timeout", "connection", "security", "payment",
      "database", "webhook", "cache", "resilience", "disk", "rate-limit", "serialization",
      "database", "security", "memory", "conflict", "scheduler", "email", "config", "session",
      "queue"};
  private static final HexFormat HEX = HexFormat.of();
  static final int GROUPS = 2_000;
  static final double ZIPF_EXPONENT = 1.2;
  /** CUMULATIVE[k]: the probability of a group of rank k or lower. */
  private static final double[] CUMULATIVE = new double[GROUPS];

  static {
    double sum = 0;
    for (int k = 0; k < GROUPS; k++) {
      sum += 1 / Math.pow(k + 1, ZIPF_EXPONENT);
      CUMULATIVE[k] = sum;
    }
    for (int k = 0; k < GROUPS; k++) {
      CUMULATIVE[k] /= sum;
    }
  }

  private final SplittableRandom random;
  private final ExceptionSummary[] exceptions = new ExceptionSummary[4];
  private long nextId = 1;

  SyntheticEvents(long seed) {
    this.random = new SplittableRandom(seed);
    for (int i = 0; i < exceptions.length; i++) {
      List<String> frames = new ArrayList<>();
      for (int f = 0; f < 12; f++) {
        frames.add("com.acme.shop.service" + i + ".Handler" + f + ".handle(Handler" + f
            + ".java:" + (40 + f * 7) + ")");
      }
      ExceptionSummary cause = new ExceptionSummary("java.net.SocketTimeoutException",
          "Read timed out", frames.subList(0, 6), 31, null);
      exceptions[i] = new ExceptionSummary("com.acme.shop.ServiceException" + i,
          "call failed", frames, 58, cause);
    }
  }

  /** Returns the next event, at {@code time}. */
  MonitorEvent next(Instant time) {
    int group = Arrays.binarySearch(CUMULATIVE, random.nextDouble());
    group = Math.min(GROUPS - 1, group < 0 ? -group - 1 : group);
    int template = group % TEMPLATES.length;
    int source = group / TEMPLATES.length % SOURCES.length;
    int variant = group / (TEMPLATES.length * SOURCES.length);
    String message = String.format(TEMPLATES[template], random.nextInt(100_000),
        random.nextInt(1_000));
    if (variant > 0) {
      message = message + " [shard " + (char) ('a' + variant) + "]";
    }
    int roll = random.nextInt(100);
    Severity severity = roll < 5 ? Severity.INFO : roll < 65 ? Severity.WARN
        : roll < 95 ? Severity.ERROR : Severity.CRITICAL;
    LogLevel level = severity == Severity.CRITICAL ? LogLevel.ERROR
        : LogLevel.valueOf(severity.name());
    ExceptionSummary exception = random.nextInt(10) == 0
        ? exceptions[template % exceptions.length] : null;
    String fingerprint = HEX.toHexDigits(group * 0x9E3779B97F4A7C15L); // spread like a hash
    return new MonitorEvent(nextId++, time, SOURCES[source], severity, CATEGORIES[template],
        level, message, "com.acme.shop." + SOURCES[source] + ".Service",
        "http-nio-8080-exec-" + random.nextInt(200), exception,
        Map.of("requestId", Long.toHexString(random.nextLong()), "userId",
            Integer.toString(random.nextInt(1_000_000))),
        Map.of(), "rule-" + template, fingerprint);
  }

  /** Returns {@code count} events at {@code time}. */
  List<MonitorEvent> batch(int count, Instant time) {
    List<MonitorEvent> events = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      events.add(next(time));
    }
    return events;
  }
}
