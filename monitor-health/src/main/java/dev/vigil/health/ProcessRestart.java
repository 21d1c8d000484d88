package dev.vigil.health;

import static java.util.Objects.requireNonNull;

import dev.vigil.health.internal.Processes;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A recovery action that restarts a local process (seed 002: stop, clean up, free the port,
 * restart): it stops the running process, found by pid, pid file or command-line pattern
 * (politely, then by force after a grace period, with its descendants), optionally waits for a
 * port to be free, then starts the command anew and writes the new pid to the pid file if one is
 * set. Finding none running is not an error: it is then only started.
 *
 * <pre>{@code
 * RecoveryAction restart = ProcessRestart.builder("restart-worker")
 *     .pidFile(Path.of("/var/run/worker.pid"))
 *     .command("/opt/worker/bin/worker", "--port", "8080")
 *     .awaitPortFree(8080)
 *     .build();
 * }</pre>
 *
 * <p>The new process is detached from the caller's streams: its output goes to {@link
 * Builder#output} or is discarded. Immutable and thread-safe; {@link #run()} blocks up to about
 * twice the grace period plus the start.
 */
public final class ProcessRestart implements RecoveryAction {

  private final String name;
  private final Long pid;
  private final Path pidFile;
  private final Pattern commandLine;
  private final List<String> command;
  private final Path workingDirectory;
  private final Path output;
  private final Duration grace;
  private final int port;

  private ProcessRestart(Builder b) {
    this.name = b.name;
    this.pid = b.pid;
    this.pidFile = b.pidFile;
    this.commandLine = b.commandLine;
    this.command = b.command;
    this.workingDirectory = b.workingDirectory;
    this.output = b.output;
    this.grace = b.grace;
    this.port = b.port;
  }

  /** Returns a builder for an action named {@code name}. */
  public static Builder builder(String name) {
    return new Builder(name);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public RecoveryResult run() throws IOException, InterruptedException {
    List<String> done = new ArrayList<>();
    for (ProcessHandle old : running()) {
      boolean forced = Processes.stop(old, grace);
      done.add((forced ? "killed pid " : "stopped pid ") + old.pid());
    }
    if (port > 0 && !awaitPortFree()) {
      done.add("port " + port + " still in use after " + grace);
      return RecoveryResult.failed(String.join("; ", done));
    }
    ProcessBuilder pb = new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectInput(ProcessBuilder.Redirect.from(nullFile()))
        .redirectOutput(output == null ? ProcessBuilder.Redirect.DISCARD
            : ProcessBuilder.Redirect.appendTo(output.toFile()));
    if (workingDirectory != null) {
      pb.directory(workingDirectory.toFile());
    }
    Process started = pb.start();
    if (pidFile != null) {
      // write then move: a reader never sees half a pid
      Path tmp = pidFile.resolveSibling(pidFile.getFileName() + ".tmp");
      Files.writeString(tmp, started.pid() + "\n", StandardCharsets.US_ASCII);
      Files.move(tmp, pidFile, StandardCopyOption.REPLACE_EXISTING,
          StandardCopyOption.ATOMIC_MOVE);
    }
    done.add("started pid " + started.pid());
    if (!started.isAlive()) {
      done.add("exited at once with " + started.exitValue());
      return RecoveryResult.failed(String.join("; ", done));
    }
    return RecoveryResult.ok(String.join("; ", done));
  }

  /** The processes to stop; never the current JVM. */
  private List<ProcessHandle> running() throws IOException {
    long self = ProcessHandle.current().pid();
    List<ProcessHandle> found = new ArrayList<>();
    if (pid != null) {
      ProcessHandle.of(pid).ifPresent(found::add);
    }
    if (pidFile != null) {
      readPid().flatMap(ProcessHandle::of).ifPresent(found::add);
    }
    if (commandLine != null) {
      Optional<String> me = ProcessHandle.current().info().user();
      ProcessHandle.allProcesses()
          .filter(p -> me.isEmpty() || me.equals(p.info().user()))
          .filter(p -> p.info().commandLine().map(c -> commandLine.matcher(c).find())
              .orElse(false))
          .forEach(found::add);
    }
    return found.stream().filter(p -> p.pid() != self).filter(ProcessHandle::isAlive).distinct()
        .toList();
  }

  private Optional<Long> readPid() throws IOException {
    try {
      String text = Files.readString(pidFile, StandardCharsets.US_ASCII).strip();
      return text.isEmpty() ? Optional.empty() : Optional.of(Long.parseLong(text));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (NumberFormatException e) {
      throw new IOException("pid file " + pidFile + " holds no pid", e);
    }
  }

  private boolean awaitPortFree() throws InterruptedException {
    long deadline = System.nanoTime() + grace.toNanos();
    while (true) {
      try (ServerSocket s = new ServerSocket()) {
        s.bind(new InetSocketAddress(port));
        return true;
      } catch (IOException inUse) {
        if (System.nanoTime() - deadline >= 0) {
          return false;
        }
        Thread.sleep(100); // polling an OS resource; nothing to wait on
      }
    }
  }

  private static java.io.File nullFile() {
    return new java.io.File(System.getProperty("os.name").startsWith("Windows") ? "NUL"
        : "/dev/null");
  }

  @Override
  public String toString() {
    return "ProcessRestart{" + name + ", " + command.get(0) + "}";
  }

  /** Builds a {@link ProcessRestart}; not thread-safe. */
  public static final class Builder {
    private final String name;
    private Long pid;
    private Path pidFile;
    private Pattern commandLine;
    private List<String> command;
    private Path workingDirectory;
    private Path output;
    private Duration grace = Duration.ofSeconds(10);
    private int port;

    private Builder(String name) {
      this.name = requireNonNull(name, "name");
    }

    /** Stops the process with this pid. */
    public Builder pid(long pid) {
      if (pid <= 0) {
        throw new IllegalArgumentException("pid must be positive but was " + pid);
      }
      this.pid = pid;
      return this;
    }

    /**
     * Stops the process whose pid this file holds (a missing file means none runs), and writes
     * the new process's pid to it.
     */
    public Builder pidFile(Path pidFile) {
      this.pidFile = requireNonNull(pidFile, "pidFile");
      return this;
    }

    /**
     * Stops every process of the current user whose command line (program and arguments joined
     * by spaces) {@code pattern} finds.
     */
    public Builder commandLine(Pattern pattern) {
      this.commandLine = requireNonNull(pattern, "commandLine");
      return this;
    }

    /** The command that starts the process anew: program and arguments. Required. */
    public Builder command(List<String> command) {
      this.command = List.copyOf(requireNonNull(command, "command"));
      return this;
    }

    /** Same as {@link #command(List)}. */
    public Builder command(String... command) {
      return command(List.of(command));
    }

    /** The new process's working directory; by default the current one. */
    public Builder workingDirectory(Path dir) {
      this.workingDirectory = requireNonNull(dir, "workingDirectory");
      return this;
    }

    /** A file the new process's output is appended to; by default it is discarded. */
    public Builder output(Path file) {
      this.output = requireNonNull(file, "output");
      return this;
    }

    /**
     * How long a process may take to end when asked before it is killed, and how long a port may
     * take to be free; 10 seconds by default.
     */
    public Builder grace(Duration grace) {
      this.grace = requireNonNull(grace, "grace");
      return this;
    }

    /** After stopping, waits up to the grace period until {@code port} can be bound. */
    public Builder awaitPortFree(int port) {
      this.port = port;
      return this;
    }

    /**
     * Returns the action.
     *
     * @throws IllegalArgumentException listing every problem of the settings
     */
    public ProcessRestart build() {
      List<String> problems = new ArrayList<>();
      if (command == null || command.isEmpty()) {
        problems.add("command is required");
      }
      if (grace.isNegative()) {
        problems.add("grace must not be negative but was " + grace);
      }
      if (port < 0 || port > 65535) {
        problems.add("awaitPortFree must be a port (1..65535) but was " + port);
      }
      if (!problems.isEmpty()) {
        throw new IllegalArgumentException("ProcessRestart '" + name + "': "
            + String.join("; ", problems));
      }
      return new ProcessRestart(this);
    }
  }
}
