package dev.vigil.logback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.core.joran.spi.JoranException;
import dev.vigil.LogLevel;
import dev.vigil.Monitor;
import dev.vigil.MonitorEvent;
import dev.vigil.Severity;
import dev.vigil.Subscription;
import dev.vigil.store.EventQuery;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/** The appender in a real {@link LoggerContext} configured from XML, as an application has it. */
class VigilAppenderTest {

  /** The application's real context, bound to SLF4J (so that MDC works as in production). */
  private final LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
  private Monitor monitor;

  @AfterEach
  void tearDown() {
    context.reset();
    if (monitor != null) {
      monitor.close();
    }
    MDC.clear();
  }

  private void configure(String monitorName, String minimumLevel) throws JoranException {
    String xml = "<configuration>"
        + "<appender name='VIGIL' class='dev.vigil.logback.VigilAppender'>"
        + "<monitor>" + monitorName + "</monitor><minimumLevel>" + minimumLevel + "</minimumLevel>"
        + "</appender>"
        + "<root level='DEBUG'><appender-ref ref='VIGIL'/></root>"
        + "</configuration>";
    context.reset();
    JoranConfigurator configurator = new JoranConfigurator();
    configurator.setContext(context);
    configurator.doConfigure(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
  }

  private VigilAppender appender() {
    return (VigilAppender) context.getLogger(Logger.ROOT_LOGGER_NAME).getAppender("VIGIL");
  }

  @Test
  void capturesLevelLoggerThreadMessageThrowableAndMdc() throws Exception {
    monitor = Monitor.builder().name("checkout").storeThreshold(Severity.INFO).build();
    configure("checkout", "INFO");
    Logger log = context.getLogger("com.acme.Checkout");
    MDC.put("requestId", "req-7");
    log.error("Payment {} failed for order {}", "p-1", 4711,
        new IllegalStateException("declined", new java.net.ConnectException("refused")));
    MDC.clear();
    log.info("Order shipped");
    log.debug("below the minimum level");
    context.getLogger("dev.vigil.internal.Something").error("Vigil's own logs are ignored");

    await().until(() -> monitor.eventStore().size() == 2);
    List<MonitorEvent> events = monitor.events(EventQuery.all()).items();
    MonitorEvent error = events.get(1);
    assertThat(error.message()).isEqualTo("Payment p-1 failed for order 4711");
    assertThat(error.level()).isEqualTo(LogLevel.ERROR);
    assertThat(error.logger()).isEqualTo("com.acme.Checkout");
    assertThat(error.thread()).isEqualTo(Thread.currentThread().getName());
    assertThat(error.context()).containsEntry("requestId", "req-7");
    assertThat(error.exception().type()).isEqualTo("java.lang.IllegalStateException");
    assertThat(error.exception().cause().type()).isEqualTo("java.net.ConnectException");
    assertThat(error.source()).isEqualTo("checkout");
    assertThat(events.get(0).message()).isEqualTo("Order shipped");
    assertThat(events.get(0).context()).isEmpty();
  }

  @Test
  void discardsAndCountsEventsWhileNoMonitorIsOpen() throws Exception {
    configure("nobody-" + System.nanoTime(), "INFO");
    Logger log = context.getLogger("com.acme.Early");
    assertThatCode(() -> log.error("logged before the monitor is built")).doesNotThrowAnyException();
    assertThat(appender().unattached()).isEqualTo(1);
    assertThat(context.getStatusManager().getCopyOfStatusList())
        .anySatisfy(s -> assertThat(s.getMessage()).contains("No Vigil monitor named"));
  }

  @Test
  void aListenerThatLogsAndThrowsCausesNoRecursionAndNoApplicationException() throws Exception {
    monitor = Monitor.builder().name("recursion").queueCapacity(32_768).build();
    configure("recursion", "INFO");
    Logger appLog = context.getLogger("com.acme.App");
    Logger listenerLog = context.getLogger("com.acme.Listener");
    Subscription subscription = monitor.subscribe(event -> {
      listenerLog.error("listener saw {}", event.message()); // on Vigil's thread: not captured
      throw new IllegalStateException("listener failure");
    }, 20_000);

    int threads = 4;
    int perThread = 2_500;
    CountDownLatch start = new CountDownLatch(1);
    AtomicReference<Throwable> escaped = new AtomicReference<>();
    Thread[] workers = new Thread[threads];
    for (int t = 0; t < threads; t++) {
      int id = t;
      workers[t] = new Thread(() -> {
        try {
          start.await();
          for (int i = 0; i < perThread; i++) {
            appLog.error("worker {} request {} failed", id, i);
          }
        } catch (Throwable e) {
          escaped.set(e);
        }
      });
      workers[t].start();
    }
    start.countDown();
    for (Thread w : workers) {
      w.join();
    }
    await().until(() -> subscription.failures() == threads * perThread);
    assertThat(escaped.get()).isNull();
    assertThat(monitor.eventStore().size()).isEqualTo(threads * perThread);
    assertThat(monitor.events(EventQuery.builder().text("listener saw").build()).items())
        .isEmpty();
  }

  @Test
  void aListenerThatLogsBehindAnAsyncAppenderDoesNotFeedBack() throws Exception {
    monitor = Monitor.builder().name("async-loop").build();
    String xml = "<configuration>"
        + "<appender name='VIGIL' class='dev.vigil.logback.VigilAppender'>"
        + "<monitor>async-loop</monitor></appender>"
        + "<appender name='ASYNC' class='ch.qos.logback.classic.AsyncAppender'>"
        + "<appender-ref ref='VIGIL'/></appender>"
        + "<root level='INFO'><appender-ref ref='ASYNC'/></root>"
        + "</configuration>";
    context.reset();
    JoranConfigurator configurator = new JoranConfigurator();
    configurator.setContext(context);
    configurator.doConfigure(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    Logger listenerLog = context.getLogger("com.acme.Listener");
    java.util.concurrent.atomic.AtomicInteger heard = new java.util.concurrent.atomic.AtomicInteger();
    monitor.subscribe(event -> {
      heard.incrementAndGet();
      listenerLog.error("listener saw {}", event.message()); // reaches Vigil on AsyncAppender's thread
    });
    context.getLogger("com.acme.App").error("the only real error");
    await().until(() -> heard.get() >= 1);
    Thread.sleep(500); // a feedback loop would store thousands of events by now
    context.stop(); // flushes AsyncAppender
    assertThat(monitor.eventStore().size()).isEqualTo(1);
    assertThat(heard.get()).isEqualTo(1);
  }

  @Test
  void guardsReentryFromInsideTheCapture() throws Exception {
    monitor = Monitor.builder().name("reentry").build();
    configure("reentry", "INFO");
    Logger log = context.getLogger("com.acme.Reentrant");
    Object loggingArgument = new Object() {
      @Override
      public String toString() {
        log.error("nested {}", this); // formatting happens inside the appender
        return "argument";
      }
    };
    assertThatCode(() -> log.error("outer {}", loggingArgument)).doesNotThrowAnyException();
    await().until(() -> monitor.eventStore().size() == 1);
    assertThat(monitor.events(EventQuery.all()).items().get(0).message())
        .isEqualTo("outer argument");
  }
}
