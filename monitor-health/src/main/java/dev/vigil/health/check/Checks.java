package dev.vigil.health.check;

import dev.vigil.health.FailureKind;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.net.ssl.SSLException;

/** Helpers shared by the checks: setting problems, one-line texts, failure kinds. Stateless. */
final class Checks {

  /** The most characters of foreign text (a body, an output, a message) put in a detail. */
  static final int MAX_ECHO = 200;

  private Checks() {}

  /** Collects the problems of a builder's settings, to report them together. Not thread-safe. */
  static final class Problems {
    private final List<String> problems = new ArrayList<>();

    /** Records {@code problem} unless {@code ok}. */
    void check(boolean ok, String problem) {
      if (!ok) {
        problems.add(problem);
      }
    }

    /** Records a problem if {@code name} is null or blank. */
    void name(String name) {
      check(name != null && !name.isBlank(), "name is required (not blank)");
    }

    /** Records a problem if {@code value} is not a positive duration; returns whether it is. */
    boolean positive(String setting, Duration value) {
      boolean ok = value != null && !value.isNegative() && !value.isZero();
      check(ok, setting + " must be a positive duration but was " + value);
      return ok;
    }

    /** Records a problem if {@code percent} is not within 0 to 100. */
    void percent(String setting, double percent) {
      check(percent >= 0 && percent <= 100,
          setting + " must be a percentage from 0 to 100 but was " + percent);
    }

    /** Throws if any problem was recorded. */
    void throwIfAny(String check, String name) {
      if (!problems.isEmpty()) {
        throw new IllegalArgumentException("invalid " + check
            + (name == null || name.isBlank() ? "" : " '" + name + "'") + ": "
            + String.join("; ", problems));
      }
    }
  }

  /** Returns {@code d} in whole milliseconds, as in {@code 87 ms}. */
  static String ms(Duration d) {
    return d.toMillis() + " ms";
  }

  /** Returns {@code nanos} in whole milliseconds, as in {@code 87 ms}. */
  static String ms(long nanos) {
    return (nanos / 1_000_000) + " ms";
  }

  /** Returns {@code bytes} for people, as in {@code 512 MB} or {@code 1.5 GB} (powers of 1024). */
  static String bytes(long bytes) {
    if (bytes < 1024) {
      return bytes + " B";
    }
    String[] units = {"kB", "MB", "GB", "TB", "PB", "EB"};
    double v = bytes;
    int u = -1;
    while (v >= 1024 && u < units.length - 1) {
      v /= 1024;
      u++;
    }
    return (v >= 100 ? String.format(Locale.ROOT, "%.0f", v)
        : String.format(Locale.ROOT, "%.1f", v)) + " " + units[u];
  }

  /** Returns {@code percent} with one decimal, as in {@code 81.3 %}. */
  static String percent(double percent) {
    return String.format(Locale.ROOT, "%.1f %%", percent);
  }

  /** Returns {@code text} on one line (line breaks and tabs as spaces), cut to {@code max}. */
  static String oneLine(String text, int max) {
    if (text == null) {
      return "";
    }
    String s = text.strip().replaceAll("[\\r\\n\\t]+", " ");
    return s.length() <= max ? s : s.substring(0, max) + "…";
  }

  /**
   * Returns {@code uri} fit to show: without user info, and with each query parameter's value
   * replaced by {@code ***}, as tokens often travel there.
   */
  static String redact(URI uri) {
    StringBuilder b = new StringBuilder();
    if (uri.getScheme() != null) {
      b.append(uri.getScheme()).append("://");
    }
    if (uri.getHost() != null) {
      b.append(uri.getHost());
      if (uri.getPort() >= 0) {
        b.append(':').append(uri.getPort());
      }
    }
    if (uri.getRawPath() != null) {
      b.append(uri.getRawPath());
    }
    if (uri.getRawQuery() != null) {
      b.append('?');
      String[] params = uri.getRawQuery().split("&", -1);
      for (int i = 0; i < params.length; i++) {
        int eq = params[i].indexOf('=');
        b.append(i == 0 ? "" : "&").append(eq < 0 ? params[i] : params[i].substring(0, eq) + "=***");
      }
    }
    return b.toString();
  }

  /**
   * Returns why an I/O failure happened, looking through its causes: DNS before TLS before
   * TIMEOUT before CONNECTION_REFUSED, as the outer exceptions are often generic wrappers (the JDK
   * HTTP client reports an unknown host as a {@code ConnectException} caused by an {@code
   * UnresolvedAddressException}).
   */
  static FailureKind kindOf(Throwable failure) {
    if (any(failure, t -> t instanceof UnknownHostException
        || t instanceof UnresolvedAddressException)) {
      return FailureKind.DNS;
    }
    if (any(failure, t -> t instanceof SSLException)) {
      return FailureKind.TLS;
    }
    if (any(failure, t -> t instanceof HttpTimeoutException || t instanceof SocketTimeoutException
        || t instanceof java.util.concurrent.TimeoutException
        || t instanceof InterruptedIOException)) {
      return FailureKind.TIMEOUT;
    }
    if (any(failure, t -> t instanceof ConnectException || t instanceof NoRouteToHostException
        || t instanceof SocketException)) {
      return FailureKind.CONNECTION_REFUSED;
    }
    return FailureKind.ERROR;
  }

  /** Returns the most telling message in {@code failure}'s chain, or its class name. */
  static String message(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t.getMessage() != null && !t.getMessage().isBlank()) {
        return oneLine(t.getMessage(), MAX_ECHO);
      }
    }
    return failure.getClass().getSimpleName();
  }

  private static boolean any(Throwable failure, java.util.function.Predicate<Throwable> test) {
    int depth = 0;
    for (Throwable t = failure; t != null && depth < 16; t = t.getCause(), depth++) {
      if (test.test(t)) {
        return true;
      }
    }
    return false;
  }
}
