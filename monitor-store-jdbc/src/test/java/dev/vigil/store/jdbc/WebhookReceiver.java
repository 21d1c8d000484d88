package dev.vigil.store.jdbc;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A real webhook endpoint on a loopback port (the JDK's HTTP server): records each POST it
 * answers 200 with its {@code Idempotency-Key}, its {@code X-Sender} and its body. Thread-safe.
 */
final class WebhookReceiver implements AutoCloseable {

  /** A notification received. */
  record Received(String key, String sender, String body) {}

  private final HttpServer server;
  private final ExecutorService executor = Executors.newCachedThreadPool();
  private final List<Received> received = new ArrayList<>(); // guarded by itself

  private WebhookReceiver(int port) throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
    server.setExecutor(executor);
    server.createContext("/", this::handle);
    server.start();
  }

  /** Starts a receiver on a free loopback port. */
  static WebhookReceiver start() throws IOException {
    return new WebhookReceiver(0);
  }

  /** Starts a receiver on {@code port} of the loopback address. */
  static WebhookReceiver startOn(int port) throws IOException {
    return new WebhookReceiver(port);
  }

  /** Returns a loopback port nothing listens on (for now): sends there are refused. */
  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  /** Returns the URI of the webhook on {@code port}. */
  static URI uri(int port) {
    return URI.create("http://127.0.0.1:" + port + "/hook");
  }

  URI uri() {
    return uri(server.getAddress().getPort());
  }

  /** Returns what was received so far; a snapshot. */
  List<Received> received() {
    synchronized (received) {
      return List.copyOf(received);
    }
  }

  /** Returns the idempotency keys received so far, in order. */
  List<String> keys() {
    return received().stream().map(Received::key).toList();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      synchronized (received) {
        received.add(new Received(exchange.getRequestHeaders().getFirst("Idempotency-Key"),
            exchange.getRequestHeaders().getFirst("X-Sender"), body));
      }
      exchange.sendResponseHeaders(200, -1);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
