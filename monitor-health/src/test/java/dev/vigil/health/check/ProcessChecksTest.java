package dev.vigil.health.check;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.vigil.health.FailureKind;
import dev.vigil.health.HealthResult;
import dev.vigil.health.HealthStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ProcessCheck and CommandCheck with real child processes. */
class ProcessChecksTest {

  @TempDir
  Path dir;

  private Process child;

  @AfterEach
  void killChild() throws InterruptedException {
    if (child != null) {
      child.destroyForcibly();
      child.waitFor(10, TimeUnit.SECONDS);
    }
  }

  private Process sleep(String seconds) throws Exception {
    child = new ProcessBuilder("sleep", seconds).start();
    return child;
  }

  private static void kill(Process p) throws InterruptedException {
    p.destroyForcibly();
    // Reap it: until its parent waits for it, a dead child is a zombie that still has its pid.
    assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void byPidAliveThenKilled() throws Exception {
    Process p = sleep("30");
    ProcessCheck check = ProcessCheck.builder("sleeper").pid(p.pid()).build();
    assertThat(check.check()).isEqualTo(HealthResult.up("pid " + p.pid() + " sleep is running"));
    kill(p);
    assertThat(check.check()).isEqualTo(
        HealthResult.down(FailureKind.NOT_RUNNING, "pid " + p.pid() + " is not running"));
  }

  @Test
  void byPidFile() throws Exception {
    Process p = sleep("30");
    Path pidFile = dir.resolve("sleeper.pid");
    ProcessCheck check = ProcessCheck.builder("sleeper").pidFile(pidFile).build();
    assertThat(check.check()).isEqualTo(HealthResult.down(FailureKind.NOT_RUNNING,
        "pid file " + pidFile + " is missing"));
    Files.writeString(pidFile, p.pid() + "\n");
    assertThat(check.check().status()).isEqualTo(HealthStatus.UP);
    assertThat(check.check().detail()).contains("(from " + pidFile + ")");
    kill(p);
    assertThat(check.check().failure()).isEqualTo(FailureKind.NOT_RUNNING);
    Files.writeString(pidFile, "not a pid");
    assertThat(check.check()).isEqualTo(HealthResult.down(FailureKind.ERROR,
        "pid file " + pidFile + " does not hold a pid but 'not a pid'"));
  }

  @Test
  void byCommandLine() throws Exception {
    Process p = sleep("29.123");
    ProcessCheck check = ProcessCheck.builder("sleeper").commandLine("sleep 29\\.123$").build();
    HealthResult up = check.check();
    assertThat(up.status()).isEqualTo(HealthStatus.UP);
    assertThat(up.detail()).isEqualTo("1 process match /sleep 29\\.123$/ (pid " + p.pid() + ")");
    kill(p);
    assertThat(check.check().failure()).isEqualTo(FailureKind.NOT_RUNNING);
  }

  @Test
  void processBuilderReportsEveryProblem() {
    assertThatThrownBy(() -> ProcessCheck.builder("p").build())
        .hasMessage("invalid ProcessCheck 'p': one of pid, pidFile or commandLine is required");
    assertThatThrownBy(() -> ProcessCheck.builder("p").pid(0).commandLine("(").build())
        .hasMessageStartingWith("invalid ProcessCheck 'p': only one of pid, pidFile or"
            + " commandLine may be set; pid must be positive but was 0; commandLine is not a"
            + " regular expression");
  }

  private static CommandCheck.Builder sh(String script) {
    return CommandCheck.builder("cmd").command("sh", "-c", script);
  }

  @Test
  void commandSucceeds() throws Exception {
    HealthResult r = sh("echo ok; exit 0").outputMatches("^ok$").build().check();
    assertThat(r.status()).isEqualTo(HealthStatus.UP);
    assertThat(r.detail()).matches("exit 0 in \\d+ ms: ok");
  }

  @Test
  void unexpectedExitCodeIsBadStatus() throws Exception {
    HealthResult r = sh("echo replica lagging >&2; exit 3").build().check();
    assertThat(r.status()).isEqualTo(HealthStatus.DOWN);
    assertThat(r.failure()).isEqualTo(FailureKind.BAD_STATUS);
    assertThat(r.detail()).matches("exit 3 \\(expected 0\\) in \\d+ ms: replica lagging");
    assertThat(sh("exit 3").expectExitCode(3).build().check().status())
        .isEqualTo(HealthStatus.UP);
  }

  @Test
  void outputMismatchIsBadResponse() throws Exception {
    HealthResult r = sh("echo degraded").outputMatches("\\bok\\b").build().check();
    assertThat(r.failure()).isEqualTo(FailureKind.BAD_RESPONSE);
    assertThat(r.detail()).isEqualTo("output does not match /\\bok\\b/: degraded");
  }

  @Test
  void outputIsCapped() throws Exception {
    HealthResult r = sh("head -c 200000 /dev/zero | tr '\\0' x; echo END").outputMatches("END")
        .maxOutputBytes(1000).build().check();
    assertThat(r.failure()).isEqualTo(FailureKind.BAD_RESPONSE);
    assertThat(r.detail()).endsWith("…");
  }

  @Test
  void commandPastItsTimeoutIsKilled() throws Exception {
    Path pidFile = dir.resolve("cmd.pid");
    HealthResult r = sh("echo $$ > '" + pidFile + "'; exec sleep 30")
        .timeout(Duration.ofMillis(500)).build().check();
    assertThat(r).isEqualTo(
        HealthResult.down(FailureKind.TIMEOUT, "sh did not exit within 500 ms, killed")
            .withLatency(r.latency()));
    long pid = Long.parseLong(Files.readString(pidFile).trim());
    assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive)).isEmpty();
  }

  @Test
  void commandsChildrenAreKilledToo() throws Exception {
    Path pidFile = dir.resolve("child.pid");
    HealthResult r = sh("sleep 30 & echo $! > '" + pidFile + "'; wait")
        .timeout(Duration.ofMillis(500)).build().check();
    assertThat(r.failure()).isEqualTo(FailureKind.TIMEOUT);
    long pid = Long.parseLong(Files.readString(pidFile).trim());
    // The orphaned child is reaped by init (or a subreaper), not by us.
    await().atMost(Duration.ofSeconds(10))
        .until(() -> ProcessHandle.of(pid).filter(ProcessHandle::isAlive).isEmpty());
  }

  @Test
  void missingProgramIsError() throws Exception {
    HealthResult r = CommandCheck.builder("cmd").command("/no/such/program").build().check();
    assertThat(r.failure()).isEqualTo(FailureKind.ERROR);
    assertThat(r.detail()).startsWith("cannot run /no/such/program: ");
  }

  @Test
  void commandToStringHidesArguments() {
    assertThat(CommandCheck.builder("cmd").command(List.of("mysql", "-psecret", "-e", "select 1"))
        .build().toString()).isEqualTo("CommandCheck{cmd, mysql (3 arguments), timeout PT30S}");
  }

  @Test
  void commandBuilderReportsEveryProblem() {
    assertThatThrownBy(() -> CommandCheck.builder("cmd").timeout(Duration.ofSeconds(-1))
        .outputMatches("[").maxOutputBytes(0).build())
        .hasMessageStartingWith("invalid CommandCheck 'cmd': command is required; timeout must be"
            + " a positive duration but was PT-1S; maxOutputBytes must be positive but was 0;"
            + " outputMatches is not a regular expression");
  }
}
