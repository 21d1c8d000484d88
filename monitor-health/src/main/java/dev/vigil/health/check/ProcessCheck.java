package dev.vigil.health.check;

import static java.util.Objects.requireNonNull;

import dev.vigil.health.FailureKind;
import dev.vigil.health.HealthCheck;
import dev.vigil.health.HealthResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import java.util.stream.Collectors;

/**
 * Checks that a process runs, found by one of: its pid, a pid file, or a regular expression
 * found in its command line. UP names the process; DOWN {@code NOT_RUNNING} when there is none
 * (or the pid file is missing); DOWN {@code ERROR} when the pid file holds no pid.
 *
 * <pre>{@code
 * HealthCheck nginx = ProcessCheck.builder("nginx")
 *     .pidFile(Path.of("/run/nginx.pid"))       // or .pid(1234), or .commandLine("nginx: master")
 *     .build();
 * }</pre>
 *
 * <p>A command line can be read only for the processes the JVM's user may inspect, and only on
 * systems that tell it ({@link ProcessHandle.Info#commandLine()}); other processes never match.
 * A process that has exited but not been reaped by its parent (a zombie) may still count as
 * alive. Immutable and thread-safe.
 */
public final class ProcessCheck implements HealthCheck {

  private final String name;
  private final long pid;
  private final Path pidFile;
  private final Pattern commandLine;

  private ProcessCheck(Builder b, Pattern commandLine) {
    this.name = b.name;
    this.pid = b.pid;
    this.pidFile = b.pidFile;
    this.commandLine = commandLine;
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
  public HealthResult check() {
    if (commandLine != null) {
      List<ProcessHandle> found = ProcessHandle.allProcesses()
          .filter(p -> p.isAlive() && p.info().commandLine()
              .map(c -> commandLine.matcher(c).find()).orElse(false))
          .limit(10)
          .collect(Collectors.toList());
      if (found.isEmpty()) {
        return HealthResult.down(FailureKind.NOT_RUNNING,
            "no process whose command line matches /" + commandLine + "/");
      }
      return HealthResult.up((found.size() == 10 ? "10 or more processes" : found.size()
          + (found.size() == 1 ? " process" : " processes")) + " match /" + commandLine
          + "/ (pid " + found.stream().map(p -> String.valueOf(p.pid()))
              .collect(Collectors.joining(", ")) + ")");
    }
    long target = pid;
    String from = "";
    if (pidFile != null) {
      String text;
      try {
        text = new String(Files.readAllBytes(pidFile), StandardCharsets.US_ASCII).trim();
      } catch (NoSuchFileException e) {
        return HealthResult.down(FailureKind.NOT_RUNNING, "pid file " + pidFile + " is missing");
      } catch (IOException e) {
        return HealthResult.down(FailureKind.ERROR,
            "cannot read pid file " + pidFile + ": " + Checks.message(e));
      }
      if (!text.matches("[0-9]{1,18}")) {
        return HealthResult.down(FailureKind.ERROR, "pid file " + pidFile
            + " does not hold a pid but '" + Checks.oneLine(text, 40) + "'");
      }
      target = Long.parseLong(text);
      from = " (from " + pidFile + ")";
    }
    Optional<ProcessHandle> process = ProcessHandle.of(target).filter(ProcessHandle::isAlive);
    if (process.isEmpty()) {
      return HealthResult.down(FailureKind.NOT_RUNNING, "pid " + target + from + " is not running");
    }
    String command = process.get().info().command().map(c -> " " + Path.of(c).getFileName())
        .orElse("");
    return HealthResult.up("pid " + target + command + from + " is running");
  }

  @Override
  public String toString() {
    return "ProcessCheck{" + name + ", " + (commandLine != null ? "command line /" + commandLine
        + "/" : pidFile != null ? "pid file " + pidFile : "pid " + pid) + "}";
  }

  /** Builds a {@link ProcessCheck}; not thread-safe. */
  public static final class Builder {
    private final String name;
    private long pid = -1;
    private Path pidFile;
    private String commandLine;

    private Builder(String name) {
      this.name = name;
    }

    /** Finds the process by its pid; one of pid, pid file or command line is required. */
    public Builder pid(long pid) {
      this.pid = pid;
      return this;
    }

    /** Finds the process by the pid in {@code pidFile}, read at each run. */
    public Builder pidFile(Path pidFile) {
      this.pidFile = requireNonNull(pidFile, "pidFile");
      return this;
    }

    /** Finds the processes whose command line holds a match of the regular expression. */
    public Builder commandLine(String regex) {
      this.commandLine = requireNonNull(regex, "regex");
      return this;
    }

    /**
     * Builds the check.
     *
     * @throws IllegalArgumentException listing every invalid setting
     */
    public ProcessCheck build() {
      Checks.Problems p = new Checks.Problems();
      p.name(name);
      int ways = (pid != -1 ? 1 : 0) + (pidFile != null ? 1 : 0) + (commandLine != null ? 1 : 0);
      p.check(ways == 1, ways == 0 ? "one of pid, pidFile or commandLine is required"
          : "only one of pid, pidFile or commandLine may be set");
      p.check(pid == -1 || pid > 0, "pid must be positive but was " + pid);
      Pattern pattern = null;
      if (commandLine != null) {
        try {
          pattern = Pattern.compile(commandLine);
        } catch (PatternSyntaxException e) {
          p.check(false, "commandLine is not a regular expression: "
              + Checks.oneLine(e.getMessage(), Checks.MAX_ECHO));
        }
      }
      p.throwIfAny("ProcessCheck", name);
      return new ProcessCheck(this, pattern);
    }
  }
}
