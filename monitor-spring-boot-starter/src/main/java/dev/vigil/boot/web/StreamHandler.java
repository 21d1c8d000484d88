package dev.vigil.boot.web;

import dev.vigil.Monitor;
import dev.vigil.boot.internal.Requests;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.web.HttpRequestHandler;

/**
 * {@code GET …/vigil/stream}: Server-Sent Events of stored events ({@code event: event}) and
 * alert transitions ({@code event: alert}), filtered by {@code source, severity, category, text,
 * fingerprint}; {@code events=false} or {@code alerts=false} leaves one kind out.
 */
final class StreamHandler implements HttpRequestHandler {

  private final LiveStream stream;
  private final Monitor monitor;

  StreamHandler(LiveStream stream, Monitor monitor) {
    this.stream = stream;
    this.monitor = monitor;
  }

  @Override
  public void handleRequest(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    if (!"GET".equals(request.getMethod())) {
      response.setHeader("Allow", "GET");
      Responses.text(response, 405, "the stream is read with GET");
      return;
    }
    LiveStream.Filter filter;
    try {
      filter = new LiveStream.Filter(
          Requests.events(name -> name.equals("limit") || name.equals("cursor") ? null
              : request.getParameter(name), monitor.clock().instant(), 1),
          !"false".equals(request.getParameter("events")),
          !"false".equals(request.getParameter("alerts")));
    } catch (IllegalArgumentException e) {
      Responses.text(response, 400, e.getMessage());
      return;
    }
    if (!request.isAsyncSupported()) {
      Responses.text(response, 500, "the stream needs asynchronous requests"
          + " (a filter of the application does not support them)");
      return;
    }
    AsyncContext async = request.startAsync();
    if (!stream.open(async, filter)) {
      response.setHeader("Retry-After", "30");
      Responses.text(response, 503, "too many clients follow the stream (vigil.web.stream.max-clients)");
      async.complete();
    }
  }
}
