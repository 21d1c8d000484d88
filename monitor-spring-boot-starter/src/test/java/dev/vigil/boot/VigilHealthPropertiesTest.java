package dev.vigil.boot;

import static dev.vigil.boot.VigilAlertsPropertiesTest.failure;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.vigil.health.FailureKind;
import dev.vigil.health.HealthCheck;
import dev.vigil.health.CheckStatus;
import dev.vigil.health.HealthMonitor;
import dev.vigil.health.HealthRecord;
import dev.vigil.health.HealthResult;
import dev.vigil.health.HealthStatus;
import dev.vigil.health.MaintenanceRun;
import dev.vigil.health.MaintenanceScheduler;
import dev.vigil.health.MaintenanceTask;
import dev.vigil.health.Recoverer;
import dev.vigil.health.Schedule;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.ds.PGSimpleDataSource;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** {@code vigil.health.checks} with their recovery, and {@code vigil.health.maintenance}. */
class VigilHealthPropertiesTest {

  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(VigilAutoConfiguration.class,
          VigilHealthAutoConfiguration.class))
      .withPropertyValues("vigil.appender.enabled=false");

  private LoopbackServer server;

  @BeforeEach
  void start() throws Exception {
    server = new LoopbackServer();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private static HealthRecord run(HealthMonitor monitor, String check) throws Exception {
    return monitor.runNow(check).get(20, TimeUnit.SECONDS);
  }

  @Test
  void anHttpCheckGoesDownAndIsRecoveredByAnHttpAction() {
    AtomicBoolean broken = new AtomicBoolean(true);
    server.answer = r -> {
      if (r.path().equals("/admin/restart")) {
        broken.set(false);
        return 204;
      }
      return broken.get() ? 503 : 200;
    };
    runner.withPropertyValues(
        "vigil.health.checks.payments-api.type=http",
        "vigil.health.checks.payments-api.url=" + server.url("/health"),
        "vigil.health.checks.payments-api.interval=1h",
        "vigil.health.checks.payments-api.timeout=3s",
        "vigil.health.checks.payments-api.headers.Authorization=Bearer check-token",
        "vigil.health.checks.payments-api.recovery.actions[0].type=http",
        "vigil.health.checks.payments-api.recovery.actions[0].url=" + server.url("/admin/restart"),
        "vigil.health.checks.payments-api.recovery.actions[0].headers.X-Token=restart-token",
        "vigil.health.checks.payments-api.recovery.act-on=BAD_STATUS,TIMEOUT",
        "vigil.health.checks.payments-api.recovery.cooldown=0s",
        "vigil.health.checks.payments-api.recovery.verify-after=50ms").run(context -> {
          assertThat(context).hasNotFailed();
          HealthMonitor monitor = context.getBean(HealthMonitor.class);
          HealthRecord record = run(monitor, "payments-api");
          assertThat(record.status()).isEqualTo(HealthStatus.DOWN);
          assertThat(record.failure()).isEqualTo(FailureKind.BAD_STATUS);
          assertThat(record.recoveryTriggered()).isTrue();
          assertThat(record.recoverySucceeded()).isTrue();
          LoopbackServer.Request restart = server.to("/admin/restart").get(0);
          assertThat(restart.method()).isEqualTo("POST");
          assertThat(restart.header("X-Token")).isEqualTo("restart-token");
          assertThat(server.to("/health").get(0).header("Authorization"))
              .isEqualTo("Bearer check-token");
          assertThat(run(monitor, "payments-api").status()).isEqualTo(HealthStatus.UP);
        });
  }

  @Test
  void aCheckOnlyAlertsForTheKindsOfAlertOnly() {
    server.answer = r -> r.path().equals("/health") ? 200 : 204;
    runner.withPropertyValues(
        "vigil.health.checks.tiktok.type=http",
        "vigil.health.checks.tiktok.url=" + server.url("/health"),
        "vigil.health.checks.tiktok.body-not-contains=notAuthorized",
        "vigil.health.checks.tiktok.recovery.actions[0].type=http",
        "vigil.health.checks.tiktok.recovery.actions[0].url=" + server.url("/restart"),
        "vigil.health.checks.tiktok.recovery.alert-only=bad-state").run(context -> {
          assertThat(context).hasNotFailed();
          HealthRecord record = run(context.getBean(HealthMonitor.class), "tiktok");
          assertThat(record.status()).isEqualTo(HealthStatus.UP); // "ok" has no notAuthorized
          assertThat(server.to("/restart")).isEmpty();
        });
  }

  @Test
  void everyCheckTypeRunsFromProperties(@TempDir Path dir) throws Exception {
    Path pidFile = dir.resolve("app.pid");
    Files.writeString(pidFile, Long.toString(ProcessHandle.current().pid()));
    int closedPort;
    try (ServerSocket s = new ServerSocket(0)) {
      closedPort = s.getLocalPort();
    }
    int port = Integer.parseInt(server.url("").replaceAll(".*:", ""));
    PGSimpleDataSource pg = new PGSimpleDataSource();
    pg.setServerNames(new String[] {"127.0.0.1"});
    pg.setPortNumbers(new int[] {5432});
    pg.setDatabaseName("test");
    pg.setUser("postgres");
    runner.withBean("appDataSource", DataSource.class, () -> pg).withPropertyValues(
        "vigil.health.checks.tcp-up.type=tcp", "vigil.health.checks.tcp-up.host=127.0.0.1",
        "vigil.health.checks.tcp-up.port=" + port,
        "vigil.health.checks.tcp-down.type=tcp", "vigil.health.checks.tcp-down.host=127.0.0.1",
        "vigil.health.checks.tcp-down.port=" + closedPort,
        "vigil.health.checks.dns.type=dns", "vigil.health.checks.dns.host=localhost",
        "vigil.health.checks.heap.type=memory",
        "vigil.health.checks.heap.heap-down-above-percent=100",
        "vigil.health.checks.heap.system-down-below=0B",
        "vigil.health.checks.disk.type=disk-space", "vigil.health.checks.disk.path=" + dir,
        "vigil.health.checks.disk.down-below-percent=0",
        "vigil.health.checks.disk.degraded-below-percent=0",
        "vigil.health.checks.db.type=jdbc", "vigil.health.checks.db.validation-query=SELECT 1",
        "vigil.health.checks.me.type=process", "vigil.health.checks.me.pid-file=" + pidFile,
        "vigil.health.checks.true.type=command", "vigil.health.checks.true.command=sh,-c,echo ready",
        "vigil.health.checks.true.output-matches=rea+dy",
        "vigil.health.checks.false.type=command", "vigil.health.checks.false.command=false",
        "vigil.health.checks.false.failure-threshold=2",
        "vigil.health.checks.false.success-threshold=3",
        "vigil.health.checks.false.jitter=0").run(context -> {
          assertThat(context).hasNotFailed();
          HealthMonitor monitor = context.getBean(HealthMonitor.class);
          for (String up : new String[] {"tcp-up", "dns", "heap", "disk", "db", "me", "true"}) {
            assertThat(run(monitor, up).status()).as(up).isEqualTo(HealthStatus.UP);
          }
          assertThat(run(monitor, "tcp-down").status()).isEqualTo(HealthStatus.DOWN);
          assertThat(run(monitor, "false").status()).isEqualTo(HealthStatus.DOWN);
          // failure-threshold 2: DOWN only from the second failure in a row (the scheduler's first
          // run may have been one of them)
          CheckStatus afterOne = monitor.status("false");
          assertThat(afterOne.status() == HealthStatus.DOWN).isEqualTo(afterOne.failuresInARow() >= 2);
          run(monitor, "false");
          assertThat(monitor.status("false").status()).isEqualTo(HealthStatus.DOWN);
        });
  }

  @Test
  void healthCheckBeansStillRun() {
    runner.withBean("queue", HealthCheck.class,
            () -> HealthCheck.of("queue", () -> HealthResult.up("depth 3")))
        .withPropertyValues("vigil.health.checks.heap.type=memory").run(context -> {
          HealthMonitor monitor = context.getBean(HealthMonitor.class);
          assertThat(monitor.statuses()).extracting(s -> s.check())
              .containsExactlyInAnyOrder("queue", "heap");
          assertThat(run(monitor, "queue").status()).isEqualTo(HealthStatus.UP);
        });
    runner.withBean("queue", HealthCheck.class,
            () -> HealthCheck.of("queue", () -> HealthResult.up("depth 3")))
        .withPropertyValues("vigil.health.checks.queue.type=memory")
        .run(context -> assertThat(failure(context).property())
            .isEqualTo("vigil.health.checks.queue"));
  }

  @Test
  void aRecovererBeanAndRecoveryPropertiesConflict() {
    runner.withBean(Recoverer.class, () -> Recoverer.builder().build())
        .withPropertyValues("vigil.health.checks.x.type=memory",
            "vigil.health.checks.x.recovery.actions[0].type=command",
            "vigil.health.checks.x.recovery.actions[0].command=true")
        .run(context -> {
          InvalidVigilPropertyException e = failure(context);
          assertThat(e.property()).isEqualTo("vigil.health.checks.x.recovery");
          assertThat(e.reason()).contains("its own Recoverer bean");
        });
  }

  @Test
  void badChecksNameTheirProperties() {
    String http = "vigil.health.checks.api.type=http";
    expect(new String[] {}, "vigil.health.checks.api.url=http://x", "vigil.health.checks.api.type",
        "is required");
    expect(new String[] {}, "vigil.health.checks.api.type=ping", "vigil.health.checks.api.type",
        "is not one of http, tcp, dns");
    expect(new String[] {http}, "vigil.health.checks.api.method=GET",
        "vigil.health.checks.api.url", "is required");
    expect(new String[] {http, "vigil.health.checks.api.url=http://x"},
        "vigil.health.checks.api.port=80", "vigil.health.checks.api.port",
        "is not a setting of a http check");
    expect(new String[] {http, "vigil.health.checks.api.url=ftp://user:pw@host/x"},
        "vigil.health.checks.api.interval=1m", "vigil.health.checks.api",
        "absolute http or https URL");
    expect(new String[] {http, "vigil.health.checks.api.url=http://x"},
        "vigil.health.checks.api.interval=500ms", "vigil.health.checks.api.interval",
        "at least 1 second");
    expect(new String[] {http, "vigil.health.checks.api.url=http://x"},
        "vigil.health.checks.api.jitter=0.9", "vigil.health.checks.api.jitter", "0 to 0.5");
    expect(new String[] {http, "vigil.health.checks.api.url=http://x"},
        "vigil.health.checks.api.failure-threshold=0", "vigil.health.checks.api.failure-threshold",
        "from 1 to 100");
    expect(new String[] {http, "vigil.health.checks.api.url=http://x"},
        "vigil.health.checks.api.timeout=0s", "vigil.health.checks.api.timeout",
        "must be positive");
    expect(new String[] {"vigil.health.checks.t.type=tcp", "vigil.health.checks.t.host=h"},
        "vigil.health.checks.t.port=70000", "vigil.health.checks.t.port", "from 1 to 65535");
    expect(new String[] {"vigil.health.checks.db.type=jdbc"},
        "vigil.health.checks.db.data-source=nope", "vigil.health.checks.db.data-source",
        "is not the name of a DataSource bean");
    expect(new String[] {}, "vigil.health.checks.db.type=jdbc",
        "vigil.health.checks.db.data-source", "no single DataSource bean");
    expect(new String[] {"vigil.health.checks.p.type=process"},
        "vigil.health.checks.p.command-line=(java", "vigil.health.checks.p.command-line",
        "is not a regular expression");
    expect(new String[] {"vigil.health.checks.m.type=memory"},
        "vigil.health.checks.m.heap-down-above-percent=120",
        "vigil.health.checks.m.heap-down-above-percent", "from 0 to 100");
    expect(new String[] {}, "vigil.health.max-concurrency=100", "vigil.health.max-concurrency",
        "at most 64");
  }

  @Test
  void credentialsInACheckUrlAreNeverShown() {
    runner.withPropertyValues("vigil.health.checks.api.type=http",
        "vigil.health.checks.api.url=ftp://user:SUPERSECRET@host/x?token=SUPERSECRET")
        .run(context -> assertThat(failure(context).getMessage()).contains("vigil.health.checks.api")
            .doesNotContain("SUPERSECRET"));
  }

  @Test
  void badRecoveryNamesItsProperties() {
    String[] base = {"vigil.health.checks.x.type=memory"};
    String a = "vigil.health.checks.x.recovery.actions[0].";
    expect(base, a + "url=http://localhost/restart", a + "type", "is required");
    expect(base, a + "type=reboot", a + "type", "is not one of");
    expect(new String[] {base[0], a + "type=http"}, a + "url=not a url", a + "url",
        "is not a URL");
    expect(new String[] {base[0], a + "type=command"}, a + "url=http://x", a + "url",
        "is not a setting of a command action");
    expect(new String[] {base[0], a + "type=command"}, a + "timeout=0s", a + "command",
        "is required");
    expect(new String[] {base[0], a + "type=command", a + "command=true"},
        "vigil.health.checks.x.recovery.act-on=TIMEOUT,EXPLODED",
        "vigil.health.checks.x.recovery.act-on[1]", "is not a failure kind");
    expect(new String[] {base[0], a + "type=command", a + "command=true"},
        "vigil.health.checks.x.recovery.max-attempts=0",
        "vigil.health.checks.x.recovery.max-attempts", "at least 1");
    expect(new String[] {base[0], a + "type=command", a + "command=true",
        "vigil.health.checks.x.recovery.act-on=BAD_STATE"},
        "vigil.health.checks.x.recovery.alert-only=bad_state",
        "vigil.health.checks.x.recovery.act-on", "also in");
    expect(new String[] {base[0], a + "type=process-restart", a + "command=true"},
        a + "await-port-free=0", a + "await-port-free", "from 1 to 65535");
    expect(base, "vigil.health.checks.x.recovery.alert-only=BAD_STATE",
        "vigil.health.checks.x.recovery.actions", "is required");
  }

  @Test
  void maintenanceTasksRunOnTheirSchedules() {
    runner.withPropertyValues(
        "vigil.health.maintenance.cache-flush.every=1s",
        "vigil.health.maintenance.cache-flush.action.type=http",
        "vigil.health.maintenance.cache-flush.action.url=" + server.url("/cache/flush"),
        "vigil.health.maintenance.nightly-restart.daily-at=03:00",
        "vigil.health.maintenance.nightly-restart.zone=Europe/Paris",
        "vigil.health.maintenance.nightly-restart.days=MON,wed",
        "vigil.health.maintenance.nightly-restart.action.type=command",
        "vigil.health.maintenance.nightly-restart.action.command=true").run(context -> {
          assertThat(context).hasNotFailed();
          MaintenanceScheduler scheduler = context.getBean(MaintenanceScheduler.class);
          await().atMost(10, TimeUnit.SECONDS).until(() -> !server.to("/cache/flush").isEmpty());
          assertThat(server.to("/cache/flush").get(0).method()).isEqualTo("POST");
          Instant next = scheduler.nextRun("nightly-restart").orElseThrow();
          assertThat(next.atZone(java.time.ZoneId.of("Europe/Paris")).toLocalTime())
              .isEqualTo(java.time.LocalTime.of(3, 0));
          assertThat(next.atZone(java.time.ZoneId.of("Europe/Paris")).getDayOfWeek())
              .isIn(java.time.DayOfWeek.MONDAY, java.time.DayOfWeek.WEDNESDAY);
          MaintenanceRun run = scheduler.runNow("nightly-restart");
          await().atMost(10, TimeUnit.SECONDS).until(() -> scheduler.runs().stream()
              .anyMatch(r -> r.id().equals(run.id()) && r.state() == MaintenanceRun.State.COMPLETED));
        });
  }

  /** An application's name may hold spaces; the scheduler's thread name then has dashes. */
  @Test
  void maintenanceTasksOfAnApplicationWhoseNameHasSpaces() {
    runner.withPropertyValues("spring.application.name=My Shop",
        "vigil.health.maintenance.tidy.every=1h",
        "vigil.health.maintenance.tidy.action.type=command",
        "vigil.health.maintenance.tidy.action.command=true").run(context -> {
          assertThat(context).hasNotFailed().hasSingleBean(MaintenanceScheduler.class);
          assertThat(context.getBean(dev.vigil.Monitor.class).name()).isEqualTo("My Shop");
        });
  }

  @Test
  void withoutTasksThereIsNoScheduler() {
    runner.run(context -> assertThat(context).doesNotHaveBean(MaintenanceScheduler.class));
    runner.withBean(MaintenanceTask.class, () -> MaintenanceTask.builder("bean-task")
            .schedule(Schedule.every(Duration.ofHours(1))).action(() -> { }).build())
        .run(context -> assertThat(context.getBean(MaintenanceScheduler.class)
            .nextRun("bean-task")).isPresent());
  }

  @Test
  void badMaintenanceNamesItsProperties() {
    String m = "vigil.health.maintenance.t.";
    String[] action = {m + "action.type=command", m + "action.command=true"};
    expect(action, m + "zone=UTC", m + "daily-at", "is required");
    expect(action, m + "daily-at=3 o'clock", m + "daily-at", "is not a time of day");
    expect(new String[] {action[0], action[1], m + "daily-at=03:00"}, m + "zone=Mars/Base",
        m + "zone", "is not a time zone");
    expect(new String[] {action[0], action[1], m + "daily-at=03:00"}, m + "days=MON,SOMEDAY",
        m + "days[1]", "is not a day of the week");
    expect(new String[] {action[0], action[1], m + "daily-at=03:00"}, m + "every=1h",
        m + "every", "cannot be combined");
    expect(new String[] {m + "every=1h"}, m + "action.command=true", m + "action.type",
        "is required");
  }

  private void expect(String[] base, String property, String named, String reason) {
    runner.withPropertyValues(base).withPropertyValues(property).run(context -> {
      InvalidVigilPropertyException e = failure(context);
      assertThat(e.property()).as(property).isEqualTo(named);
      assertThat(e.reason()).as(property).contains(reason);
    });
  }
}
