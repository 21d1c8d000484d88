package dev.vigil.internal.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.LogLevel;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class JsonLogLineTest {

  /** What a line should map to; {@code null} fields are expected absent. */
  static final class Expected {
    String timestamp;
    String level;
    String message;
    String logger;
    String thread;
    String source;
    String exception;
    Map<String, String> context = Map.of();

    Expected timestamp(String t) {
      timestamp = t;
      return this;
    }

    Expected level(String l) {
      level = l;
      return this;
    }

    Expected message(String m) {
      message = m;
      return this;
    }

    Expected logger(String l) {
      logger = l;
      return this;
    }

    Expected thread(String t) {
      thread = t;
      return this;
    }

    Expected source(String s) {
      source = s;
      return this;
    }

    Expected exception(String e) {
      exception = e;
      return this;
    }

    /** Key-value pairs, in document order. */
    Expected context(String... keysAndValues) {
      Map<String, String> map = new LinkedHashMap<>();
      for (int i = 0; i < keysAndValues.length; i += 2) {
        map.put(keysAndValues[i], keysAndValues[i + 1]);
      }
      context = map;
      return this;
    }
  }

  static Expected expect() {
    return new Expected();
  }

  static JsonLogLine line(String json) throws JsonException {
    JsonLogLine line = JsonLogLine.parseLine(json, 32);
    assertThat(line).isNotNull();
    return line;
  }

  static Stream<Arguments> realShapes() {
    return Stream.of(
        Arguments.of("logstash-logback-encoder, MDC at the top level", """
            {"@timestamp":"2026-11-21T10:00:00.123+01:00","@version":"1",\
            "message":"Failed to process order 42","logger_name":"com.example.OrderService",\
            "thread_name":"http-nio-8080-exec-1","level":"ERROR","level_value":40000,\
            "stack_trace":"java.sql.SQLTransientConnectionException: HikariPool-1 - Connection \
            is not available\\n\\tat com.zaxxer.hikari.pool.HikariPool.createTimeoutException\
            (HikariPool.java:696)\\n","requestId":"r-123","userId":"u-9"}""",
            expect().timestamp("2026-11-21T09:00:00.123Z").level("ERROR")
                .message("Failed to process order 42").logger("com.example.OrderService")
                .thread("http-nio-8080-exec-1")
                .exception("java.sql.SQLTransientConnectionException: HikariPool-1 - Connection is "
                    + "not available\n\tat com.zaxxer.hikari.pool.HikariPool"
                    + ".createTimeoutException(HikariPool.java:696)\n")
                .context("@version", "1", "level_value", "40000", "requestId", "r-123",
                    "userId", "u-9")),
        Arguments.of("logstash-logback-encoder, MDC under a field, custom fields", """
            {"@timestamp":"2026-11-21T10:00:00.123Z","message":"Cache miss",\
            "logger_name":"c.e.Cache","thread_name":"main","level":"DEBUG","level_value":10000,\
            "mdc":{"requestId":"r-7","tenant":"acme"},"app":"billing","tags":["slow","db"]}""",
            expect().timestamp("2026-11-21T10:00:00.123Z").level("DEBUG").message("Cache miss")
                .logger("c.e.Cache").thread("main").source("billing")
                .context("level_value", "10000", "requestId", "r-7", "tenant", "acme",
                    "tags", "[\"slow\",\"db\"]")),
        Arguments.of("ECS, dotted keys (ecs-logging-java)", """
            {"@timestamp":"2026-11-21T10:00:00.123Z","log.level":"ERROR",\
            "message":"Request failed","ecs.version":"1.2.0","service.name":"checkout",\
            "service.version":"1.4.2","event.dataset":"checkout","process.thread.name":"main",\
            "log.logger":"com.example.Checkout","error.type":"java.lang.IllegalStateException",\
            "error.message":"boom","error.stack_trace":"java.lang.IllegalStateException: boom\
            \\n\\tat com.example.Checkout.pay(Checkout.java:12)"}""",
            expect().timestamp("2026-11-21T10:00:00.123Z").level("ERROR").message("Request failed")
                .logger("com.example.Checkout").thread("main").source("checkout")
                .exception("java.lang.IllegalStateException: boom\n"
                    + "\tat com.example.Checkout.pay(Checkout.java:12)")
                .context("ecs.version", "1.2.0", "service.version", "1.4.2",
                    "event.dataset", "checkout", "error.type", "java.lang.IllegalStateException",
                    "error.message", "boom")),
        Arguments.of("ECS, nested objects", """
            {"@timestamp":"2026-11-21T10:00:00.123Z","log":{"level":"warn","logger":"app.db",\
            "origin":{"file":{"name":"Db.java","line":42}}},"message":"slow query",\
            "service":{"name":"orders","environment":"prod"},\
            "error":{"type":"TimeoutError","message":"query timed out"},\
            "host":{"hostname":"web-1"},"process":{"thread":{"name":"pool-1"}}}""",
            expect().timestamp("2026-11-21T10:00:00.123Z").level("warn").message("slow query")
                .logger("app.db").thread("pool-1").source("orders")
                .exception("TimeoutError: query timed out")
                .context("log.origin.file.name", "Db.java", "log.origin.file.line", "42",
                    "service.environment", "prod", "host.hostname", "web-1")),
        Arguments.of("Docker json-file", """
            {"log":"2026-11-21 10:00:00.123 ERROR [main] c.e.App - Connection refused\\n",\
            "stream":"stderr","time":"2026-11-21T10:00:00.123456789Z"}""",
            expect().timestamp("2026-11-21T10:00:00.123456789Z")
                .message("2026-11-21 10:00:00.123 ERROR [main] c.e.App - Connection refused")
                .context("stream", "stderr")),
        Arguments.of("Docker json-file, Windows line end", """
            {"log":"ready\\r\\n","stream":"stdout","time":"2026-11-21T10:00:00Z"}""",
            expect().timestamp("2026-11-21T10:00:00Z").message("ready")
                .context("stream", "stdout")),
        Arguments.of("Fluentd Docker record", """
            {"container_id":"5f2a","container_name":"/web","source":"stdout","log":"GET / 200"}""",
            expect().message("GET / 200").source("web")
                .context("container_id", "5f2a", "source", "stdout")),
        Arguments.of("pino, err serializer", """
            {"level":50,"time":1763719200123,"pid":4242,"hostname":"api-7f9c",\
            "name":"payments","msg":"charge failed","err":{"type":"Error",\
            "message":"card declined","stack":"Error: card declined\\n    at charge \
            (/app/pay.js:10:11)"},"reqId":"req-1"}""",
            expect().timestamp("2025-11-21T10:00:00.123Z").level("ERROR").message("charge failed")
                .logger("payments")
                .exception("Error: card declined\n    at charge (/app/pay.js:10:11)")
                .context("pid", "4242", "hostname", "api-7f9c", "err.type", "Error",
                    "err.message", "card declined", "reqId", "req-1")),
        Arguments.of("pino, child logger bindings", """
            {"level":30,"time":1763719200123,"pid":7,"hostname":"h","module":"auth",\
            "msg":"login ok","user":{"id":12,"roles":["admin"]}}""",
            expect().timestamp("2025-11-21T10:00:00.123Z").level("INFO").message("login ok")
                .context("pid", "7", "hostname", "h", "module", "auth", "user.id", "12",
                    "user.roles", "[\"admin\"]")),
        Arguments.of("bunyan", """
            {"name":"myapp","hostname":"banana.local","pid":40161,"level":60,\
            "err":{"message":"boom","name":"Error","stack":"Error: boom\\n    at main"},\
            "msg":"fatal error","time":"2026-11-21T10:00:00.123Z","v":0}""",
            expect().timestamp("2026-11-21T10:00:00.123Z").level("FATAL").message("fatal error")
                .logger("myapp").exception("Error: boom\n    at main")
                .context("hostname", "banana.local", "pid", "40161", "err.message", "boom",
                    "err.name", "Error", "v", "0")),
        Arguments.of("structlog JSONRenderer, ISO timestamp", """
            {"event": "user logged in", "user_id": 42, "level": "info", \
            "timestamp": "2026-11-21T10:00:00.123456Z", "logger": "auth"}""",
            expect().timestamp("2026-11-21T10:00:00.123456Z").level("info")
                .message("user logged in").logger("auth").context("user_id", "42")),
        Arguments.of("structlog, epoch timestamp and exception", """
            {"event": "job failed", "level": "error", "timestamp": 1763719200.25, \
            "exception": "Traceback (most recent call last):\\n  File \\"job.py\\", line 3\\n\
            ZeroDivisionError: division by zero", "job": null}""",
            expect().timestamp("2025-11-21T10:00:00.250Z").level("error").message("job failed")
                .exception("Traceback (most recent call last):\n  File \"job.py\", line 3\n"
                    + "ZeroDivisionError: division by zero")
                .context("job", "null")),
        Arguments.of("python-json-logger", """
            {"asctime": "2026-11-21 10:00:00,123", "levelname": "WARNING", "name": "app.db", \
            "message": "retrying", "thread": 140234, "threadName": "MainThread", \
            "exc_info": "Traceback (most recent call last):\\nOSError: [Errno 111]"}""",
            expect().timestamp("2026-11-21T10:00:00.123Z").level("WARNING").message("retrying")
                .logger("app.db").thread("MainThread")
                .exception("Traceback (most recent call last):\nOSError: [Errno 111]")
                .context("thread", "140234")),
        Arguments.of("zap production encoder", """
            {"level":"error","ts":1763719200.1234567,"logger":"api",\
            "caller":"api/handler.go:42","msg":"request failed","url":"/v1/x","attempt":3,\
            "backoff":0.5,"stacktrace":"main.handler\\n\\t/app/api/handler.go:42"}""",
            expect().timestamp("2025-11-21T10:00:00.123457Z").level("error")
                .message("request failed").logger("api")
                .exception("main.handler\n\t/app/api/handler.go:42")
                .context("caller", "api/handler.go:42", "url", "/v1/x", "attempt", "3",
                    "backoff", "0.5")),
        Arguments.of("logrus", """
            {"level":"warning","msg":"disk almost full","time":"2026-11-21T11:00:00+01:00",\
            "path":"/var","free":0.05}""",
            expect().timestamp("2026-11-21T10:00:00Z").level("warning").message("disk almost full")
                .context("path", "/var", "free", "0.05")),
        Arguments.of("Go slog JSONHandler", """
            {"time":"2026-11-21T10:00:00.123456789-05:00","level":"WARN","msg":"slow",\
            "req":{"method":"GET","path":"/x"},"latency_ms":812}""",
            expect().timestamp("2026-11-21T15:00:00.123456789Z").level("WARN").message("slow")
                .context("req.method", "GET", "req.path", "/x", "latency_ms", "812")),
        Arguments.of("Google Cloud Logging", """
            {"severity":"ERROR","message":"upstream 503","timestamp":"2026-11-21T10:00:00Z",\
            "logging.googleapis.com/trace":"projects/p/traces/abc",\
            "labels":{"instance":"i-1"}}""",
            expect().timestamp("2026-11-21T10:00:00Z").level("ERROR").message("upstream 503")
                .context("logging.googleapis.com/trace", "projects/p/traces/abc",
                    "instance", "i-1")),
        Arguments.of("seed 004 Logger.log", """
            {"timestamp":"2026-11-21T10:00:00.000Z","level":"warn","service":"drop-craft-ai",\
            "message":"Slow API response","context":{"endpoint":"/api/orders",\
            "duration":1834},"requestId":"req-9f2"}""",
            expect().timestamp("2026-11-21T10:00:00Z").level("warn").message("Slow API response")
                .source("drop-craft-ai")
                .context("endpoint", "/api/orders", "duration", "1834", "requestId", "req-9f2")),
        Arguments.of("seed 004 Logger.error: the error inside the context", """
            {"timestamp":"2026-11-21T10:00:00.000Z","level":"error","service":"drop-craft-ai",\
            "message":"Payment webhook failed","context":{"orderId":"o-77",\
            "error":{"message":"timeout","stack":"Error: timeout\\n    at webhook"}},\
            "requestId":"req-9f2"}""",
            expect().timestamp("2026-11-21T10:00:00Z").level("error")
                .message("Payment webhook failed").source("drop-craft-ai")
                .exception("Error: timeout\n    at webhook")
                .context("orderId", "o-77", "error.message", "timeout", "requestId", "req-9f2")),
        Arguments.of("seed 004 without context", """
            {"timestamp":"2026-11-21T10:00:00.000Z","level":"info","service":"drop-craft-ai",\
            "message":"started"}""",
            expect().timestamp("2026-11-21T10:00:00Z").level("info").message("started")
                .source("drop-craft-ai")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource
  void realShapes(String name, String json, Expected e) throws JsonException {
    JsonLogLine line = line(json);
    assertThat(line.timestamp()).isEqualTo(e.timestamp == null ? null : Instant.parse(e.timestamp));
    assertThat(line.level()).isEqualTo(e.level);
    assertThat(line.message()).isEqualTo(e.message);
    assertThat(line.logger()).isEqualTo(e.logger);
    assertThat(line.thread()).isEqualTo(e.thread);
    assertThat(line.source()).isEqualTo(e.source);
    assertThat(line.exception()).isEqualTo(e.exception);
    assertThat(line.context()).containsExactlyEntriesOf(e.context);
    if (line.level() != null) {
      assertThat(LogLevel.parse(line.level())).isNotNull(); // every level is one the caller reads
    }
  }

  @Test
  void theFirstUsableAliasWinsAndTheOthersStayInTheContext() throws JsonException {
    JsonLogLine l = line("{\"msg\":\"second\",\"message\":\"first\",\"severity\":\"warn\","
        + "\"level\":\"\",\"time\":\"yesterday\",\"timestamp\":\"2026-11-21T10:00:00Z\"}");
    assertThat(l.message()).isEqualTo("first");
    assertThat(l.level()).isEqualTo("warn");
    assertThat(l.timestamp()).isEqualTo(Instant.parse("2026-11-21T10:00:00Z"));
    assertThat(l.context()).containsExactly(
        Map.entry("msg", "second"), Map.entry("level", ""), Map.entry("time", "yesterday"));
  }

  @Test
  void unusableValuesAreNotFieldsButContext() throws JsonException {
    JsonLogLine l = line("{\"timestamp\":\"not a time\",\"level\":{\"name\":\"x\"},"
        + "\"message\":42,\"thread\":7,\"service\":[\"a\"],\"error\":\"connection refused\","
        + "\"logger\":null,\"time\":0}");
    assertThat(l.timestamp()).isNull();
    assertThat(l.level()).isNull();
    assertThat(l.message()).isNull();
    assertThat(l.thread()).isNull();
    assertThat(l.source()).isNull();
    assertThat(l.exception()).isNull();
    assertThat(l.logger()).isNull();
    assertThat(l.context()).containsExactly(
        Map.entry("timestamp", "not a time"), Map.entry("level.name", "x"),
        Map.entry("message", "42"), Map.entry("thread", "7"), Map.entry("service", "[\"a\"]"),
        Map.entry("error", "connection refused"), Map.entry("logger", "null"),
        Map.entry("time", "0"));
  }

  @Test
  void nameIsALoggerOnlyBesideAMessage() throws JsonException {
    assertThat(line("{\"name\":\"Alice\",\"age\":30}").logger()).isNull();
    assertThat(line("{\"name\":\"Alice\",\"age\":30}").context()).containsEntry("name", "Alice");
    assertThat(line("{\"name\":\"svc\",\"msg\":\"hi\"}").logger()).isEqualTo("svc");
  }

  @Test
  void hostIsNotASource() throws JsonException {
    JsonLogLine l = line("{\"host\":\"web-1\",\"hostname\":\"web-1.local\",\"msg\":\"x\"}");
    assertThat(l.source()).isNull();
    assertThat(l.context()).containsOnlyKeys("host", "hostname");
    assertThat(line("{\"source\":\"stderr\",\"application\":\"shop\"}").source())
        .isEqualTo("shop");
  }

  static Stream<Arguments> numericLevels() {
    return Stream.of(
        Arguments.of(10, "TRACE"), Arguments.of(20, "DEBUG"), Arguments.of(30, "INFO"),
        Arguments.of(35, "INFO"), Arguments.of(40, "WARN"), Arguments.of(50, "ERROR"),
        Arguments.of(60, "FATAL"), Arguments.of(69, "FATAL"),
        Arguments.of(0, "FATAL"), Arguments.of(2, "FATAL"), Arguments.of(3, "ERROR"),
        Arguments.of(4, "WARN"), Arguments.of(5, "INFO"), Arguments.of(6, "INFO"),
        Arguments.of(7, "DEBUG"),
        Arguments.of(8, null), Arguments.of(9, null), Arguments.of(70, null),
        Arguments.of(-1, null), Arguments.of(40000, null));
  }

  @ParameterizedTest
  @MethodSource
  void numericLevels(int number, String level) throws JsonException {
    JsonLogLine l = line("{\"level\":" + number + ",\"lvl\":\"info\"}");
    assertThat(l.level()).isEqualTo(level == null ? "info" : level);
    assertThat(line("{\"level\":" + number + ".0}").level()).isEqualTo(level);
    assertThat(line("{\"level\":" + number + ".5}").level()).isNull();
  }

  @Test
  void mdcLikeObjectsGiveTheirKeysAndTheFirstOfTwoEqualKeysStays() throws JsonException {
    JsonLogLine l = line("{\"requestId\":\"top\",\"mdc\":{\"requestId\":\"mdc\",\"a\":1},"
        + "\"ctx\":{\"b\":{\"c\":true}},\"fields\":{},\"extra\":{\"a\":2},\"labels\":\"plain\","
        + "\"other\":{\"requestId\":\"nested\"},\"b.c\":\"literal\"}");
    assertThat(l.context()).containsExactly(
        Map.entry("requestId", "top"), Map.entry("a", "1"), Map.entry("b.c", "true"),
        Map.entry("labels", "plain"), Map.entry("other.requestId", "nested"));
  }

  @Test
  void valuesAreTextOrCompactJson() throws JsonException {
    JsonLogLine l = line("{\"s\":\"x\\ny\",\"i\":-3,\"d\":1.5e3,\"b\":false,\"n\":null,"
        + "\"a\":[1,\"t\\\"\\u0001\",null,{\"k\":[]}],\"e\":{},\"big\":12345678901234567890}");
    assertThat(l.context()).containsExactly(
        Map.entry("s", "x\ny"), Map.entry("i", "-3"), Map.entry("d", "1500.0"),
        Map.entry("b", "false"), Map.entry("n", "null"),
        Map.entry("a", "[1,\"t\\\"\\u0001\",null,{\"k\":[]}]"), Map.entry("e", "{}"),
        Map.entry("big", "1.2345678901234567E19"));
  }

  @Test
  void objectsNestedDeeperThanTheFlatteningLimitBecomeJson() throws JsonException {
    String json = "{\"a\":".repeat(12) + "1" + "}".repeat(12);
    JsonLogLine l = JsonLogLine.parseLine(json, 100);
    assertThat(l.context()).containsExactly(
        Map.entry("a.a.a.a.a.a.a.a.a", "{\"a\":{\"a\":{\"a\":1}}}"));
  }

  @Test
  void theContextIsBoundedWhateverTheLine() throws JsonException {
    StringBuilder sb = new StringBuilder("{\"msg\":\"m\"");
    for (int i = 0; i < 100_000; i++) {
      sb.append(",\"k").append(i).append("\":").append(i);
    }
    JsonLogLine many = line(sb.append('}').toString());
    assertThat(many.context()).hasSize(JsonLogLine.MAX_CONTEXT_ENTRIES)
        .containsEntry("k0", "0").containsEntry("k63", "63").doesNotContainKey("k64");

    String longKey = "k".repeat(10_000);
    String longValue = "v".repeat(1_000_000);
    JsonLogLine big = line("{\"" + longKey + "\":\"" + longValue + "\",\"n\":{\"" + longKey
        + "\":{\"x\":1}},\"arr\":[" + "[1,2,3],".repeat(100_000) + "0]}");
    Map<String, String> context = big.context();
    assertThat(context).hasSize(3);
    for (Map.Entry<String, String> e : context.entrySet()) {
      assertThat(e.getKey().length()).isLessThanOrEqualTo(JsonLogLine.MAX_KEY_LENGTH);
      assertThat(e.getValue().length()).isLessThanOrEqualTo(JsonLogLine.MAX_VALUE_LENGTH);
    }
    assertThat(context).containsEntry("k".repeat(127) + "…", "v".repeat(1023) + "…");
    assertThat(context).containsEntry("n." + "k".repeat(125) + "…", "1");
    assertThat(context.get("arr")).startsWith("[[1,2,3],[1,2,3],").endsWith("…").hasSize(1024);
  }

  @Test
  void cuttingNeverSplitsASurrogatePair() {
    String s = "a".repeat(1022) + "😀" + "b";
    assertThat(JsonLogLine.cut(s, 1024)).isEqualTo("a".repeat(1022) + "…");
    assertThat(JsonLogLine.cut("a".repeat(1021) + "😀" + "bb", 1024))
        .isEqualTo("a".repeat(1021) + "😀…");
    assertThat(JsonLogLine.cut("a".repeat(1024), 1024)).isEqualTo("a".repeat(1024));
  }

  @Test
  void parseLineTellsNonObjectsFromInvalidJson() throws JsonException {
    assertThat(JsonLogLine.parseLine("[1,2]", 8)).isNull();
    assertThat(JsonLogLine.parseLine("\"just text\"", 8)).isNull();
    assertThat(JsonLogLine.parseLine("42", 8)).isNull();
    assertThat(JsonLogLine.parseLine("{}", 8).context()).isEmpty();
    assertThatThrownBy(() -> JsonLogLine.parseLine("2026-11-21 ERROR boom", 8))
        .isInstanceOf(JsonException.class)
        .hasMessage("unexpected '-' after the JSON value at column 5");
    assertThatThrownBy(() -> JsonLogLine.parseLine("{\"a\":1} trailing", 8))
        .isInstanceOf(JsonException.class);
    assertThatThrownBy(() -> JsonLogLine.parseLine("{\"a\":[[1]]}", 2))
        .hasMessage("nesting deeper than the limit of 2 arrays and objects at column 7");
  }

  @Test
  void mapsHandBuiltMapsWithOtherValueTypesAndJavaNulls() {
    Map<String, Object> map = new HashMap<>();
    map.put("level", 40);
    map.put("time", 1_763_719_200);
    map.put("message", null);
    map.put("msg", "hand made");
    map.put("when", Instant.EPOCH);
    map.put("nested", Map.of(1, List.of('c')));
    JsonLogLine l = JsonLogLine.from(map);
    assertThat(l.level()).isEqualTo("WARN");
    assertThat(l.timestamp()).isEqualTo(Instant.parse("2025-11-21T10:00:00Z"));
    assertThat(l.message()).isEqualTo("hand made");
    assertThat(l.context()).containsOnly(
        Map.entry("when", "1970-01-01T00:00:00Z"), Map.entry("nested.1", "[\"c\"]"));
    assertThatThrownBy(() -> JsonLogLine.from(null)).hasMessage("object");
  }

  @Test
  void theContextIsUnmodifiable() throws JsonException {
    Map<String, String> context = line("{\"a\":\"b\"}").context();
    assertThatThrownBy(() -> context.put("c", "d"))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void describesItself() throws JsonException {
    assertThat(line("{\"level\":\"info\",\"msg\":\"hi\",\"k\":1}")).hasToString(
        "JsonLogLine{timestamp=null, level=info, message=hi, logger=null, thread=null, "
            + "source=null, exception=null, context={k=1}}");
  }
}
