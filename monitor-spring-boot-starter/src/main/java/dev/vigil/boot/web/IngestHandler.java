package dev.vigil.boot.web;

import dev.vigil.Monitor;
import dev.vigil.internal.json.JsonException;
import dev.vigil.internal.json.JsonReader;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.springframework.web.HttpRequestHandler;

/**
 * {@code POST /vigil/ingest}: other services send their log lines, as text ({@code text/plain},
 * one line each) or JSON lines ({@code application/x-ndjson} or {@code application/json}, one
 * JSON object per line). The source is the {@code X-Vigil-Source} header or the {@code source}
 * parameter. Answers 202 with how many lines were accepted and dropped (the capture queue was
 * full), 400 naming what is wrong, 401 without the right token, 413 past the size limit.
 */
final class IngestHandler implements HttpRequestHandler {

  private static final Pattern SOURCE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,63}");

  private final Monitor monitor;
  private final byte[] tokenDigest;
  private final String tokenHeader;
  private final long maxBodySize;

  /** @param token the shared secret, or {@code null} when Spring Security protects the path */
  IngestHandler(Monitor monitor, String token, String tokenHeader, long maxBodySize) {
    this.monitor = monitor;
    this.tokenDigest = token == null ? null : sha256(token);
    this.tokenHeader = tokenHeader;
    this.maxBodySize = maxBodySize;
  }

  @Override
  public void handleRequest(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    if (!"POST".equals(request.getMethod())) {
      response.setHeader("Allow", "POST");
      Responses.text(response, 405, "send log lines with POST");
      return;
    }
    if (tokenDigest != null) {
      String given = request.getHeader(tokenHeader);
      // digests of equal length, compared in constant time: the time tells nothing of the token
      if (given == null || !MessageDigest.isEqual(tokenDigest, sha256(given))) {
        Responses.text(response, 401, "missing or wrong " + tokenHeader + " header");
        return;
      }
    }
    String source = request.getHeader("X-Vigil-Source");
    if (source == null) {
      source = request.getParameter("source");
    }
    if (source == null || !SOURCE.matcher(source).matches()) {
      Responses.text(response, 400, "name the source with the X-Vigil-Source header or the"
          + " 'source' parameter: 1 to 64 letters, digits, '.', '_', ':' or '-'");
      return;
    }
    boolean json = isJson(request.getContentType());
    if (request.getContentType() != null && !json && !request.getContentType()
        .toLowerCase(Locale.ROOT).startsWith("text/plain")) {
      Responses.text(response, 415, "send text/plain, application/x-ndjson or application/json");
      return;
    }
    if (request.getContentLengthLong() > maxBodySize) {
      Responses.text(response, 413, "the body is larger than " + maxBodySize + " bytes");
      return;
    }
    byte[] bytes;
    try (InputStream in = request.getInputStream()) {
      bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBodySize + 1));
    }
    if (bytes.length > maxBodySize) {
      Responses.text(response, 413, "the body is larger than " + maxBodySize + " bytes");
      return;
    }
    String body;
    try {
      body = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException e) {
      Responses.text(response, 400, "the body is not valid UTF-8");
      return;
    }
    String[] lines = body.split("\r?\n", -1);
    if (json) { // check every line before taking any: a bad request takes nothing
      for (int i = 0; i < lines.length; i++) {
        if (!lines[i].isBlank() && !isObject(lines[i])) {
          Responses.text(response, 400, "line " + (i + 1) + " is not a JSON object");
          return;
        }
      }
    }
    int accepted = 0;
    int dropped = 0;
    for (String line : lines) {
      if (!line.isBlank()) {
        if (monitor.ingest(source, line)) {
          accepted++;
        } else {
          dropped++;
        }
      }
    }
    if (accepted + dropped == 0) {
      Responses.text(response, 400, "the body holds no line");
      return;
    }
    Responses.json(response, 202, "{\"accepted\":" + accepted + ",\"dropped\":" + dropped + "}");
  }

  private static boolean isJson(String contentType) {
    if (contentType == null) {
      return false;
    }
    String t = contentType.toLowerCase(Locale.ROOT);
    return t.startsWith("application/json") || t.startsWith("application/x-ndjson")
        || t.startsWith("application/jsonl");
  }

  private static boolean isObject(String line) {
    try {
      return JsonReader.parse(line, 32) instanceof Map<?, ?>;
    } catch (JsonException e) {
      return false;
    }
  }

  private static byte[] sha256(String s) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}
