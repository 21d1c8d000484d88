package example.shop;

import dev.vigil.Monitor;
import dev.vigil.MonitorEvent;
import dev.vigil.Severity;
import dev.vigil.alerts.Alert;
import dev.vigil.alerts.AlertEngine;
import dev.vigil.alerts.AlertRule;
import dev.vigil.alerts.Condition;
import dev.vigil.store.EventGroup;
import dev.vigil.store.EventStats;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A small shop that logs through SLF4J and Logback as any application does, with Vigil watching:
 * Vigil's Logback appender (see {@code logback.xml}) captures the shop's events, lines of two
 * other services are ingested, and the console shows every classified event live and a summary
 * every few seconds.
 *
 * <p>Run: {@code java -jar examples/plain-java/target/plain-java-demo.jar [--seconds 30]}.
 */
public final class ShopDemo {

  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneId.systemDefault());

  private ShopDemo() {}

  public static void main(String[] args) throws InterruptedException {
    int seconds = args.length == 2 && args[0].equals("--seconds") ? Integer.parseInt(args[1]) : 30;
    PrintStream out = System.out;
    boolean color = System.console() != null && System.getenv("NO_COLOR") == null;

    // 1. Build the monitor. Its name is what logback.xml's VigilAppender refers to.
    //    With monitor-classifier on the classpath, the default rule pack is picked up.
    try (Monitor monitor = Monitor.builder().name("shop").build()) {

      // 2. Watch classified events live (WARN and above are stored and published). Repeats of
      //    one problem (same fingerprint) within 10 s are folded: the summary counts them.
      Map<String, Instant> lastShown = new HashMap<>(); // the listener runs on one thread
      monitor.subscribe(event -> {
        Instant last = lastShown.get(event.fingerprint());
        if (last == null || event.timestamp().isAfter(last.plusSeconds(10))) {
          lastShown.put(event.fingerprint(), event.timestamp());
          out.println(format(event, color));
        }
      });

      // 3. Alert rules over the shop's metrics and events, evaluated every second; each
      //    transition is printed (a notifier would send it to Slack, email...).
      AlertEngine alerts = AlertEngine.builder()
          .monitor(monitor)
          .rule(AlertRule.builder("upload-failure-rate")
              .condition(Condition.ratio("upload.failure", "upload.failure", "upload.success")
                  .over(Duration.ofMinutes(1)).minDenominator(50).above(0.05))
              .groupBy("platform")
              .severity(Severity.ERROR)
              .interval(Duration.ofSeconds(1))
              .annotation("summary", "{{value | percent}} of uploads to {{labels.platform}} "
                  + "failed in the last minute")
              .build())
          .rule(AlertRule.builder("database-unreachable")
              .condition(Condition.events(Severity.CRITICAL).category("connection")
                  .over(Duration.ofMinutes(1)).atLeast(50))
              .severity(Severity.CRITICAL)
              .evaluateOnEvent(true)    // fires on the event that crosses the threshold
              .annotation("summary", "{{value}} connection failures in the last minute")
              .build())
          .listener(alert -> out.println(formatAlert(alert, color)))
          .build()
          .start();

      // 4. Run the shop and its neighbours for a while, with a summary every 5 seconds.
      Traffic traffic = new Traffic(monitor, 42);
      ScheduledExecutorService summary = Executors.newSingleThreadScheduledExecutor();
      summary.scheduleAtFixedRate(() -> printSummary(monitor, out, Duration.ofMinutes(1)),
          5, 5, TimeUnit.SECONDS);
      out.printf("Vigil plain-Java demo: the shop runs for %d s (Ctrl-C to stop). Live events below;"
          + " repeats within 10 s are folded into the summaries' xN.%n%n", seconds);
      traffic.runFor(Duration.ofSeconds(seconds));
      summary.shutdownNow();
      alerts.close();
      Thread.sleep(300); // let the last events reach the console
      out.println();
      out.println("Final summary");
      printSummary(monitor, out, Duration.ofMinutes(10));
    }
  }

  static String format(MonitorEvent e, boolean color) {
    String sev = String.format(Locale.ROOT, "%-8s", e.severity());
    if (color) {
      String code = switch (e.severity()) {
        case CRITICAL -> "\u001b[1;31m";
        case ERROR -> "\u001b[31m";
        case WARN -> "\u001b[33m";
        default -> "\u001b[0m";
      };
      sev = code + sev + "\u001b[0m";
    }
    String message = e.message().replace('\n', ' ');
    if (message.length() > 110) {
      message = message.substring(0, 107) + "...";
    }
    return String.format(Locale.ROOT, "%s %s %-11s %-17s %s%s", TIME.format(e.timestamp()), sev,
        e.category(), "[" + e.source() + "]", message,
        e.exception() == null ? "" : "  <" + e.exception().type() + ">");
  }

  static String formatAlert(Alert alert, boolean color) {
    String state = String.format(Locale.ROOT, "%-8s", alert.state());
    if (color) {
      state = "\u001b[1;35m" + state + "\u001b[0m";
    }
    return String.format(Locale.ROOT, "%s ALERT %s %s: %s", TIME.format(alert.lastTransition()
        .at()), state, alert.key(), alert.annotations().getOrDefault("summary",
        alert.lastTransition().reason()));
  }

  static void printSummary(Monitor monitor, PrintStream out, Duration window) {
    EventStats stats = monitor.stats(window);
    out.printf(Locale.ROOT, "%n--- last %d min: %d CRITICAL, %d ERROR, %d WARN stored; top groups:%n",
        window.toMinutes(), stats.bySeverity().get(Severity.CRITICAL),
        stats.bySeverity().get(Severity.ERROR), stats.bySeverity().get(Severity.WARN));
    for (EventGroup g : stats.topGroups().subList(0, Math.min(5, stats.topGroups().size()))) {
      String message = g.latest().message().replace('\n', ' ');
      out.printf(Locale.ROOT, "    x%-5d %-8s %-11s %s%n", g.count(), g.severity(),
          g.latest().category(), message.length() > 80 ? message.substring(0, 77) + "..." : message);
    }
    out.println();
  }
}
