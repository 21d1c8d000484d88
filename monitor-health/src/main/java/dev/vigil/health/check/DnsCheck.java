package dev.vigil.health.check;

import static java.util.Objects.requireNonNull;

import dev.vigil.health.FailureKind;
import dev.vigil.health.HealthCheck;
import dev.vigil.health.HealthResult;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

/**
 * Checks that a name resolves, with {@link InetAddress#getAllByName}, and optionally to one of
 * the expected addresses: UP with the addresses; DOWN {@code DNS} when it does not resolve, or
 * resolves only elsewhere; DOWN {@code TIMEOUT} when the resolver does not answer in time.
 *
 * <pre>{@code
 * HealthCheck dns = DnsCheck.builder("api-dns")
 *     .hostName("api.example.com")
 *     .expectAddress("203.0.113.10")   // optional; UP if any resolved address is expected
 *     .timeout(Duration.ofSeconds(3))
 *     .build();
 * }</pre>
 *
 * <p>The JVM caches lookups (by default 30 s for found names, 10 s for unknown ones; see the
 * {@code networkaddress.cache.*} security properties), so a change shows after that delay. The
 * JDK resolver has no timeout of its own: the lookup runs on a short-lived daemon thread, which
 * is left to finish on its own when the timeout passes. Immutable and thread-safe.
 */
public final class DnsCheck implements HealthCheck {

  private final String name;
  private final String hostName;
  private final Set<InetAddress> expected;
  private final Duration timeout;

  private DnsCheck(Builder b, Set<InetAddress> expected) {
    this.name = b.name;
    this.hostName = b.hostName;
    this.expected = expected;
    this.timeout = b.timeout;
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
    FutureTask<InetAddress[]> lookup = new FutureTask<>(() -> InetAddress.getAllByName(hostName));
    Thread thread = new Thread(lookup, "vigil-dns-check-" + name);
    thread.setDaemon(true);
    long start = System.nanoTime();
    thread.start();
    InetAddress[] found;
    try {
      found = lookup.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      return HealthResult.down(FailureKind.TIMEOUT,
          "no answer resolving " + hostName + " within " + Checks.ms(timeout));
    } catch (ExecutionException e) {
      return e.getCause() instanceof UnknownHostException
          ? HealthResult.down(FailureKind.DNS, "cannot resolve " + hostName)
          : HealthResult.down(FailureKind.ERROR,
              "resolving " + hostName + " failed: " + Checks.message(e.getCause()));
    }
    long nanos = System.nanoTime() - start;
    String addresses = Arrays.stream(found).map(InetAddress::getHostAddress).distinct()
        .collect(Collectors.joining(", "));
    if (!expected.isEmpty() && Arrays.stream(found).noneMatch(expected::contains)) {
      return HealthResult.down(FailureKind.DNS, hostName + " resolves to " + addresses
          + ", none of the expected " + expected.stream().map(InetAddress::getHostAddress)
              .collect(Collectors.joining(", ")));
    }
    return HealthResult.up(hostName + " resolves to " + addresses + " in " + Checks.ms(nanos))
        .withLatency(Duration.ofNanos(nanos));
  }

  @Override
  public String toString() {
    return "DnsCheck{" + name + ", " + hostName + (expected.isEmpty() ? "" : ", expected "
        + expected.stream().map(InetAddress::getHostAddress).collect(Collectors.toList())) + "}";
  }

  /** Builds a {@link DnsCheck}; not thread-safe. */
  public static final class Builder {
    private final String name;
    private String hostName;
    private final Set<String> expected = new LinkedHashSet<>();
    private Duration timeout = Duration.ofSeconds(5);

    private Builder(String name) {
      this.name = name;
    }

    /** Sets the name to resolve; required. */
    public Builder hostName(String hostName) {
      this.hostName = requireNonNull(hostName, "hostName");
      return this;
    }

    /**
     * Adds an expected address, an IPv4 or IPv6 literal: the check is UP only when the name
     * resolves to at least one of the expected addresses.
     */
    public Builder expectAddress(String address) {
      expected.add(requireNonNull(address, "address"));
      return this;
    }

    /** Sets how long to wait for the resolver; 5 s by default. */
    public Builder timeout(Duration timeout) {
      this.timeout = requireNonNull(timeout, "timeout");
      return this;
    }

    /**
     * Builds the check.
     *
     * @throws IllegalArgumentException listing every invalid setting
     */
    public DnsCheck build() {
      Checks.Problems p = new Checks.Problems();
      p.name(name);
      p.check(hostName != null && !hostName.isBlank(), "hostName is required");
      p.positive("timeout", timeout);
      Set<InetAddress> addresses = new LinkedHashSet<>();
      for (String a : expected) {
        // Only literals: getByName would otherwise look the text up as a name.
        boolean literal = a.matches("[0-9]{1,3}(\\.[0-9]{1,3}){3}")
            || a.matches("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.%\\w]*");
        try {
          if (literal) {
            addresses.add(InetAddress.getByName(a));
          }
        } catch (UnknownHostException e) {
          literal = false;
        }
        p.check(literal, "expectAddress '" + Checks.oneLine(a, 60)
            + "' is not an IPv4 or IPv6 address");
      }
      p.throwIfAny("DnsCheck", name);
      return new DnsCheck(this, java.util.Collections.unmodifiableSet(addresses));
    }
  }
}
