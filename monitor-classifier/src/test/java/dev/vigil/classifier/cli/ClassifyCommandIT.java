package dev.vigil.classifier.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the shaded jar, {@code target/vigil-classify.jar}, as a user would: in its own JVM, with
 * only the jar on the class path. Runs after {@code package}, under Failsafe.
 */
class ClassifyCommandIT {

  static final Path JAR = Path.of(System.getProperty("vigil.classify.jar",
      "target/vigil-classify.jar"));

  @TempDir
  Path dir;

  record Result(int status, String out, String err) {}

  static Path exampleRules() throws URISyntaxException {
    return Path.of(ClassifyCommandIT.class.getResource("/rules/example.yaml").toURI());
  }

  static Result java(byte[] stdin, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-jar");
    command.add(JAR.toString());
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).start();
    CompletableFuture<byte[]> out = CompletableFuture.supplyAsync(() -> readAll(p.getInputStream()));
    CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> readAll(p.getErrorStream()));
    try (OutputStream in = p.getOutputStream()) {
      in.write(stdin);
    }
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("finished in time").isTrue();
    return new Result(p.exitValue(), new String(out.join(), UTF_8), new String(err.join(), UTF_8));
  }

  private static byte[] readAll(InputStream in) {
    try {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void theJarExists() {
    assertThat(JAR).isRegularFile();
  }

  @Test
  void classifiesAFileWithYamlRules() throws Exception {
    Path log = Files.writeString(dir.resolve("app.log"), ""
        + "2024-05-01 12:00:00 ERROR HikariPool-1 - Connection is not available, request timed out\r\n"
        + "2024-05-01 12:00:01 INFO all good\r\n"
        + "sshd[42]: Failed password for invalid user admin from 10.0.0.1");

    Result r = java(new byte[0], "--rules", exampleRules().toString(), log.toString());

    assertThat(r.err()).isEmpty();
    assertThat(r.status()).isZero();
    String file = log.toString().replace("\\", "\\\\");
    assertThat(r.out()).isEqualTo(""
        + "{\"file\":\"" + file + "\",\"line\":1,\"level\":\"CRITICAL\",\"category\":\"database\","
        + "\"rule\":\"db.hikari-timeout\"}\n"
        + "{\"file\":\"" + file + "\",\"line\":2,\"level\":null,\"category\":null,\"rule\":null}\n"
        // the rule needs source sshd, which a line of text does not give
        + "{\"file\":\"" + file + "\",\"line\":3,\"level\":null,\"category\":null,\"rule\":null}\n");
  }

  @Test
  void classifiesStandardInputWithTheDefaultRules() throws Exception {
    Result r = java("one\ntwo\r\nthree".getBytes(UTF_8), "--summary");

    assertThat(r.status()).isZero();
    assertThat(r.err()).isEmpty();
    assertThat(r.out()).startsWith("lines read: 3\n").contains("\nby severity:\n")
        .containsPattern("\nelapsed: \\d+\\.\\d{3} s \\(\\d+ lines/s\\)\n$");

    Result lines = java("x\n\ny\n".getBytes(UTF_8));
    assertThat(lines.status()).isZero();
    assertThat(lines.out().split("\n")).hasSize(3)
        .allSatisfy(l -> assertThat(l).matches("\\{\"line\":[123],\"level\":.*\\}"));
  }

  @Test
  void exitStatusesAreThoseDocumented() throws Exception {
    Result usage = java(new byte[0], "--no-such-option");
    Result missing = java(new byte[0], dir.resolve("missing.log").toString());
    Result help = java(new byte[0], "--help");

    assertThat(usage.status()).isEqualTo(2);
    assertThat(usage.err()).startsWith("vigil-classify: unknown option '--no-such-option'\nUsage:");
    assertThat(missing.status()).isEqualTo(1);
    assertThat(missing.err()).contains("no such file");
    assertThat(help.status()).isZero();
    assertThat(help.out()).isEqualTo(ClassifyCommand.USAGE);
  }
}
