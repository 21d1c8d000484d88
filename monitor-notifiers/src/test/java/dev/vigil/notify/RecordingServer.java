package dev.vigil.notify;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * A real HTTP server on a free loopback port (the JDK's), for the channels' tests: it records
 * every request and answers with the scripted {@link Answer}s, one per request, then with the
 * default (200, empty). Thread-safe.
 */
public final class RecordingServer implements AutoCloseable {

  /** A request as received. Header names are lower-cased. */
  public record Request(String method, String path, String query, Map<String, String> headers,
      String body, Answer answer) {}

  /** An answer: a status, headers, a body, and a delay before answering. */
  public record Answer(int status, Map<String, String> headers, String body, Duration delay) {
    public static Answer status(int status) {
      return new Answer(status, Map.of(), "", Duration.ZERO);
    }

    public static Answer ok(String body) {
      return new Answer(200, Map.of("Content-Type", "application/json"), body, Duration.ZERO);
    }

    public Answer withHeader(String name, String value) {
      Map<String, String> h = new TreeMap<>(headers);
      h.put(name, value);
      return new Answer(status, h, body, delay);
    }

    public Answer after(Duration delay) {
      return new Answer(status, headers, body, delay);
    }
  }

  private final HttpServer server;
  private final List<Request> requests = Collections.synchronizedList(new ArrayList<>());
  private final ConcurrentLinkedQueue<Answer> script = new ConcurrentLinkedQueue<>();
  private volatile Function<String, Answer> fallback = body -> Answer.status(200);

  /** Starts a server on a free port of 127.0.0.1. */
  public RecordingServer() {
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    server.setExecutor(Executors.newCachedThreadPool());
    server.createContext("/", this::handle);
    server.start();
  }

  /** Returns the URI of {@code path} on this server. */
  public URI uri(String path) {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
  }

  /** Queues answers for the next requests, in order. */
  public RecordingServer answer(Answer... answers) {
    Collections.addAll(script, answers);
    return this;
  }

  /** Sets the answer once the script is used up, from the request body. */
  public RecordingServer otherwise(Function<String, Answer> answer) {
    this.fallback = answer;
    return this;
  }

  /** Returns the requests received so far; a snapshot. */
  public List<Request> requests() {
    synchronized (requests) {
      return List.copyOf(requests);
    }
  }

  /** Returns the requests answered with a 2xx; a snapshot. */
  public List<Request> delivered() {
    return requests().stream().filter(r -> r.answer().status() / 100 == 2).toList();
  }

  private void handle(HttpExchange exchange) throws IOException {
    String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    Answer answer = script.poll();
    if (answer == null) {
      answer = fallback.apply(body);
    }
    if (!answer.delay().isZero()) {
      try {
        Thread.sleep(answer.delay().toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    Map<String, String> headers = new TreeMap<>();
    exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(java.util.Locale.ROOT),
        String.join(",", v)));
    URI uri = exchange.getRequestURI();
    requests.add(new Request(exchange.getRequestMethod(), uri.getPath(), uri.getRawQuery(),
        headers, body, answer));
    answer.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
    byte[] out = answer.body().getBytes(StandardCharsets.UTF_8);
    try {
      exchange.sendResponseHeaders(answer.status(), out.length == 0 ? -1 : out.length);
      if (out.length > 0) {
        try (OutputStream os = exchange.getResponseBody()) {
          os.write(out);
        }
      }
    } catch (IOException clientGone) {
      // the client timed out first: the answer is recorded all the same
    } finally {
      exchange.close();
    }
  }

  @Override
  public void close() {
    server.stop(0);
    ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
  }
}
