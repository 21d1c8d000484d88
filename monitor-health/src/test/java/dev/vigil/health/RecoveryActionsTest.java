package dev.vigil.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The built-in actions against real servers and real commands. */
class RecoveryActionsTest {

  @TempDir
  Path dir;

  private HttpServer server;
  private final AtomicInteger status = new AtomicInteger(204);
  private final List<String> seen = new CopyOnWriteArrayList<>();

  @BeforeEach
  void startServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/admin/restart", ex -> {
      seen.add(ex.getRequestMethod() + " " + ex.getRequestURI() + " "
          + ex.getRequestHeaders().getFirst("Authorization"));
      ex.getRequestBody().readAllBytes();
      byte[] body = status.get() == 204 ? new byte[0]
          : "restart failed: worker busy".getBytes(StandardCharsets.UTF_8);
      ex.sendResponseHeaders(status.get(), body.length == 0 ? -1 : body.length);
      try (OutputStream os = ex.getResponseBody()) {
        os.write(body);
      }
    });
    server.start();
  }

  @AfterEach
  void stop() throws Exception {
    server.stop(0);
    List<ProcessHandle> children = ProcessHandle.current().descendants().toList();
    children.forEach(ProcessHandle::destroyForcibly);
    for (ProcessHandle p : children) {
      p.onExit().get(10, TimeUnit.SECONDS);
    }
  }

  private HttpRequest restartRequest(int port) {
    return HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + port + "/admin/restart?token=hunter2"))
        .header("Authorization", "Bearer s3cr3t")
        .POST(HttpRequest.BodyPublishers.ofString("{\"service\":\"api\"}"))
        .build();
  }

  @Test
  void http2xxSucceeds() throws Exception {
    int port = server.getAddress().getPort();
    RecoveryResult r = RecoveryAction.http("restart-api", restartRequest(port)).run();
    assertThat(r.success()).isTrue();
    assertThat(r.detail()).isEqualTo("POST http://127.0.0.1:" + port + "/admin/restart: HTTP 204");
    assertThat(seen).containsExactly("POST /admin/restart?token=hunter2 Bearer s3cr3t");
  }

  @Test
  void http500FailsWithoutShowingSecrets() throws Exception {
    status.set(500);
    int port = server.getAddress().getPort();
    RecoveryAction action = RecoveryAction.http("restart-api", restartRequest(port));
    RecoveryResult r = action.run();
    assertThat(r.success()).isFalse();
    assertThat(r.detail()).isEqualTo("POST http://127.0.0.1:" + port
        + "/admin/restart: HTTP 500: restart failed: worker busy");
    assertThat(r.detail() + action).doesNotContain("hunter2", "s3cr3t");
  }

  @Test
  void httpConnectionRefusedFailsWithoutShowingSecrets() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    RecoveryResult r = RecoveryAction.http("restart-api", restartRequest(port)).run();
    assertThat(r.success()).isFalse();
    assertThat(r.detail()).startsWith("POST http://127.0.0.1:" + port + "/admin/restart: ")
        .doesNotContain("hunter2", "s3cr3t");
  }

  @Test
  void commandExitCodeAndOutput() throws Exception {
    RecoveryResult ok = RecoveryAction.command("ok", Duration.ofSeconds(30),
        "sh", "-c", "echo cleaning up; echo port freed >&2").run();
    assertThat(ok.success()).isTrue();
    assertThat(ok.detail()).isEqualTo("exit 0: cleaning up | port freed");

    RecoveryResult bad = RecoveryAction.command("bad", Duration.ofSeconds(30),
        List.of("sh", "-c", "echo no such unit; exit 3")).run();
    assertThat(bad.success()).isFalse();
    assertThat(bad.detail()).isEqualTo("exit 3: no such unit");
  }

  @Test
  void commandOutputIsCutToItsEnd() throws Exception {
    RecoveryResult r = RecoveryAction.command("chatty", Duration.ofSeconds(30),
        "sh", "-c", "head -c 100000 /dev/zero | tr '\\0' x; echo; echo THE END").run();
    assertThat(r.success()).isTrue();
    assertThat(r.detail()).startsWith("exit 0: …xxx").endsWith("xxx | THE END");
    assertThat(r.detail().length()).isLessThanOrEqualTo("exit 0: ".length() + 500 + 2);
  }

  /**
   * A command that worked but printed bytes that are not text in the platform's charset (a
   * Latin-1 message, a binary) still worked: its output is shown with replacement characters.
   */
  @Test
  void aCommandPrintingMalformedBytesStillSucceeds() throws Exception {
    RecoveryResult r = RecoveryAction.command("latin1", Duration.ofSeconds(30),
        "sh", "-c", "printf 'red\\351marr\\351 \\377\\376\\n'").run();
    assertThat(r.success()).as(r.detail()).isTrue();
    assertThat(r.detail()).startsWith("exit 0: red").contains("marr");
  }

  @Test
  void aCommandThatTimesOutIsKilledWithItsChildren() throws Exception {
    Path pidFile = dir.resolve("child.pid");
    long start = System.nanoTime();
    RecoveryResult r = RecoveryAction.command("hangs", Duration.ofSeconds(1),
        "sh", "-c", "sleep 300 & echo $! > '" + pidFile + "'; echo waiting; wait").run();
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(20));
    assertThat(r.success()).isFalse();
    assertThat(r.detail()).isEqualTo("timed out after PT1S, killed: waiting");
    long child = Long.parseLong(Files.readString(pidFile).strip());
    await().atMost(Duration.ofSeconds(10))
        .until(() -> ProcessHandle.of(child).map(p -> !p.isAlive()).orElse(true));
  }

  @Test
  void aMissingProgramFails() {
    assertThatThrownBy(() -> RecoveryAction.command("missing", Duration.ofSeconds(5),
        "/no/such/program").run()).isInstanceOf(IOException.class);
    assertThatThrownBy(() -> RecoveryAction.command("empty", Duration.ofSeconds(5)))
        .hasMessage("command of 'empty' must not be empty");
    assertThatThrownBy(() -> RecoveryAction.command("x", Duration.ZERO, "true"))
        .hasMessage("timeout of 'x' must be positive but was PT0S");
  }

  @Test
  void aSequenceStopsAtTheFirstFailure() throws Exception {
    AtomicInteger restarts = new AtomicInteger();
    RecoveryAction restart = RecoveryAction.of("restart", () -> {
      restarts.incrementAndGet();
      return RecoveryResult.ok("started");
    });
    RecoveryResult failed = RecoveryAction.sequence("recover",
        RecoveryAction.command("cleanup", Duration.ofSeconds(5), "sh", "-c", "exit 2"),
        restart).run();
    assertThat(failed.success()).isFalse();
    assertThat(failed.detail()).isEqualTo("cleanup: exit 2");
    assertThat(restarts).hasValue(0);

    RecoveryResult ok = RecoveryAction.sequence("recover",
        RecoveryAction.command("cleanup", Duration.ofSeconds(5), "true"), restart).run();
    assertThat(ok.success()).isTrue();
    assertThat(ok.detail()).isEqualTo("cleanup: exit 0; restart: started");
    assertThat(restarts).hasValue(1);
  }
}
