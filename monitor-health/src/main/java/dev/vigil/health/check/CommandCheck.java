package dev.vigil.health.check;

import static java.util.Objects.requireNonNull;

import dev.vigil.health.FailureKind;
import dev.vigil.health.HealthCheck;
import dev.vigil.health.HealthResult;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Runs a command and checks its exit code and, optionally, its output. The command is an
 * argument list run directly, without a shell; pass {@code "sh", "-c", "..."} to have one.
 *
 * <pre>{@code
 * HealthCheck replication = CommandCheck.builder("replication")
 *     .command("sh", "-c", "pg_isready -h db.example.com && echo ok")
 *     .expectExitCode(0)
 *     .outputMatches("\\bok\\b")
 *     .timeout(Duration.ofSeconds(10))
 *     .build();
 * }</pre>
 *
 * <p>Results: UP when the exit code is as expected and the output (standard output and error
 * together, the first {@code maxOutputBytes} kept) holds a match of the expression; DOWN {@code
 * BAD_STATUS} with the exit code and the start of the output for another exit code; DOWN {@code
 * BAD_RESPONSE} when the output does not match; DOWN {@code TIMEOUT} when the command runs past
 * {@code timeout}: it is then killed ({@link Process#destroyForcibly()}, its descendants first)
 * and waited for; DOWN {@code ERROR} when it cannot be started. If the running check is
 * interrupted, the command is killed too.
 *
 * <p>Immutable and thread-safe: each run starts its own process and a daemon thread reading its
 * output. {@code toString()} shows the program only, as arguments may hold secrets.
 */
public final class CommandCheck implements HealthCheck {

  private final String name;
  private final List<String> command;
  private final int expectedExitCode;
  private final Pattern outputMatches;
  private final Duration timeout;
  private final int maxOutputBytes;
  private final Path directory;

  private CommandCheck(Builder b, Pattern outputMatches) {
    this.name = b.name;
    this.command = List.copyOf(b.command);
    this.expectedExitCode = b.expectedExitCode;
    this.outputMatches = outputMatches;
    this.timeout = b.timeout;
    this.maxOutputBytes = b.maxOutputBytes;
    this.directory = b.directory;
  }

  /** Returns a builder for a check named {@code name}. */
  public static Builder builder(String name) {
    return new Builder(name);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public HealthResult check() throws InterruptedException {
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    if (directory != null) {
      builder.directory(directory.toFile());
    }
    builder.redirectInput(ProcessBuilder.Redirect.from(new java.io.File(nullDevice())));
    long start = System.nanoTime();
    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      return HealthResult.down(FailureKind.ERROR,
          "cannot run " + command.get(0) + ": " + Checks.message(e));
    }
    OutputReader output = new OutputReader(process.getInputStream(), maxOutputBytes);
    Thread reader = new Thread(output, "vigil-command-check-" + name);
    reader.setDaemon(true);
    reader.start();
    boolean exited = false;
    try {
      exited = process.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS);
    } finally {
      if (!exited) {
        kill(process);
      }
    }
    long nanos = System.nanoTime() - start;
    Duration took = Duration.ofNanos(nanos);
    if (!exited) {
      return HealthResult.down(FailureKind.TIMEOUT, command.get(0) + " did not exit within "
          + Checks.ms(timeout) + ", killed").withLatency(took);
    }
    // The output ends when the process and any children holding its pipe are gone; don't wait
    // for long-lived children.
    reader.join(1000);
    String text = output.text(Charset.defaultCharset());
    int exit = process.exitValue();
    if (exit != expectedExitCode) {
      return HealthResult.down(FailureKind.BAD_STATUS, "exit " + exit + " (expected "
          + expectedExitCode + ") in " + Checks.ms(nanos) + cut(text)).withLatency(took);
    }
    if (outputMatches != null && !outputMatches.matcher(text).find()) {
      return HealthResult.down(FailureKind.BAD_RESPONSE, "output does not match /" + outputMatches
          + "/" + cut(text)).withLatency(took);
    }
    return HealthResult.up("exit " + exit + " in " + Checks.ms(nanos) + cut(text))
        .withLatency(took);
  }

  private static String cut(String output) {
    String line = Checks.oneLine(output, 120);
    return line.isEmpty() ? "" : ": " + line;
  }

  private static void kill(Process process) throws InterruptedException {
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
    // Reap it, so that it is gone when the check returns; SIGKILL cannot be ignored.
    process.waitFor(5, TimeUnit.SECONDS);
  }

  private static String nullDevice() {
    return System.getProperty("os.name", "").startsWith("Windows") ? "NUL" : "/dev/null";
  }

  @Override
  public String toString() {
    return "CommandCheck{" + name + ", " + command.get(0)
        + (command.size() > 1 ? " (" + (command.size() - 1) + " arguments)" : "")
        + ", timeout " + timeout + "}";
  }

  /** Reads a process's output, keeping the first bytes and draining the rest. */
  private static final class OutputReader implements Runnable {
    private final InputStream in;
    private final int max;
    private final ByteArrayOutputStream kept = new ByteArrayOutputStream();

    OutputReader(InputStream in, int max) {
      this.in = in;
      this.max = max;
    }

    @Override
    public void run() {
      byte[] buffer = new byte[8192];
      try (InputStream input = in) {
        for (int n; (n = input.read(buffer)) >= 0; ) {
          synchronized (kept) {
            kept.write(buffer, 0, Math.max(0, Math.min(n, max - kept.size())));
          }
        }
      } catch (IOException e) {
        // The process was killed, or the pipe closed: keep what was read.
      }
    }

    String text(Charset charset) {
      synchronized (kept) {
        return kept.toString(charset);
      }
    }
  }

  /** Builds a {@link CommandCheck}; not thread-safe. */
  public static final class Builder {
    private final String name;
    private List<String> command = List.of();
    private int expectedExitCode;
    private String outputMatches;
    private Duration timeout = Duration.ofSeconds(30);
    private int maxOutputBytes = 64 * 1024;
    private Path directory;

    private Builder(String name) {
      this.name = name;
    }

    /** Sets the program and its arguments; required. */
    public Builder command(String... command) {
      return command(Arrays.asList(requireNonNull(command, "command")));
    }

    /** Sets the program and its arguments; required. */
    public Builder command(List<String> command) {
      this.command = new ArrayList<>(requireNonNull(command, "command"));
      return this;
    }

    /** Sets the exit code meaning success; 0 by default. */
    public Builder expectExitCode(int exitCode) {
      this.expectedExitCode = exitCode;
      return this;
    }

    /** Requires the output to hold a match of the regular expression {@code regex}. */
    public Builder outputMatches(String regex) {
      this.outputMatches = requireNonNull(regex, "regex");
      return this;
    }

    /** Sets how long the command may run before it is killed; 30 s by default. */
    public Builder timeout(Duration timeout) {
      this.timeout = requireNonNull(timeout, "timeout");
      return this;
    }

    /** Sets how many bytes of output to keep for matching; 64 KiB by default. */
    public Builder maxOutputBytes(int maxOutputBytes) {
      this.maxOutputBytes = maxOutputBytes;
      return this;
    }

    /** Sets the working directory; the JVM's by default. */
    public Builder directory(Path directory) {
      this.directory = requireNonNull(directory, "directory");
      return this;
    }

    /**
     * Builds the check.
     *
     * @throws IllegalArgumentException listing every invalid setting
     */
    public CommandCheck build() {
      Checks.Problems p = new Checks.Problems();
      p.name(name);
      p.check(!command.isEmpty(), "command is required");
      p.check(command.stream().allMatch(a -> a != null), "command must not hold null arguments");
      p.check(command.isEmpty() || command.get(0) == null || !command.get(0).isBlank(),
          "command's program must not be blank");
      p.positive("timeout", timeout);
      p.check(maxOutputBytes > 0, "maxOutputBytes must be positive but was " + maxOutputBytes);
      Pattern pattern = null;
      if (outputMatches != null) {
        try {
          pattern = Pattern.compile(outputMatches);
        } catch (PatternSyntaxException e) {
          p.check(false, "outputMatches is not a regular expression: "
              + Checks.oneLine(e.getMessage(), Checks.MAX_ECHO));
        }
      }
      p.throwIfAny("CommandCheck", name);
      return new CommandCheck(this, pattern);
    }
  }
}
