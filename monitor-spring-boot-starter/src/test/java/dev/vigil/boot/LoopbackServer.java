package dev.vigil.boot;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.ToIntFunction;

/** A real HTTP server on the loopback interface that records what it receives. */
final class LoopbackServer implements AutoCloseable {

  /** One request as received. */
  record Request(String method, String path, Map<String, List<String>> headers, String body) {
    String header(String name) {
      List<String> values = headers.entrySet().stream()
          .filter(e -> e.getKey().equalsIgnoreCase(name)).map(Map.Entry::getValue)
          .findFirst().orElse(List.of());
      return values.isEmpty() ? null : values.get(0);
    }
  }

  private final HttpServer server;
  final List<Request> requests = new CopyOnWriteArrayList<>();
  /** The status every answer has; 200 unless a test changes it. */
  final AtomicInteger status = new AtomicInteger(200);
  /** The status of each answer; {@link #status} unless a test replaces it. */
  volatile ToIntFunction<Request> answer = r -> status.get();

  LoopbackServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", exchange -> {
      String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      byte[] ok = "ok".getBytes(StandardCharsets.UTF_8);
      Request request = new Request(exchange.getRequestMethod(),
          exchange.getRequestURI().getPath(), Map.copyOf(exchange.getRequestHeaders()), body);
      requests.add(request);
      int code = answer.applyAsInt(request);
      exchange.sendResponseHeaders(code, code == 204 ? -1 : ok.length);
      if (code != 204) {
        exchange.getResponseBody().write(ok);
      }
      exchange.close();
    });
    server.start();
  }

  String url(String path) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + path;
  }

  List<Request> to(String path) {
    return requests.stream().filter(r -> r.path().equals(path)).toList();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
