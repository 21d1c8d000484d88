package dev.vigil.health.check;

import static java.util.Objects.requireNonNull;

import dev.vigil.health.FailureKind;
import dev.vigil.health.HealthCheck;
import dev.vigil.health.HealthResult;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.UnknownHostException;
import java.time.Duration;

/**
 * Checks that a TCP port accepts connections: UP with the connect time; DOWN with kind {@code
 * CONNECTION_REFUSED} (nothing listens, or no route), {@code TIMEOUT} (no answer within the
 * connect timeout, as behind a firewall dropping packets) or {@code DNS}.
 *
 * <pre>{@code
 * HealthCheck db = TcpCheck.builder("postgres-port")
 *     .host("db.example.com").port(5432)
 *     .connectTimeout(Duration.ofSeconds(2))
 *     .build();
 * }</pre>
 *
 * <p>The connection is closed at once; nothing is sent. Immutable and thread-safe.
 */
public final class TcpCheck implements HealthCheck {

  private final String name;
  private final String host;
  private final int port;
  private final Duration connectTimeout;

  private TcpCheck(Builder b) {
    this.name = b.name;
    this.host = b.host;
    this.port = b.port;
    this.connectTimeout = b.connectTimeout;
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
    String target = host + ":" + port;
    long start = System.nanoTime();
    InetAddress address;
    try {
      address = InetAddress.getByName(host);
    } catch (UnknownHostException e) {
      return HealthResult.down(FailureKind.DNS, "cannot resolve " + host);
    }
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(address, port), (int) Math.min(Integer.MAX_VALUE,
          Math.max(1, connectTimeout.toMillis())));
      long nanos = System.nanoTime() - start;
      return HealthResult.up("connected to " + target + " in " + Checks.ms(nanos))
          .withLatency(Duration.ofNanos(nanos));
    } catch (IOException e) {
      FailureKind kind = Checks.kindOf(e);
      String detail = kind == FailureKind.TIMEOUT
          ? "no answer from " + target + " within " + Checks.ms(connectTimeout)
          : kind == FailureKind.CONNECTION_REFUSED
              ? "connection refused by " + target + refusal(e)
              : "cannot connect to " + target + ": " + Checks.message(e);
      return HealthResult.down(kind, detail)
          .withLatency(Duration.ofNanos(System.nanoTime() - start));
    }
  }

  /** Returns why a connection failed unless the JDK's message only repeats "refused". */
  private static String refusal(IOException e) {
    String message = Checks.message(e);
    return message.toLowerCase(java.util.Locale.ROOT).contains("refused") ? "" : " (" + message + ")";
  }

  @Override
  public String toString() {
    return "TcpCheck{" + name + ", " + host + ":" + port + ", connectTimeout " + connectTimeout
        + "}";
  }

  /** Builds a {@link TcpCheck}; not thread-safe. */
  public static final class Builder {
    private final String name;
    private String host;
    private int port = -1;
    private Duration connectTimeout = Duration.ofSeconds(5);

    private Builder(String name) {
      this.name = name;
    }

    /** Sets the host name or address; required. */
    public Builder host(String host) {
      this.host = requireNonNull(host, "host");
      return this;
    }

    /** Sets the port, 1 to 65535; required. */
    public Builder port(int port) {
      this.port = port;
      return this;
    }

    /** Sets the connect timeout; 5 s by default. */
    public Builder connectTimeout(Duration connectTimeout) {
      this.connectTimeout = requireNonNull(connectTimeout, "connectTimeout");
      return this;
    }

    /**
     * Builds the check.
     *
     * @throws IllegalArgumentException listing every invalid setting
     */
    public TcpCheck build() {
      Checks.Problems p = new Checks.Problems();
      p.name(name);
      p.check(host != null && !host.isBlank(), "host is required");
      p.check(port >= 1 && port <= 65535, port == -1 ? "port is required"
          : "port must be from 1 to 65535 but was " + port);
      p.positive("connectTimeout", connectTimeout);
      p.throwIfAny("TcpCheck", name);
      return new TcpCheck(this);
    }
  }
}
