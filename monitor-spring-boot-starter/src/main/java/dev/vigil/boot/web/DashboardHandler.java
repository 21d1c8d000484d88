package dev.vigil.boot.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.regex.Pattern;
import org.springframework.core.io.ClassPathResource;
import org.springframework.web.HttpRequestHandler;

/**
 * Serves the dashboard's files from the jar ({@code dev/vigil/boot/dashboard/}) under
 * {@code …/vigil/dashboard/}, with a Content-Security-Policy that allows no inline script and no
 * other origin: a log message that slipped through as HTML still could not run.
 */
final class DashboardHandler implements HttpRequestHandler {

  static final String LOCATION = "dev/vigil/boot/dashboard/";

  /** Only plain file names; nothing that could climb out of the folder. */
  private static final Pattern FILE = Pattern.compile("[a-z0-9][a-z0-9.-]{0,63}");

  private static final Map<String, String> TYPES = Map.of(
      "html", "text/html;charset=UTF-8",
      "js", "text/javascript;charset=UTF-8",
      "css", "text/css;charset=UTF-8",
      "svg", "image/svg+xml",
      "png", "image/png",
      "txt", "text/plain;charset=UTF-8");

  static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self';"
      + " style-src 'self'; img-src 'self' data:; connect-src 'self'; font-src 'self';"
      + " base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

  @Override
  public void handleRequest(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    if (!"GET".equals(request.getMethod()) && !"HEAD".equals(request.getMethod())) {
      response.setHeader("Allow", "GET, HEAD");
      Responses.text(response, 405, "the dashboard is read with GET");
      return;
    }
    String uri = request.getRequestURI();
    if (uri.endsWith("/dashboard")) { // relative asset links need the trailing slash
      response.setStatus(302);
      response.setHeader("Location", uri + "/");
      return;
    }
    String file = uri.substring(uri.lastIndexOf('/') + 1);
    if (file.isEmpty()) {
      file = "index.html";
    }
    int dot = file.lastIndexOf('.');
    String type = dot < 0 ? null : TYPES.get(file.substring(dot + 1));
    ClassPathResource resource = new ClassPathResource(LOCATION + file,
        DashboardHandler.class.getClassLoader());
    if (!FILE.matcher(file).matches() || type == null || !resource.exists()) {
      Responses.text(response, 404, "no such dashboard file");
      return;
    }
    response.setStatus(200);
    response.setContentType(type);
    response.setHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY);
    response.setHeader("X-Content-Type-Options", "nosniff");
    response.setHeader("Referrer-Policy", "no-referrer");
    response.setHeader("Cache-Control", "no-cache");
    if ("HEAD".equals(request.getMethod())) {
      return;
    }
    try (InputStream in = resource.getInputStream()) {
      in.transferTo(response.getOutputStream());
    }
  }
}
