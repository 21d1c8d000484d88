package dev.vigil.health.internal;

import static java.util.Objects.requireNonNull;

import dev.vigil.health.RecoveryAction;
import dev.vigil.health.RecoveryResult;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs an OS command; see {@link RecoveryAction#command(String, Duration, List)}. Immutable and
 * thread-safe; each run starts its own process.
 */
public final class CommandAction implements RecoveryAction {

  /** How much of the output goes into the detail. */
  static final int OUTPUT_CHARS = 500;

  private final String name;
  private final Duration timeout;
  private final List<String> command;

  /** Creates the action; see {@link RecoveryAction#command(String, Duration, List)}. */
  public CommandAction(String name, Duration timeout, List<String> command) {
    this.name = requireNonNull(name, "name");
    this.timeout = requireNonNull(timeout, "timeout");
    this.command = List.copyOf(requireNonNull(command, "command"));
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout of '" + name + "' must be positive but was "
          + timeout);
    }
    if (this.command.isEmpty()) {
      throw new IllegalArgumentException("command of '" + name + "' must not be empty");
    }
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public RecoveryResult run() throws IOException, InterruptedException {
    // output to a file rather than a pipe: no reader thread, and a chatty command never blocks
    Path out = Files.createTempFile("vigil-recovery-", ".out");
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true)
          .redirectOutput(out.toFile()).redirectInput(ProcessBuilder.Redirect.from(nullFile()))
          .start();
      boolean exited;
      try {
        exited = p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Processes.stop(p.toHandle(), Duration.ZERO);
        throw e;
      }
      if (!exited) {
        Processes.stop(p.toHandle(), Duration.ofSeconds(1));
        return RecoveryResult.failed("timed out after " + timeout + ", killed" + output(out));
      }
      int code = p.exitValue();
      String detail = "exit " + code + output(out);
      return code == 0 ? RecoveryResult.ok(detail) : RecoveryResult.failed(detail);
    } finally {
      Files.deleteIfExists(out);
    }
  }

  /**
   * The end of the output: only its last bytes are read (a chatty command may write gigabytes),
   * and bytes that are not text in the platform's charset become replacement characters (the
   * command's success does not depend on them).
   */
  private static String output(Path out) throws IOException {
    byte[] tail;
    try (SeekableByteChannel channel = Files.newByteChannel(out)) {
      long size = channel.size();
      int n = (int) Math.min(size, OUTPUT_CHARS * 4L + 4);
      channel.position(size - n);
      ByteBuffer buffer = ByteBuffer.allocate(n);
      while (buffer.hasRemaining() && channel.read(buffer) >= 0) {
        // read the whole tail
      }
      tail = Arrays.copyOf(buffer.array(), buffer.position());
    }
    String text = Texts.tail(new String(tail, Charset.defaultCharset()), OUTPUT_CHARS);
    return text.isEmpty() ? "" : ": " + Texts.oneLine(text);
  }

  private static java.io.File nullFile() {
    return new java.io.File(System.getProperty("os.name").startsWith("Windows") ? "NUL"
        : "/dev/null");
  }

  @Override
  public String toString() {
    return "CommandAction{" + name + "}";
  }
}
