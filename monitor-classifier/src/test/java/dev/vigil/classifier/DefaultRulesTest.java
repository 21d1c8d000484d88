package dev.vigil.classifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import dev.vigil.Classification;
import dev.vigil.LogLevel;
import dev.vigil.Severity;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The default pack keeps the seed table's intent and avoids its false positives. */
class DefaultRulesTest {

  private final RuleClassifier classifier = RuleClassifier.withDefaults();

  static Stream<Arguments> signatures() {
    return Stream.of(
        arguments("2024-05-01 10:00:00 FATAL Application crashed", "system.fatal"),
        arguments("- 1117838570 2005.06.03 R02-M1-N0 RAS KERNEL FATAL data TLB error interrupt", "system.fatal"),
        arguments("[node] unhandledRejection: TypeError: cannot read properties of undefined", "system.unhandled-exception"),
        arguments("Exception in thread \"main\" java.lang.IllegalStateException: boom", "system.unhandled-exception"),
        arguments("ERROR Worker stopped: fatal error in scheduler", "system.fatal-error"),
        arguments("Fatal signal 11 (SIGSEGV), code 1, fault addr 0x0 in tid 1234", "system.fatal-signal"),
        arguments("Kernel panic - not syncing: Attempted to kill init!", "system.crash"),
        arguments("FATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory", "memory.out-of-memory"),
        arguments("java.lang.OutOfMemoryError: Java heap space", "memory.out-of-memory"),
        arguments("Out of memory: Killed process 4242 (java) total-vm:8000000kB", "memory.out-of-memory"),
        arguments("Error: connect ECONNREFUSED 127.0.0.1:5432", "connection.refused"),
        arguments("java.net.ConnectException: Connection refused (Connection refused)", "connection.refused"),
        arguments("Error: read ECONNRESET", "connection.reset"),
        arguments("java.net.UnknownHostException: api.example.com", "connection.unreachable"),
        arguments("java.net.SocketTimeoutException: Read timed out", "api.timeout"),
        arguments("Error: connect ETIMEDOUT 10.0.0.7:443", "api.timeout"),
        arguments("Upstream request timed out after 10s", "api.timed-out"),
        arguments("WARN Payment service timeout after 30s", "api.timeout-word"),
        arguments("127.0.0.1 - - [01/May/2024:10:00:00 +0000] \"GET /api HTTP/1.1\" 502 157 \"-\"", "api.http-5xx-access-log"),
        arguments("{\"level\":\"error\",\"msg\":\"upstream failed\",\"status\":503}", "api.http-5xx-status"),
        arguments("ERROR Request to payment-service failed with 500", "api.http-5xx-code"),
        arguments("HTTP 503 Service Unavailable", "api.http-5xx-reason"),
        arguments("429 Too Many Requests", "api.rate-limited"),
        arguments("HikariPool-1 - Connection is not available, request timed out after 30000ms.", "database.unavailable"),
        arguments("prisma:error Can't reach database server at `localhost`:`5432`", "database.unavailable"),
        arguments("ERROR:  deadlock detected", "database.deadlock"),
        arguments("org.postgresql.util.PSQLException: ERROR: relation \"users\" does not exist", "database.error"),
        arguments("PrismaClientKnownRequestError: Unique constraint failed on the fields: (`email`)", "database.error"),
        arguments("2024-05-01 10:00:00 ERROR Could not save order: database is locked", "database.error-mentioned"),
        arguments("Slow query: SELECT * FROM orders took 2300ms", "database.slow-query"),
        arguments("LOG:  duration: 1523.456 ms  statement: SELECT * FROM orders", "database.slow-statement"),
        arguments("write /var/lib/app/data.db: No space left on device", "disk.full"),
        arguments("ciod: LOGIN chdir(/p/gb1/stella) failed: Input/output error", "disk.io-error"),
        arguments("Failed password for invalid user admin from 10.0.0.1 port 22 ssh2", "security.auth-failure"),
        arguments("reverse mapping checking getaddrinfo for x.com failed - POSSIBLE BREAK-IN ATTEMPT!", "security.intrusion"),
        arguments("javax.net.ssl.SSLHandshakeException: PKIX path building failed", "security.tls"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("signatures")
  void classifiesRealSignatures(String line, String rule) {
    assertThat(classifier.classify(line).ruleId()).isEqualTo(rule);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {
    "GET /api/orders completed in 1500ms",
    "INFO GET /api/orders 200 in 1500ms",
    "2024-05-01 10:00:00.000  INFO 1 --- [main] c.e.App : Connected to database",
    "Connected to database",
    "INFO HTTP client configured with timeout=30s",
    "timeout=30s",
    "Processed 500 items",
    "INFO Processed 500 items in 503ms",
    "DEBUG Retrying after timeout",
    "WARN non-fatal error while flushing metrics, will retry",
    "Using database url jdbc:postgresql://db:5432/app",
    "INFO prisma:info Starting a postgresql pool with 9 connections.",
    "Listening on port 5000",
    "user=alice fatality_count=0",
  })
  void staysQuietOnBenignLines(String line) {
    assertThat(classifier.classify(line)).as(classifier.explain(line).toString())
        .isEqualTo(Classification.NONE);
  }

  @Test
  void usesTheLevelItIsGiven() {
    assertThat(classifier.classify("Connected to database", LogLevel.INFO, "com.acme.Db", null))
        .isEqualTo(Classification.NONE);
    assertThat(classifier.classify("Lost connection to database", LogLevel.ERROR, "com.acme.Db", null)
        .ruleId()).isEqualTo("database.error-mentioned");
    assertThat(classifier.classify("timeout while polling", LogLevel.DEBUG, null, null))
        .isEqualTo(Classification.NONE);
    assertThat(classifier.classify("timeout while polling", LogLevel.WARN, null, null).severity())
        .isEqualTo(Severity.ERROR);
    // A given level wins over one written in the text.
    assertThat(classifier.classify("ERROR database", LogLevel.INFO, null, null))
        .isEqualTo(Classification.NONE);
  }

  @Test
  void specificSignaturesWinOverGenericWordsOfTheSameSeverity() {
    Classification c = classifier.classify(
        "FATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory");
    assertThat(c.category()).isEqualTo("memory");
  }

  @Test
  void packIsWellFormed() {
    Set<String> ids = new HashSet<>();
    for (Rule r : RulePack.defaults().rules()) {
      assertThat(ids.add(r.id())).as("unique id %s", r.id()).isTrue();
      assertThat(r.id()).startsWith(r.category() + ".");
      assertThat(r.description()).as("description of %s", r.id()).isPresent();
      r.regex().ifPresent(re -> assertThat(r.compiledRegex().requiredFactors())
          .as("regex rule %s must have literal factors, or it runs on every line", r.id())
          .isNotEmpty());
    }
  }
}
