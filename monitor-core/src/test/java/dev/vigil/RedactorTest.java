package dev.vigil;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class RedactorTest {

  private static final Redactor DEFAULTS = Redactor.defaults();
  private static final String JWT = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9"
      + ".eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIn0"
      + ".SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c";

  static Stream<Arguments> secrets() {
    return Stream.of(
        // key/value forms
        Arguments.of("login failed password=hunter2 user=bob",
            "login failed password=[REDACTED] user=bob"),
        Arguments.of("password: hunter2", "password: [REDACTED]"),
        Arguments.of("password = hunter2, retrying", "password = [REDACTED], retrying"),
        Arguments.of("{\"user\":\"bob\",\"password\":\"p\\\"w, d\",\"n\":1}",
            "{\"user\":\"bob\",\"password\":\"[REDACTED]\",\"n\":1}"),
        Arguments.of("{\"password\" : \"hunter2\"}", "{\"password\" : \"[REDACTED]\"}"),
        Arguments.of("{'api_key': 'abc', 'n': 2}", "{'api_key': '[REDACTED]', 'n': 2}"),
        Arguments.of("body=\"{\\\"password\\\":\\\"hunter2\\\"}\"",
            "body=\"{\\\"password\\\":\\\"[REDACTED]\\\"}\""),
        Arguments.of("secret := s3cr3t", "secret := [REDACTED]"),
        Arguments.of("passwd='open sesame' pwd=x", "passwd='[REDACTED]' pwd=[REDACTED]"),
        Arguments.of("unterminated password=\"abc def\nnext line",
            "unterminated password=\"[REDACTED]\nnext line"),
        Arguments.of("a|token=abc|b", "a|token=[REDACTED]|b"),
        // key name variants
        Arguments.of("apiKey=1 API_KEY=2 api-key=3 apikey=4 X-Api-Key: 5 x_api_key=6",
            "apiKey=[REDACTED] API_KEY=[REDACTED] api-key=[REDACTED] apikey=[REDACTED] "
                + "X-Api-Key: [REDACTED] x_api_key=[REDACTED]"),
        Arguments.of("dbPassword=1 DB_PASSWORD=2 spring.datasource.password=3 --password=4",
            "dbPassword=[REDACTED] DB_PASSWORD=[REDACTED] spring.datasource.password=[REDACTED] "
                + "--password=[REDACTED]"),
        Arguments.of("client_secret=a clientSecret=b refresh_token=c id_token=d sessionId=e",
            "client_secret=[REDACTED] clientSecret=[REDACTED] refresh_token=[REDACTED] "
                + "id_token=[REDACTED] sessionId=[REDACTED]"),
        Arguments.of("X-Auth-Token: t aws_secret_access_key=k private_key=p sig=s",
            "X-Auth-Token: [REDACTED] aws_secret_access_key=[REDACTED] private_key=[REDACTED] "
                + "sig=[REDACTED]"),
        Arguments.of("Credentials: c signature=s JSESSIONID=j", "Credentials: [REDACTED] "
            + "signature=[REDACTED] JSESSIONID=[REDACTED]"),
        // authentication schemes
        Arguments.of("Authorization: Bearer " + JWT, "Authorization: Bearer [REDACTED]"),
        Arguments.of("authorization: basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==",
            "authorization: basic [REDACTED]"),
        Arguments.of("Authorization: Token abc", "Authorization: Token [REDACTED]"),
        Arguments.of("Authorization: opaque", "Authorization: [REDACTED]"),
        Arguments.of("sent Bearer abc123def456 upstream", "sent Bearer [REDACTED] upstream"),
        Arguments.of("BEARER mF_9.B5f-4.1JqM", "BEARER [REDACTED]"),
        Arguments.of("header was basic QWxhZGRpbjpvcGVuIHNlc2FtZQ== ok",
            "header was basic [REDACTED] ok"),
        Arguments.of("Basic dXNlcjpwYXNz", "Basic [REDACTED]"),
        // URLs
        Arguments.of("connect postgres://app:s3cr3t@db.internal:5432/orders failed",
            "connect postgres://app:[REDACTED]@db.internal:5432/orders failed"),
        Arguments.of("jdbc:mysql://root:p@ss@db/x", "jdbc:mysql://root:[REDACTED]@db/x"),
        Arguments.of("redis://:secret@cache:6379", "redis://:[REDACTED]@cache:6379"),
        Arguments.of("clone https://ghp_a1B2c3D4e5F6g7H8i9J0k1L2m3N4@github.com/acme/app.git",
            "clone https://[REDACTED]@github.com/acme/app.git"),
        Arguments.of("GET https://example.com/cb?code=1&access_token=xyz&state=2 200",
            "GET https://example.com/cb?code=1&access_token=[REDACTED]&state=2 200"),
        Arguments.of("https://app.example.com/#access_token=abc&token_type=bearer",
            "https://app.example.com/#access_token=[REDACTED]&token_type=bearer"),
        Arguments.of("GET http://shop/cart;jsessionid=A1B2C3 404",
            "GET http://shop/cart;jsessionid=[REDACTED] 404"),
        Arguments.of(
            "POST https://api.green-api.com/waInstance1101000001/sendMessage/"
                + "d75b3a66374942c5b3c019c698abc2067e151558acbd412345 -> 200",
            "POST https://api.green-api.com/waInstance1101000001/sendMessage/[REDACTED] -> 200"),
        Arguments.of("https://1103.api.green-api.com/waInstance1103/getSettings/abc",
            "https://1103.api.green-api.com/waInstance1103/getSettings/[REDACTED]"),
        Arguments.of(
            "GET https://api.telegram.org/bot123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw"
                + "/sendMessage",
            "GET https://api.telegram.org/bot123456789:[REDACTED]/sendMessage"),
        Arguments.of("https://api.telegram.org/file/bot42:short/photos/1.jpg",
            "https://api.telegram.org/file/bot42:[REDACTED]/photos/1.jpg"),
        Arguments.of(
            "POST https://hooks.slack.com/services/T000/B000/XXXXXXXXXXXXXXXXXXXXXXXX failed",
            "POST https://hooks.slack.com/services/T000/B000/[REDACTED] failed"),
        Arguments.of("https://discord.com/api/webhooks/1234/"
                + "Z4xMaO0bs4pjBIZoR39GM5s1v0r_qtBgh5yAbSPmVx7aDnbW3GJqs0V-N1fSPrTr3RYc",
            "https://discord.com/api/webhooks/1234/[REDACTED]"),
        Arguments.of("(see https://x.io/v1/" + JWT + "/check)",
            "(see https://x.io/v1/[REDACTED]/check)"),
        Arguments.of("GET https://[::1]:8443/hooks/a1b2c3d4e5f6g7h8i9j0k1l2m3 -> 500",
            "GET https://[::1]:8443/hooks/[REDACTED] -> 500"),
        Arguments.of("https://web.archive.org/web/2020/https://u:p@example.com/",
            "https://web.archive.org/web/2020/https://u:[REDACTED]@example.com/"),
        // shapes
        Arguments.of("token " + JWT + " rejected", "token [REDACTED] rejected"),
        Arguments.of("unsigned eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0. end",
            "unsigned [REDACTED] end"), // the last '.' ends the empty signature
        Arguments.of("key AKIAIOSFODNN7EXAMPLE used", "key [REDACTED] used"),
        Arguments.of("temporary ASIAY34FZKBOKMUTVV7A.", "temporary [REDACTED]."),
        Arguments.of(
            "-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEA\n-----END RSA PRIVATE KEY-----",
            "-----BEGIN RSA PRIVATE KEY-----[REDACTED]-----END RSA PRIVATE KEY-----"),
        Arguments.of("key=-----BEGIN OPENSSH PRIVATE KEY-----\\nb3BlbnNzaC1rZXk...",
            "key=-----BEGIN OPENSSH PRIVATE KEY-----[REDACTED]"),
        // several in one line, and every kind kept readable
        Arguments.of("user=bob password=x token=" + JWT + " next",
            "user=bob password=[REDACTED] token=[REDACTED] next"));
  }

  @ParameterizedTest
  @MethodSource("secrets")
  void redactsSecrets(String text, String expected) {
    String redacted = DEFAULTS.redact(text);
    assertThat(redacted).isEqualTo(expected);
    assertThat(DEFAULTS.redact(redacted)).as("idempotent").isSameAs(redacted);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "token expired",
      "password reset requested for user 42",
      "the password is too short",
      "Bearer token expired",
      "the bearer of bad news",
      "Basic authentication disabled",
      "basic settings",
      "Basic auth/ldap failed",
      "session 42 closed at 12:30:45",
      "tokens: 5 max_tokens=100 token_count=3 tokenType=opaque",
      "author=Tolkien oauth=enabled bypass=on passwordless=true",
      "password_hint=none? no: password_hint is a hint",
      "a == b and x==y",
      "GET https://example.com/orders/3f2a8b9c-1d2e-4f5a-8b9c-0d1e2f3a4b5c 200",
      "GET https://example.com/reports/quarterly-report-2024-final-version.pdf",
      "GET https://example.com/abcdefghijklmnopqrstuvwxyzabcdef (letters only)",
      "GET https://example.com/a1b2c3d4e5f6g7h8i9j0k1l (23 chars)",
      "https://user@example.com/ has no password",
      "https://example.com:8443/health",
      "AKIAIOSFODNN7EXAMPL is too short, XAKIAIOSFODNN7EXAMPLE is glued",
      "-----BEGIN PUBLIC KEY-----\nMIIBIjANBgkq\n-----END PUBLIC KEY-----",
      "-----BEGIN CERTIFICATE-----\nMIIC\n-----END CERTIFICATE-----",
      "eyJ alone, eyJhbGciOiJIUzI1NiJ9 without parts",
      "password=[REDACTED] already",
      "caf\u00e9 \ud83d\ude00 \ud800 unpaired \udfff surrogates",
      ""})
  void leavesOrdinaryTextAlone(String text) {
    assertThat(DEFAULTS.redact(text)).isSameAs(text);
  }

  @Test
  void noneHidesNothing() {
    String text = "password=hunter2 " + JWT;
    assertThat(Redactor.none().redact(text)).isSameAs(text);
    assertThat(Redactor.none().redactValue("password", "x")).isEqualTo("x");
    assertThat(Redactor.builder().build().redact(text)).isSameAs(text);
  }

  @Test
  void redactsWholeValuesOfSensitiveKeys() {
    assertThat(DEFAULTS.redactValue("password", "hunter2")).isEqualTo("[REDACTED]");
    assertThat(DEFAULTS.redactValue("apiKey", "k-123")).isEqualTo("[REDACTED]");
    assertThat(DEFAULTS.redactValue("Authorization", "Bearer abc")).isEqualTo("[REDACTED]");
    assertThat(DEFAULTS.redactValue("http.request.header.x-api-key", "abc"))
        .isEqualTo("[REDACTED]");
    assertThat(DEFAULTS.redactValue("db password ", "x")).isEqualTo("[REDACTED]");
    assertThat(DEFAULTS.redactValue("password", "")).isEmpty();
    assertThat(DEFAULTS.redactValue("password", null)).isNull();
    String plain = "bob";
    assertThat(DEFAULTS.redactValue("user", plain)).isSameAs(plain);
    assertThat(DEFAULTS.redactValue("author", plain)).isSameAs(plain);
    assertThat(DEFAULTS.redactValue("url", "https://a:b@h/x"))
        .isEqualTo("https://a:[REDACTED]@h/x");
    assertThatThrownBy(() -> DEFAULTS.redactValue(null, "x"))
        .isInstanceOf(NullPointerException.class).hasMessage("key");
    assertThatThrownBy(() -> DEFAULTS.redact(null))
        .isInstanceOf(NullPointerException.class).hasMessage("text");
  }

  @Test
  void customKeysWorkWithAndWithoutDefaults() {
    Redactor onlyPin = Redactor.builder().sensitiveKey("pin").build();
    assertThat(onlyPin.redact("pin=1234 password=x " + JWT))
        .isEqualTo("pin=[REDACTED] password=x " + JWT);
    assertThat(onlyPin.redact("see https://a:b@host/")).isEqualTo("see https://a:b@host/");
    assertThat(onlyPin.redactValue("PIN", "1")).isEqualTo("[REDACTED]");

    Redactor withCard = Redactor.builder().defaults().sensitiveKey("Card-Number").build();
    assertThat(withCard.redact("cardNumber: 4111111111111111 card_number=4 password=x"))
        .isEqualTo("cardNumber: [REDACTED] card_number=[REDACTED] password=[REDACTED]");
    assertThat(withCard.redact("billing.card-number=4"))
        .isEqualTo("billing.card-number=[REDACTED]");
  }

  @Test
  void rejectsInvalidKeysNamingThem() {
    Redactor.Builder builder = Redactor.builder();
    assertThatThrownBy(() -> builder.sensitiveKey("my key"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "sensitive key 'my key' may contain only ASCII letters, digits, '_', '-' and '.'");
    assertThatThrownBy(() -> builder.sensitiveKey("__"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("sensitive key '__' must contain a letter or a digit");
    assertThatThrownBy(() -> builder.sensitiveKey(""))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> builder.sensitiveKey(null))
        .isInstanceOf(NullPointerException.class).hasMessage("key");
  }

  @Test
  void userPatternsHideTheirMatchOrTheirSecretGroup() {
    Redactor redactor = Redactor.builder()
        .defaults()
        .pattern("\\b\\d{4}-\\d{4}-\\d{4}-\\d{4}\\b")
        .pattern("pin (?<secret>\\d{4})\\b")
        .build();
    assertThat(redactor.redact("card 4111-1111-1111-1111 pin 1234 password=x"))
        .isEqualTo("card [REDACTED] pin [REDACTED] password=[REDACTED]");
    String clean = "nothing here";
    assertThat(redactor.redact(clean)).isSameAs(clean);

    Redactor empty = Redactor.builder().pattern("x*").build();
    assertThat(empty.redact("abc")).isEqualTo("abc");
    assertThat(empty.redact("axxb")).isEqualTo("a[REDACTED]b");
  }

  @Test
  void rejectsInvalidPatternsNamingThemAndTheReason() {
    assertThatThrownBy(() -> Redactor.builder().pattern("pin (\\d{4}"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("invalid redaction pattern 'pin (\\d{4}': Unclosed group");
    assertThatThrownBy(() -> Redactor.builder().pattern("a{2,1}"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("invalid redaction pattern 'a{2,1}': ");
  }

  @Test
  void backtrackingPatternsFailClosedInsteadOfHanging() {
    Redactor catastrophic = Redactor.builder().pattern("(a+)+b").build();
    assertThat(catastrophic.redact("a".repeat(5_000))).isEqualTo("[REDACTED]");
    Redactor matchesFirst = Redactor.builder().pattern("k\\d").pattern("(x+x+)+y").build();
    assertThat(matchesFirst.redact("k1 then " + "x".repeat(3_000))).isEqualTo("[REDACTED]");

    // Deep recursion in java.util.regex either matches or overflows the stack: hidden either way.
    Redactor deep = Redactor.builder().pattern("x(a|b)*y").build();
    assertThat(deep.redact("x" + "ab".repeat(100_000) + "y")).isEqualTo("[REDACTED]");
  }

  static Stream<String> hostileTexts() {
    return Stream.of(
        "1".repeat(100_000),
        "deadbeef".repeat(12_500),
        "=".repeat(100_000),
        ":".repeat(100_000),
        "/".repeat(100_000),
        "-".repeat(100_000),
        "password".repeat(12_500),
        "password:".repeat(11_000),
        "a=".repeat(50_000),
        "\"password\":\"".repeat(7_000),
        "eyJ".repeat(33_000),
        "eyJ.".repeat(25_000),
        "eyJabcdefgh.".repeat(8_000),
        "Bearer ".repeat(14_000),
        "bearer a1".repeat(11_000),
        "AKIA".repeat(25_000),
        "-----BEGIN ".repeat(9_000),
        "-----BEGIN PRIVATE KEY-----".repeat(3_000),
        "PRIVATE KEY-----".repeat(6_000),
        "KEY".repeat(33_000),
        "https://".repeat(12_000),
        "a://b:c@".repeat(12_000),
        "http://h/" + "a1".repeat(50_000),
        "http://h/" + "a1/".repeat(33_000),
        "http://h" + "@".repeat(100_000),
        "x".repeat(100_000) + "://" + "y".repeat(100_000),
        "_".repeat(100_000) + "password=" + "z".repeat(100_000),
        "\ud800".repeat(100_000),
        "\udfff\ud800a".repeat(33_000));
  }

  @ParameterizedTest
  @MethodSource("hostileTexts")
  void hostileTextsAreScannedInLinearTime(String text) {
    // No timing asserts: a quadratic scan of these 100 KB texts would stall the build visibly.
    String redacted = DEFAULTS.redact(text);
    assertThat(DEFAULTS.redact(redacted).equals(redacted)).as("idempotent").isTrue();
    assertThat(redacted.length()).isLessThanOrEqualTo(text.length() * 6);
  }

  @Test
  void hostileTextsWithSecretsAreRedacted() {
    String digits = "1".repeat(100_000);
    assertThat(DEFAULTS.redact("password=" + digits)).isEqualTo("password=[REDACTED]");
    assertThat(DEFAULTS.redact("a".repeat(100_000) + "_password=x"))
        .isEqualTo("a".repeat(100_000) + "_password=[REDACTED]");
    assertThat(DEFAULTS.redact("-----BEGIN PRIVATE KEY-----" + digits))
        .isEqualTo("-----BEGIN PRIVATE KEY-----[REDACTED]");
    assertThat(DEFAULTS.redact("a=1&".repeat(25_000) + "token=x"))
        .endsWith("&token=[REDACTED]").hasSize(100_000 + 16);
    assertThat(DEFAULTS.redact("http://h/" + "a1".repeat(50_000))).isEqualTo("http://h/[REDACTED]");
  }

  @Test
  void isSharedSafelyBetweenThreads() throws Exception {
    List<String> texts = new ArrayList<>();
    List<String> expected = new ArrayList<>();
    secrets().forEach(a -> {
      texts.add((String) a.get()[0]);
      expected.add((String) a.get()[1]);
    });
    Redactor redactor = Redactor.builder().defaults().pattern("pin \\d{4}").build();
    int threads = 4;
    CountDownLatch start = new CountDownLatch(1);
    AtomicInteger wrong = new AtomicInteger();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    List<Thread> workers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int offset = t;
      Thread worker = new Thread(() -> {
        try {
          start.await();
          for (int k = 0; k < 500; k++) {
            int i = (k + offset) % texts.size();
            if (!redactor.redact(texts.get(i)).equals(expected.get(i))) {
              wrong.incrementAndGet();
            }
          }
        } catch (Throwable e) {
          failure.set(e);
        }
      });
      worker.start();
      workers.add(worker);
    }
    start.countDown();
    for (Thread worker : workers) {
      worker.join();
    }
    assertThat(failure.get()).isNull();
    assertThat(wrong.get()).isZero();
  }

  @Test
  void describesItself() {
    assertThat(Redactor.defaults().toString()).startsWith("Redactor{defaults, ");
    assertThat(Redactor.builder().sensitiveKey("pin").pattern("x").build())
        .hasToString("Redactor{no defaults, 1 sensitive keys, 1 patterns}");
  }
}
