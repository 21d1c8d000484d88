package dev.vigil.health.internal;

import static java.util.Objects.requireNonNull;

import dev.vigil.health.RecoveryAction;
import dev.vigil.health.RecoveryResult;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Sends an HTTP request; see {@link RecoveryAction#http}. Immutable and thread-safe.
 */
public final class HttpAction implements RecoveryAction {

  private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

  private final String name;
  private final HttpRequest request;
  private final HttpClient client;

  /** Creates the action; see {@link RecoveryAction#http}. */
  public HttpAction(String name, HttpRequest request) {
    this.name = requireNonNull(name, "name");
    requireNonNull(request, "request");
    this.request = request.timeout().isPresent() ? request
        : HttpRequest.newBuilder(request, (n, v) -> true).timeout(DEFAULT_TIMEOUT).build();
    this.client = HttpClient.newBuilder().connectTimeout(this.request.timeout().orElseThrow())
        .followRedirects(HttpClient.Redirect.NEVER).build();
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public RecoveryResult run() throws InterruptedException {
    String target = request.method() + " " + safe(request.uri());
    HttpResponse<String> response;
    try {
      response = client.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (IOException e) {
      // the exception's message may hold the full URI: only its type goes into the detail
      return RecoveryResult.failed(target + ": " + e.getClass().getSimpleName());
    }
    int code = response.statusCode();
    if (code / 100 == 2) {
      return RecoveryResult.ok(target + ": HTTP " + code);
    }
    String body = Texts.oneLine(Texts.head(response.body(), 200));
    return RecoveryResult.failed(target + ": HTTP " + code + (body.isEmpty() ? "" : ": " + body));
  }

  /** Returns the URI without user info, query and fragment, where credentials hide. */
  static String safe(URI uri) {
    String port = uri.getPort() < 0 ? "" : ":" + uri.getPort();
    String path = uri.getRawPath() == null ? "" : uri.getRawPath();
    return uri.getScheme() + "://" + uri.getHost() + port + path;
  }

  @Override
  public String toString() {
    return "HttpAction{" + name + ", " + request.method() + " " + safe(request.uri()) + "}";
  }
}
