package dev.vigil.notify.channel;

import static java.util.Objects.requireNonNull;

import dev.vigil.notify.Channel;
import dev.vigil.notify.Digest;
import dev.vigil.notify.Notification;
import java.io.PrintStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * For development: writes each notification as a readable block of lines to a {@link
 * PrintStream} ({@code System.out} by default) or logs it through an slf4j logger named under
 * {@code dev.vigil.notify} (so Vigil's own appender, which ignores {@code dev.vigil.*} loggers,
 * never captures it back).
 *
 * <pre>{@code
 * ConsoleChannel.builder().build();                                   // System.out
 * ConsoleChannel.builder().logger("dev.vigil.notify.console").build(); // INFO through slf4j
 * }</pre>
 *
 * <p>Control characters of the text (terminal escape sequences from a log line) are shown as
 * Java Unicode escapes (a backslash, {@code u}, four hex digits), not obeyed. Never throws.
 * Thread-safe: a block is written in one call.
 */
public final class ConsoleChannel implements Channel {

  /** The prefix a logger's name must have. */
  public static final String LOGGER_PREFIX = "dev.vigil.notify";

  private final String name;
  private final PrintStream out;
  private final Logger logger;

  private ConsoleChannel(Builder b) {
    this.name = b.name;
    this.out = b.logger == null ? b.out : null;
    this.logger = b.logger == null ? null : LoggerFactory.getLogger(b.logger);
  }

  /** Returns a builder; everything has a default. */
  public static Builder builder() {
    return new Builder();
  }

  /** Returns {@code true}: a group of alerts goes out as one message. */
  @Override
  public boolean groups() {
    return true;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public void send(Notification notification) {
    try {
      String block = block(notification);
      if (logger != null) {
        logger.info("{}", block);
      } else {
        out.print(block + System.lineSeparator());
        out.flush();
      }
    } catch (RuntimeException e) {
      // a development aid must never fail a delivery: nothing to do
    }
  }

  /** Prints {@code digest} as a block like a notification's: a header, the title, the text. */
  @Override
  public boolean sendDigest(Digest digest) {
    try {
      String nl = System.lineSeparator();
      StringBuilder sb = new StringBuilder(digest.text().length() + 256);
      sb.append("=== vigil REPORT · ").append(digest.createdAt()).append(" ===").append(nl);
      sb.append(clean(digest.title().replaceAll("\\R", " "))).append(nl);
      for (String line : digest.text().split("\\R", -1)) {
        sb.append("  ").append(clean(line)).append(nl);
      }
      sb.append("  id: ").append(clean(digest.id()));
      if (logger != null) {
        logger.info("{}", sb);
      } else {
        out.print(sb + nl);
        out.flush();
      }
    } catch (RuntimeException e) {
      // a development aid must never fail a delivery: nothing to do
    }
    return true;
  }

  /** The block: a header line, the title, the text indented, the contact, the id. */
  static String block(Notification n) {
    String nl = System.lineSeparator();
    StringBuilder sb = new StringBuilder(256);
    sb.append("=== vigil ").append(n.kind()).append(' ').append(n.alert().severity())
        .append(" · ").append(n.alert().key()).append(" · ").append(n.createdAt())
        .append(" ===").append(nl);
    sb.append(clean(n.title().replaceAll("\\R", " "))).append(nl);
    for (String line : n.text().split("\\R", -1)) {
      sb.append("  ").append(clean(line)).append(nl);
    }
    if (n.contact() != null) {
      sb.append("  to: ").append(clean(n.contact().name())).append(nl);
    }
    sb.append("  id: ").append(clean(n.id()));
    return sb.toString();
  }

  /** Shows control characters (but tabs) as Unicode escapes. */
  static String clean(String s) {
    StringBuilder sb = null;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean control = (Character.isISOControl(c) && c != '\t') || c == '\u2028'
          || c == '\u2029';
      if (control && sb == null) {
        sb = new StringBuilder(s.length() + 16).append(s, 0, i);
      }
      if (sb != null) {
        if (control) {
          sb.append(String.format("\\u%04x", (int) c));
        } else {
          sb.append(c);
        }
      }
    }
    return sb == null ? s : sb.toString();
  }

  @Override
  public String toString() {
    return "ConsoleChannel[" + name + " to " + (logger != null ? "logger " + logger.getName()
        : out == System.out ? "System.out" : out == System.err ? "System.err" : "a stream") + "]";
  }

  /** Builds a {@link ConsoleChannel}. Not thread-safe. */
  public static final class Builder {
    private String name = "console";
    private PrintStream out = System.out;
    private String logger;

    Builder() {}

    /** Sets the channel's name; {@code console} by default. */
    public Builder name(String name) {
      requireNonNull(name, "name");
      if (name.isBlank()) {
        throw new IllegalArgumentException("name must not be blank");
      }
      this.name = name;
      return this;
    }

    /** Writes to {@code out} rather than {@code System.out}. */
    public Builder out(PrintStream out) {
      this.out = requireNonNull(out, "out");
      this.logger = null;
      return this;
    }

    /**
     * Logs at INFO through the slf4j logger {@code name} rather than printing.
     *
     * @throws IllegalArgumentException if {@code name} is not under {@code dev.vigil.notify}:
     *     Vigil's appender would capture the notifications it logs, and alert on them
     */
    public Builder logger(String name) {
      requireNonNull(name, "logger");
      if (!(name.equals(LOGGER_PREFIX) || name.startsWith(LOGGER_PREFIX + "."))) {
        throw new IllegalArgumentException("logger must be named under " + LOGGER_PREFIX
            + " (Vigil ignores its own loggers, so it never captures what it notifies) but was "
            + name);
      }
      this.logger = name;
      return this;
    }

    /** Builds the channel. */
    public ConsoleChannel build() {
      return new ConsoleChannel(this);
    }
  }
}
