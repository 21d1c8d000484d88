package dev.vigil.notify.internal;

import dev.vigil.notify.DeliveryException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The HTTP the channels share: one JDK client, a request timeout, and the mapping of answers to
 * {@link DeliveryException}s: 2xx delivered; 408, 429 and 5xx retryable (after {@code
 * Retry-After} when given, in seconds, possibly fractional, or as an HTTP date); any other
 * status permanent; I/O errors and timeouts retryable. Messages name the host, never the URL (webhook URLs and paths
 * hold secrets), and quote at most 200 characters of the answer.
 */
public final class Http {

  /** The default time a request may take, connection included. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

  private static final HttpClient CLIENT = HttpClient.newBuilder()
      .connectTimeout(Duration.ofSeconds(5))
      .followRedirects(HttpClient.Redirect.NEVER)
      .build();

  private Http() {}

  /** Returns the shared client: connections time out after 5 s, redirects are not followed. */
  public static HttpClient client() {
    return CLIENT;
  }

  /**
   * Sends {@code body} with {@code method} to {@code uri} and returns the answer's body if it is a
   * 2xx.
   *
   * @param headers extra headers (Content-Type included), in order
   * @throws DeliveryException for any other answer or an I/O error, as the class describes
   */
  public static String send(String method, URI uri, Map<String, String> headers, byte[] body,
      Duration timeout) throws DeliveryException {
    return send(method, uri, headers, body, timeout, Http::answer);
  }

  /**
   * Like {@link #send(String, URI, Map, byte[], Duration)}, but the error message quotes {@code
   * errorDetail} applied to the answer's body (never null) instead of its first 200 characters:
   * for providers whose error answers may echo a secret or personal data (a phone number), or
   * hold a code worth naming. The result is appended to {@code "HTTP 400 from host"} as is.
   */
  public static String send(String method, URI uri, Map<String, String> headers, byte[] body,
      Duration timeout, UnaryOperator<String> errorDetail) throws DeliveryException {
    HttpRequest.Builder request = HttpRequest.newBuilder(uri)
        .timeout(timeout)
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofByteArray(body));
    headers.forEach(request::header);
    String host = uri.getHost();
    HttpResponse<String> response;
    try {
      response = CLIENT.send(request.build(),
          HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (HttpTimeoutException e) {
      throw DeliveryException.retryable("no answer from " + host + " within " + timeout);
    } catch (ConnectException e) {
      throw DeliveryException.retryable("cannot connect to " + host + ": "
          + (e.getMessage() == null ? "connection refused" : e.getMessage()));
    } catch (IOException e) {
      throw DeliveryException.retryable("I/O error talking to " + host + ": "
          + e.getClass().getSimpleName());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw DeliveryException.retryable("interrupted while talking to " + host);
    }
    int status = response.statusCode();
    if (status >= 200 && status < 300) {
      return response.body();
    }
    String answer = response.body() == null ? "" : response.body();
    String detail = "HTTP " + status + " from " + host + errorDetail.apply(answer);
    if (status == 408 || status == 429 || status >= 500) {
      Duration after = retryAfter(response.headers().firstValue("Retry-After").orElse(null));
      throw after == null ? DeliveryException.retryable(detail)
          : DeliveryException.retryable(detail, after);
    }
    throw DeliveryException.permanent(detail);
  }

  /** Posts {@code body} as {@code contentType}; see {@link #send}. */
  public static String post(URI uri, String contentType, String body, Map<String, String> headers,
      Duration timeout) throws DeliveryException {
    return post(uri, contentType, body, headers, timeout, Http::answer);
  }

  /**
   * Posts {@code body} as {@code contentType}, quoting {@code errorDetail} of an error answer;
   * see {@link #send(String, URI, Map, byte[], Duration, UnaryOperator)}.
   */
  public static String post(URI uri, String contentType, String body, Map<String, String> headers,
      Duration timeout, UnaryOperator<String> errorDetail) throws DeliveryException {
    Map<String, String> all = new java.util.LinkedHashMap<>();
    all.put("Content-Type", contentType);
    all.putAll(headers);
    return send("POST", uri, all, body.getBytes(StandardCharsets.UTF_8), timeout, errorDetail);
  }

  /** Returns {@code ": "} and the first 200 characters of {@code body} on one line, or "". */
  public static String answer(String body) {
    if (body == null || body.isBlank()) {
      return "";
    }
    String oneLine = body.strip().replaceAll("\\s+", " ");
    return ": " + Texts.truncate(oneLine, 200);
  }

  /**
   * Parses a {@code Retry-After} value (seconds, possibly with a fraction, or an HTTP date); null
   * if absent or bad; at most a day.
   */
  static Duration retryAfter(String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    String v = value.strip();
    if (v.matches("\\d{1,18}(\\.\\d{1,9})?")) {
      // seconds; some servers (Discord) send fractions, such as 0.35: rounded up to the ms
      java.math.BigDecimal millis = new java.math.BigDecimal(v).movePointRight(3)
          .setScale(0, java.math.RoundingMode.CEILING);
      return Duration.ofMillis(millis.min(java.math.BigDecimal.valueOf(86_400_000L))
          .longValueExact());
    }
    try {
      ZonedDateTime at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME);
      Duration d = Duration.between(java.time.Instant.now(), at.toInstant()); // wall clock
      return d.isNegative() ? Duration.ZERO
          : d.compareTo(Duration.ofDays(1)) > 0 ? Duration.ofDays(1) : d;
    } catch (DateTimeParseException bad) {
      return null;
    }
  }
}
