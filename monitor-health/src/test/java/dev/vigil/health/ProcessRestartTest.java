package dev.vigil.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.vigil.health.RecoveryOutcome.Type;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Restarting real child processes, found by pid file, pid or command line. */
class ProcessRestartTest {

  @TempDir
  Path dir;

  /** Kills every process this test JVM started (directly or not), the restarted ones included. */
  @AfterEach
  void killChildren() throws Exception {
    List<ProcessHandle> children = ProcessHandle.current().descendants().toList();
    children.forEach(ProcessHandle::destroyForcibly);
    for (ProcessHandle p : children) {
      p.onExit().get(10, TimeUnit.SECONDS);
    }
  }

  private Process start(Path pidFile, String... command) throws IOException {
    Process p = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .redirectErrorStream(true).start();
    if (pidFile != null) {
      Files.writeString(pidFile, p.pid() + "\n");
    }
    return p;
  }

  private static long readPid(Path pidFile) throws IOException {
    return Long.parseLong(Files.readString(pidFile).strip());
  }

  private static boolean alive(long pid) {
    return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
  }

  /** A process check: UP while the pid in the file lives. */
  private static HealthCheck worker(Path pidFile) {
    return HealthCheck.of("worker", () -> {
      long pid = readPid(pidFile);
      return alive(pid) ? HealthResult.up("pid " + pid + " running")
          : HealthResult.down(FailureKind.NOT_RUNNING, "pid " + pid + " not running");
    });
  }

  @Test
  void aKilledProcessIsRestartedAndVerified() throws Exception {
    Path pidFile = dir.resolve("worker.pid");
    Process old = start(pidFile, "sleep", "300");
    HealthCheck check = worker(pidFile);
    assertThat(check.check().status()).isEqualTo(HealthStatus.UP);

    old.destroyForcibly();
    old.onExit().get(10, TimeUnit.SECONDS);
    HealthResult down = check.check();
    assertThat(down.failure()).isEqualTo(FailureKind.NOT_RUNNING);

    ProcessRestart restart = ProcessRestart.builder("restart-worker").pidFile(pidFile)
        .command("sleep", "300").build();
    Recoverer recoverer = Recoverer.builder().policy("worker", RecoveryPolicy.builder()
        .act(restart, FailureKind.NOT_RUNNING, FailureKind.CONNECTION_REFUSED)
        .alertOnly(FailureKind.BAD_STATE)
        .verifyAfter(Duration.ZERO).build()).build();

    RecoveryOutcome outcome = recoverer.onResult(check, down);

    assertThat(outcome.type()).as(outcome.detail()).isEqualTo(Type.ACTED_RECOVERED);
    long now = readPid(pidFile);
    assertThat(now).isNotEqualTo(old.pid());
    assertThat(alive(now)).isTrue();
    assertThat(outcome.detail()).isEqualTo("started pid " + now + "; verified UP: pid " + now
        + " running");
    assertThat(outcome.attempt().verification().status()).isEqualTo(HealthStatus.UP);
    assertThat(recoverer.attempts()).containsExactly(outcome.attempt());
  }

  @Test
  void aRunningProcessThatIgnoresTermIsKilledAfterTheGracePeriod() throws Exception {
    Path pidFile = dir.resolve("stubborn.pid");
    Path ready = dir.resolve("ready");
    Process old = start(pidFile, "sh", "-c",
        "trap '' TERM; echo > '" + ready + "'; exec sleep 300");
    await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(ready));

    RecoveryResult r = ProcessRestart.builder("restart").pidFile(pidFile)
        .grace(Duration.ofMillis(300)).command("sleep", "300").build().run();

    assertThat(r.success()).isTrue();
    long now = readPid(pidFile);
    assertThat(r.detail()).isEqualTo("killed pid " + old.pid() + "; started pid " + now);
    assertThat(old.isAlive()).isFalse();
    assertThat(alive(now)).isTrue();
  }

  @Test
  void aProcessThatEndsWhenAskedIsStoppedPolitely() throws Exception {
    Process old = start(null, "sleep", "300");
    RecoveryResult r = ProcessRestart.builder("restart").pid(old.pid())
        .command("sleep", "300").build().run();
    assertThat(r.detail()).startsWith("stopped pid " + old.pid() + "; started pid ");
    assertThat(old.isAlive()).isFalse();
  }

  @Test
  void processesAreFoundByCommandLine() throws Exception {
    Process a = start(null, "sleep", "301.4242");
    Process b = start(null, "sleep", "301.4242");
    Process other = start(null, "sleep", "302.4242");
    Path out = dir.resolve("out.log");

    RecoveryResult r = ProcessRestart.builder("restart")
        .commandLine(Pattern.compile("sleep 301\\.4242$"))
        .command("sh", "-c", "echo started; exec sleep 303.4242").output(out).build().run();

    assertThat(r.success()).as(r.detail()).isTrue();
    assertThat(a.isAlive()).isFalse();
    assertThat(b.isAlive()).isFalse();
    assertThat(other.isAlive()).isTrue();
    assertThat(r.detail()).contains("stopped pid " + a.pid(), "stopped pid " + b.pid());
    await().atMost(Duration.ofSeconds(10))
        .until(() -> Files.exists(out) && Files.readString(out).equals("started\n"));
  }

  @Test
  void nothingRunningIsOnlyStarted() throws Exception {
    Path pidFile = dir.resolve("absent.pid");
    RecoveryResult r = ProcessRestart.builder("start").pidFile(pidFile).command("sleep", "300")
        .build().run();
    assertThat(r.success()).isTrue();
    assertThat(alive(readPid(pidFile))).isTrue();
  }

  @Test
  void aCommandThatCannotStartFailsAndEscalatesOnTheLastAttempt() throws Exception {
    Path pidFile = dir.resolve("gone.pid");
    HealthCheck check = worker(pidFile);
    Files.writeString(pidFile, "999999999\n"); // no such process
    ProcessRestart broken = ProcessRestart.builder("restart").pidFile(pidFile)
        .command(dir.resolve("no-such-program").toString()).build();
    List<String> escalations = new java.util.ArrayList<>();
    Recoverer recoverer = Recoverer.builder().policy("worker", RecoveryPolicy.builder()
        .otherwise(broken).maxAttempts(1).verifyAfter(Duration.ZERO).build())
        .listener(new RecoveryListener() {
          @Override
          public void onEscalation(String check, String reason) {
            escalations.add(check);
          }
        }).build();
    HealthResult down = check.check();
    assertThat(down.failure()).isEqualTo(FailureKind.NOT_RUNNING);

    RecoveryOutcome o = recoverer.onResult(check, down);

    assertThat(o.type()).isEqualTo(Type.ESCALATED);
    assertThat(o.detail()).startsWith("java.io.IOException: Cannot run program");
    assertThat(escalations).containsExactly("worker");
    assertThat(Files.readString(pidFile)).isEqualTo("999999999\n");
  }

  @Test
  void waitsForThePortToBeFree() throws Exception {
    ServerSocket busy = new ServerSocket(0);
    int port = busy.getLocalPort();
    ProcessRestart restart;
    RecoveryResult r;
    try {
      restart = ProcessRestart.builder("restart").awaitPortFree(port)
          .grace(Duration.ofMillis(200)).command("sleep", "300").build();
      r = restart.run();
    } finally {
      busy.close();
    }
    assertThat(r.success()).isFalse();
    assertThat(r.detail()).isEqualTo("port " + port + " still in use after PT0.2S");
    assertThat(restart.run().success()).isTrue();
  }

  @Test
  void theBuilderReportsAllItsProblems() {
    assertThatThrownBy(() -> ProcessRestart.builder("restart").grace(Duration.ofSeconds(-1))
        .awaitPortFree(70000).build())
        .hasMessage("ProcessRestart 'restart': command is required; grace must not be negative"
            + " but was PT-1S; awaitPortFree must be a port (1..65535) but was 70000");
  }
}
