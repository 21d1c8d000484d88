package dev.vigil.health.check;

import static java.util.Objects.requireNonNull;

import dev.vigil.health.FailureKind;
import dev.vigil.health.HealthCheck;
import dev.vigil.health.HealthResult;
import dev.vigil.internal.json.JsonException;
import dev.vigil.internal.json.JsonReader;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

/**
 * Checks an HTTP endpoint with the JDK {@link HttpClient}, against conditions in the manner of
 * Gatus: the status, the response time, text the body must or must not contain, JSON paths, and
 * for HTTPS how long the server certificate remains valid.
 *
 * <pre>{@code
 * HealthCheck api = HttpCheck.builder("payments-api")
 *     .url("https://payments.example.com/health")
 *     .timeout(Duration.ofSeconds(5))
 *     .maxResponseTime(Duration.ofMillis(800))
 *     .bodyNotContains("notAuthorized")            // seed 003: DOWN with kind BAD_STATE
 *     .jsonPath("$.status", "UP")
 *     .build();
 * }</pre>
 *
 * <p>Results, the first DOWN condition winning: a failure to connect is DOWN with kind {@code
 * CONNECTION_REFUSED}, {@code DNS}, {@code TLS} (handshake) or {@code TIMEOUT} (connect or
 * response beyond {@code timeout}); an unexpected status is DOWN {@code BAD_STATUS}; a body
 * lacking text or a JSON path value is DOWN {@code BAD_RESPONSE}; a body holding forbidden text
 * is DOWN with the kind given (default {@code BAD_STATE}); an expired certificate is DOWN {@code
 * TLS}. Otherwise a response slower than {@code maxResponseTime} is DEGRADED {@code RESOURCE}
 * (a slow answer usually means a saturated server; {@code TIMEOUT} is kept for no answer at all),
 * and a certificate expiring within {@code certificateExpiryWarning} DEGRADED {@code TLS}.
 *
 * <p>At most {@code maxBodyBytes} of the body are read (1 MiB by default). Redirects are not
 * followed unless asked. Immutable and thread-safe: one {@link HttpClient} is shared by all runs.
 * {@code toString()} shows the URL without user info or query values, and no header values.
 */
public final class HttpCheck implements HealthCheck {

  private final String name;
  private final URI url;
  private final String method;
  private final String body;
  private final Map<String, String> headers;
  private final Duration timeout;
  private final StatusRule status;
  private final Duration maxResponseTime;
  private final List<String> bodyContains;
  private final List<String> bodyNotContains;
  private final FailureKind bodyNotContainsKind;
  private final Map<JsonPath, String> jsonPaths;
  private final Duration certificateExpiryWarning;
  private final int maxBodyBytes;
  private final InstantSource clock;
  private final HttpClient client;

  private HttpCheck(Builder b, URI url, Map<JsonPath, String> jsonPaths) {
    this.name = b.name;
    this.url = url;
    this.method = b.method.toUpperCase(Locale.ROOT);
    this.body = b.body;
    this.headers = Map.copyOf(b.headers);
    this.timeout = b.timeout;
    this.status = b.status;
    this.maxResponseTime = b.maxResponseTime;
    this.bodyContains = List.copyOf(b.bodyContains);
    this.bodyNotContains = List.copyOf(b.bodyNotContains);
    this.bodyNotContainsKind = b.bodyNotContainsKind;
    this.jsonPaths = jsonPaths;
    this.certificateExpiryWarning = b.certificateExpiryWarning;
    this.maxBodyBytes = b.maxBodyBytes;
    this.clock = b.clock;
    HttpClient.Builder client = HttpClient.newBuilder()
        .connectTimeout(timeout)
        .followRedirects(b.followRedirects ? HttpClient.Redirect.NORMAL : HttpClient.Redirect.NEVER);
    if (b.sslContext != null) {
      client.sslContext(b.sslContext);
    }
    this.client = client.build();
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
    HttpRequest.Builder request = HttpRequest.newBuilder(url).timeout(timeout)
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body));
    headers.forEach(request::header);
    long start = System.nanoTime();
    HttpResponse<InputStream> response;
    String text;
    try {
      response = client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
      try (InputStream in = response.body()) {
        text = new String(in.readNBytes(maxBodyBytes), charset(response));
      }
    } catch (IOException e) {
      long nanos = System.nanoTime() - start;
      FailureKind kind = Checks.kindOf(e);
      return HealthResult.down(kind, failureDetail(kind, e, nanos))
          .withLatency(Duration.ofNanos(nanos));
    }
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    return evaluate(response, text, took).withLatency(took);
  }

  private String failureDetail(FailureKind kind, IOException e, long nanos) {
    String target = url.getHost() + ":" + port();
    switch (kind) {
      case CONNECTION_REFUSED:
        return "connection refused by " + target + " after " + Checks.ms(nanos);
      case TIMEOUT:
        return "no answer from " + target + " within " + Checks.ms(timeout);
      case DNS:
        return "cannot resolve " + url.getHost();
      case TLS:
        return "TLS handshake with " + target + " failed: " + Checks.message(e);
      default:
        return "request to " + target + " failed: " + Checks.message(e);
    }
  }

  private int port() {
    return url.getPort() >= 0 ? url.getPort() : "https".equalsIgnoreCase(url.getScheme()) ? 443 : 80;
  }

  private HealthResult evaluate(HttpResponse<?> response, String text, Duration took) {
    String head = "HTTP " + response.statusCode() + " in " + Checks.ms(took);
    if (!status.test(response.statusCode())) {
      return HealthResult.down(FailureKind.BAD_STATUS, head + " (expected " + status + ")");
    }
    for (String must : bodyContains) {
      if (!text.contains(must)) {
        return HealthResult.down(FailureKind.BAD_RESPONSE,
            head + ", body lacks \"" + Checks.oneLine(must, Checks.MAX_ECHO) + "\"");
      }
    }
    for (String mustNot : bodyNotContains) {
      if (text.contains(mustNot)) {
        return HealthResult.down(bodyNotContainsKind,
            head + ", body contains \"" + Checks.oneLine(mustNot, Checks.MAX_ECHO) + "\"");
      }
    }
    if (!jsonPaths.isEmpty()) {
      Object root;
      try {
        root = JsonReader.parse(text, 64);
      } catch (JsonException e) {
        return HealthResult.down(FailureKind.BAD_RESPONSE,
            head + ", body is not JSON: " + Checks.oneLine(e.getMessage(), Checks.MAX_ECHO));
      }
      for (Map.Entry<JsonPath, String> path : jsonPaths.entrySet()) {
        Optional<Object> found = path.getKey().find(root);
        if (found.isEmpty()) {
          return HealthResult.down(FailureKind.BAD_RESPONSE, head + ", " + path.getKey()
              + " not found (expected \"" + path.getValue() + "\")");
        }
        String actual = JsonPath.text(found.get());
        if (!actual.equals(path.getValue())) {
          return HealthResult.down(FailureKind.BAD_RESPONSE, head + ", " + path.getKey() + " is \""
              + Checks.oneLine(actual, Checks.MAX_ECHO) + "\" (expected \"" + path.getValue()
              + "\")");
        }
      }
    }
    List<HealthResult> degraded = new ArrayList<>();
    Instant notAfter = response.sslSession().map(HttpCheck::notAfter).orElse(null);
    if (notAfter != null) {
      HealthResult tls = certificateVerdict(notAfter, clock.instant(), certificateExpiryWarning);
      if (tls != null && tls.status() == dev.vigil.health.HealthStatus.DOWN) {
        return HealthResult.down(FailureKind.TLS, head + ", " + tls.detail());
      }
      if (tls != null) {
        degraded.add(tls);
      }
    }
    if (maxResponseTime != null && took.compareTo(maxResponseTime) > 0) {
      degraded.add(0, HealthResult.degraded(FailureKind.RESOURCE,
          "slower than " + Checks.ms(maxResponseTime)));
    }
    if (degraded.isEmpty()) {
      return HealthResult.up(head);
    }
    StringBuilder detail = new StringBuilder(head);
    for (HealthResult d : degraded) {
      detail.append(", ").append(d.detail());
    }
    return HealthResult.degraded(degraded.get(0).failure(), detail.toString());
  }

  /** Returns the notAfter of the server's own certificate, or null if there is none. */
  private static Instant notAfter(SSLSession session) {
    try {
      Certificate[] chain = session.getPeerCertificates();
      return chain.length > 0 && chain[0] instanceof X509Certificate
          ? ((X509Certificate) chain[0]).getNotAfter().toInstant() : null;
    } catch (SSLPeerUnverifiedException e) {
      return null;
    }
  }

  /**
   * Judges a certificate valid until {@code notAfter} at {@code now}: DOWN {@code TLS} if expired,
   * DEGRADED {@code TLS} if it expires within {@code warning}, otherwise {@code null}.
   */
  static HealthResult certificateVerdict(Instant notAfter, Instant now, Duration warning) {
    Duration left = Duration.between(now, notAfter);
    if (left.isNegative() || left.isZero()) {
      return HealthResult.down(FailureKind.TLS, "certificate expired " + days(left.negated())
          + " ago (notAfter " + notAfter + ")");
    }
    if (left.compareTo(warning) < 0) {
      return HealthResult.degraded(FailureKind.TLS, "certificate expires in " + days(left)
          + " (notAfter " + notAfter + ")");
    }
    return null;
  }

  private static String days(Duration d) {
    long days = d.toDays();
    return days >= 1 ? days + (days == 1 ? " day" : " days") : d.toHours() + " h";
  }

  private static Charset charset(HttpResponse<?> response) {
    Optional<String> type = response.headers().firstValue("Content-Type");
    if (type.isPresent()) {
      Matcher m = Pattern.compile("(?i)charset=\"?([^\";\\s]+)").matcher(type.get());
      if (m.find()) {
        try {
          return Charset.forName(m.group(1));
        } catch (RuntimeException unsupported) {
          // Fall back to UTF-8: a body must still be checked when its charset is unknown.
        }
      }
    }
    return StandardCharsets.UTF_8;
  }

  @Override
  public String toString() {
    return "HttpCheck{" + name + ", " + method + " " + Checks.redact(url)
        + (headers.isEmpty() ? "" : ", headers " + new TreeSet<>(headers.keySet()))
        + ", timeout " + timeout + "}";
  }

  /** The statuses accepted: a set, or ranges. Immutable. */
  private static final class StatusRule {
    private final int[] ranges; // pairs of inclusive bounds
    private final String text;

    StatusRule(int[] ranges, String text) {
      this.ranges = ranges;
      this.text = text;
    }

    boolean test(int status) {
      for (int i = 0; i < ranges.length; i += 2) {
        if (status >= ranges[i] && status <= ranges[i + 1]) {
          return true;
        }
      }
      return false;
    }

    @Override
    public String toString() {
      return text;
    }
  }

  /** Builds an {@link HttpCheck}; not thread-safe. */
  public static final class Builder {
    private final String name;
    private String urlText;
    private URI url;
    private String method = "GET";
    private String body;
    private final Map<String, String> headers = new LinkedHashMap<>();
    private Duration timeout = Duration.ofSeconds(10);
    private StatusRule status = new StatusRule(new int[] {200, 299}, "2xx");
    private Duration maxResponseTime;
    private final List<String> bodyContains = new ArrayList<>();
    private final List<String> bodyNotContains = new ArrayList<>();
    private FailureKind bodyNotContainsKind = FailureKind.BAD_STATE;
    private final Map<String, String> jsonPaths = new LinkedHashMap<>();
    private Duration certificateExpiryWarning = Duration.ofDays(14);
    private int maxBodyBytes = 1 << 20;
    private boolean followRedirects;
    private SSLContext sslContext;
    private InstantSource clock = InstantSource.system();
    private final List<String> problems = new ArrayList<>();

    private Builder(String name) {
      this.name = name;
    }

    /** Sets the URL to request, {@code http} or {@code https}; required. */
    public Builder url(String url) {
      this.urlText = requireNonNull(url, "url");
      this.url = null;
      return this;
    }

    /** Sets the URL to request, {@code http} or {@code https}; required. */
    public Builder url(URI url) {
      this.url = requireNonNull(url, "url");
      this.urlText = null;
      return this;
    }

    /** Sets the method; {@code GET} by default. */
    public Builder method(String method) {
      this.method = requireNonNull(method, "method");
      return this;
    }

    /** Sets a request body, sent as given (set a {@code Content-Type} header with it). */
    public Builder body(String body) {
      this.body = requireNonNull(body, "body");
      return this;
    }

    /** Adds a request header, replacing an earlier one of the same name. */
    public Builder header(String name, String value) {
      headers.put(requireNonNull(name, "header name"), requireNonNull(value, "header value"));
      return this;
    }

    /** Sets the time to connect, and then to receive the response headers; 10 s by default. */
    public Builder timeout(Duration timeout) {
      this.timeout = requireNonNull(timeout, "timeout");
      return this;
    }

    /** Accepts only these statuses (instead of any 2xx). */
    public Builder expectStatus(int... statuses) {
      requireNonNull(statuses, "statuses");
      int[] ranges = new int[statuses.length * 2];
      StringBuilder text = new StringBuilder();
      for (int i = 0; i < statuses.length; i++) {
        ranges[2 * i] = statuses[i];
        ranges[2 * i + 1] = statuses[i];
        text.append(i == 0 ? "" : " or ").append(statuses[i]);
        if (statuses[i] < 100 || statuses[i] > 599) {
          problems.add("expectStatus must hold statuses from 100 to 599 but held " + statuses[i]);
        }
      }
      if (statuses.length == 0) {
        problems.add("expectStatus needs at least one status");
      }
      this.status = new StatusRule(ranges, text.toString());
      return this;
    }

    /** Accepts the statuses from {@code from} to {@code to}, inclusive (instead of any 2xx). */
    public Builder expectStatusRange(int from, int to) {
      if (from < 100 || to > 599 || from > to) {
        problems.add("expectStatusRange must be within 100 to 599 with from <= to but was "
            + from + " to " + to);
      }
      this.status = new StatusRule(new int[] {from, to}, from + "-" + to);
      return this;
    }

    /** Reports DEGRADED when the whole exchange takes longer; none by default. */
    public Builder maxResponseTime(Duration maxResponseTime) {
      this.maxResponseTime = requireNonNull(maxResponseTime, "maxResponseTime");
      return this;
    }

    /** Requires the body to contain {@code text}, or reports DOWN {@code BAD_RESPONSE}. */
    public Builder bodyContains(String text) {
      bodyContains.add(requireNonNull(text, "text"));
      return this;
    }

    /** Requires the body not to contain {@code text}, or reports DOWN {@code BAD_STATE}. */
    public Builder bodyNotContains(String text) {
      bodyNotContains.add(requireNonNull(text, "text"));
      return this;
    }

    /** Sets the kind reported when the body contains forbidden text; {@code BAD_STATE} by default. */
    public Builder bodyNotContainsKind(FailureKind kind) {
      this.bodyNotContainsKind = requireNonNull(kind, "kind");
      return this;
    }

    /**
     * Requires the JSON body's value at {@code path} (such as {@code $.checks[0].status}) to be
     * {@code expected}, compared as text: a string as is, other values as JSON writes them
     * ({@code 42}, {@code 1.5}, {@code true}, {@code null}).
     */
    public Builder jsonPath(String path, String expected) {
      jsonPaths.put(requireNonNull(path, "path"), requireNonNull(expected, "expected"));
      return this;
    }

    /**
     * Reports DEGRADED {@code TLS} when the server certificate expires within {@code warning};
     * 14 days by default, zero to report only an expired one.
     */
    public Builder certificateExpiryWarning(Duration warning) {
      this.certificateExpiryWarning = requireNonNull(warning, "warning");
      return this;
    }

    /** Sets how many bytes of the body to read at most; 1 MiB by default. */
    public Builder maxBodyBytes(int maxBodyBytes) {
      this.maxBodyBytes = maxBodyBytes;
      return this;
    }

    /** Follows redirects (except HTTPS to HTTP) when {@code true}; {@code false} by default. */
    public Builder followRedirects(boolean followRedirects) {
      this.followRedirects = followRedirects;
      return this;
    }

    /** Sets the TLS context, such as one trusting a private CA; the JVM's default otherwise. */
    public Builder sslContext(SSLContext sslContext) {
      this.sslContext = requireNonNull(sslContext, "sslContext");
      return this;
    }

    /** Sets the clock that certificate expiry is measured by; the system clock by default. */
    public Builder clock(InstantSource clock) {
      this.clock = requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Builds the check.
     *
     * @throws IllegalArgumentException listing every invalid setting
     */
    public HttpCheck build() {
      Checks.Problems p = new Checks.Problems();
      p.name(name);
      problems.forEach(problem -> p.check(false, problem));
      URI u = url;
      if (urlText != null) {
        try {
          u = new URI(urlText);
        } catch (java.net.URISyntaxException e) {
          p.check(false, "url is not a URI: " + e.getMessage());
        }
      }
      if (u == null && urlText == null) {
        p.check(false, "url is required");
      } else if (u != null) {
        p.check(("http".equalsIgnoreCase(u.getScheme()) || "https".equalsIgnoreCase(u.getScheme()))
            && u.getHost() != null, "url must be an absolute http or https URL with a host but was "
            + Checks.redact(u));
      }
      p.check(method.matches("[A-Za-z]+"), "method must be a token such as GET but was '"
          + Checks.oneLine(method, 20) + "'");
      p.positive("timeout", timeout);
      if (maxResponseTime != null) {
        p.positive("maxResponseTime", maxResponseTime);
      }
      p.check(!certificateExpiryWarning.isNegative(),
          "certificateExpiryWarning must not be negative but was " + certificateExpiryWarning);
      p.check(maxBodyBytes > 0, "maxBodyBytes must be positive but was " + maxBodyBytes);
      for (Map.Entry<String, String> h : headers.entrySet()) {
        try {
          // The JDK client's own rules: tokens, no line breaks, no restricted headers such as Host.
          HttpRequest.newBuilder().header(h.getKey(), h.getValue());
        } catch (IllegalArgumentException e) {
          p.check(false, "header '" + Checks.oneLine(h.getKey(), 40) + "' is restricted or invalid (name a token, value without line breaks)");
        }
      }
      Map<JsonPath, String> paths = new LinkedHashMap<>();
      jsonPaths.forEach((path, expected) -> {
        try {
          paths.put(JsonPath.parse(path), expected);
        } catch (IllegalArgumentException e) {
          p.check(false, "jsonPath '" + path + "' is invalid: " + e.getMessage());
        }
      });
      p.throwIfAny("HttpCheck", name);
      return new HttpCheck(this, u, java.util.Collections.unmodifiableMap(paths));
    }
  }
}
