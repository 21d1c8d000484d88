package dev.vigil.internal;

import static dev.vigil.internal.Fingerprints.DEFAULT_FRAMEWORK_PREFIXES;
import static dev.vigil.internal.Fingerprints.fingerprint;
import static dev.vigil.internal.Fingerprints.mask;
import static dev.vigil.internal.Fingerprints.topApplicationFrame;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class FingerprintsTest {

  static Stream<Arguments> templates() {
    return Stream.of(
        Arguments.of("Timeout after 1500 ms calling 10.0.0.12:8080 for order 4711",
            "Timeout after <n> ms calling <ip> for order <n>"),
        // numbers and units
        Arguments.of("request took 1500ms, retry in 2.5s", "request took <n>ms, retry in <n>s"),
        Arguments.of("price 3.14 and -5 and 1,500 and 10_000",
            "price <n> and -<n> and <n>,<n> and <n>_<n>"),
        Arguments.of("partitions [3, 7, 11] revoked (attempt 2/5)",
            "partitions [<n>, <n>, <n>] revoked (attempt <n>/<n>)"),
        Arguments.of("status 2xx, 3rd try, 404NotFound", "status <n>xx, <n>rd try, <n>NotFound"),
        Arguments.of("order #4711: 1 2", "order #<n>: <n> <n>"),
        Arguments.of("GET /api/v1/orders/4711/items", "GET /api/v1/orders/<n>/items"),
        Arguments.of("10.0.0.300 is not an address", "<n>.<n> is not an address"),
        // versions are kept
        Arguments.of("HTTP/1.1 503 from v2 API, HTTP/2 ok, API/42 not, v1.2.3 kept",
            "HTTP/1.1 <n> from v2 API, HTTP/2 ok, API/<n> not, v1.2.3 kept"),
        Arguments.of("version 1.2.3.4.5 and 1:2:3:4:5:6:7:8:9", "version <n>.<n>.<n> and "
            + "<n>:<n>:<n>:<n>:<n>:<n>:<n>:<n>:<n>"),
        Arguments.of("sent HTTP/1.1 then SPDY/3.1", "sent HTTP/1.1 then SPDY/3.1"),
        // uuids, addresses, emails
        Arguments.of("session 3f2a8b9c-1d2e-4f5a-8b9c-0d1e2f3a4b5c expired",
            "session <uuid> expired"),
        Arguments.of("ID 3F2A8B9C-1D2E-4F5A-8B9C-0D1E2F3A4B5C.", "ID <uuid>."),
        Arguments.of("connect to 192.168.1.10 refused, 10.0.0.1:5432 too",
            "connect to <ip> refused, <ip> too"),
        Arguments.of("ipv6 fe80::1, ::1, 2001:db8::8a2e:370:7334 and [::1]:8080",
            "ipv6 <ip>, <ip>, <ip> and [<ip>]:<n>"),
        Arguments.of("full 2001:0db8:85a3:0000:0000:8a2e:0370:7334 mapped ::ffff:192.168.0.1",
            "full <ip> mapped <ip>"),
        Arguments.of("mail to john.doe+tag@example.co.uk bounced", "mail to <email> bounced"),
        Arguments.of("user123@mail.example.com (id 7)", "<email> (id <n>)"),
        // hex and ids
        Arguments.of("segfault at 0x7ffe5367e044", "segfault at <hex>"),
        Arguments.of("commit 3f9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f1a not found",
            "commit <hex> not found"),
        Arguments.of("etag deadbeef42 and a1b2c3d4e5", "etag <hex> and <hex>"),
        Arguments.of("request req-8f3a9c21 by user_12345 on pool-1-thread-3",
            "request <id> by <id> on <id>"),
        Arguments.of("arch x86_64, file report-2024.pdf, sku-99812",
            "arch <id>, file <id>.pdf, <id>"),
        Arguments.of("utf8 sha256 log4j UTF-8 i18n x86 Error404 job42 worker-7 k8s",
            "utf8 sha256 log4j UTF-8 i18n x86 Error404 job42 worker-7 k8s"),
        // timestamps
        Arguments.of("at 2024-01-15T10:30:00.123Z failed", "at <ts> failed"),
        Arguments.of("2024-01-15 10:30:00,123 ERROR boom", "<ts> ERROR boom"),
        Arguments.of("since 2024-01-15T10:30:00+02:00 and 2024-01-15T10:30-0500",
            "since <ts> and <ts>"),
        Arguments.of("on 2024-01-15. At 10:30:00.5 UTC; 12:30 is a ratio",
            "on <ts>. At <ts> UTC; <n>:<n> is a ratio"),
        // ordinary things that look a little like the above
        Arguments.of("Foo::bar and dead::beef and add:: ok",
            "Foo::bar and dead::beef and add:: ok"));
  }

  @ParameterizedTest
  @MethodSource("templates")
  void masksTheVariableParts(String message, String template) {
    assertThat(mask(message)).isEqualTo(template);
    assertThat(mask(new StringBuilder(message))).isEqualTo(template);
    assertThat(mask(template)).as("a template is its own template").isEqualTo(template);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "Connection refused",
      "NullPointerException in OrderService.process",
      "deadbeef cafe babe",
      "v2",
      "HTTP/1.1",
      "email me at support",
      "@channel",
      "",
      "caf\u00e9 \ud83d\ude00 \u0669\u0660",
      "\ud800 unpaired \udfff"})
  void keepsMessagesWithNothingVariable(String message) {
    assertThat(mask(message)).isSameAs(message);
  }

  @Test
  void examinesOnlyTheFirstCharsOfLongMessages() {
    assertThat(Fingerprints.MAX_MASKED_CHARS).isEqualTo(1024);
    assertThat(mask("x".repeat(2_000))).isEqualTo("x".repeat(1024));
    assertThat(mask("a ".repeat(600) + "42")).isEqualTo("a ".repeat(512));
    assertThat(mask("a ".repeat(511) + "7 tail 42")).isEqualTo("a ".repeat(511) + "<n> ");
    assertThat(mask("user 7 " + "y".repeat(2_000))).isEqualTo("user <n> " + "y".repeat(1017));
    assertThat(mask(new StringBuilder("id 42 ").append("z".repeat(5_000)))).hasSize(1024 - 2 + 3);
  }

  static Stream<Arguments> hostileMessages() {
    return Stream.of(
        Arguments.of("1".repeat(100_000), "<n>"),
        Arguments.of(":".repeat(100_000), ":".repeat(1024)),
        Arguments.of("1:".repeat(50_000), "<n>:".repeat(512)),
        Arguments.of("1.".repeat(50_000), "<n>.".repeat(256)), // "1.1" is a decimal
        Arguments.of("1-".repeat(50_000), "<n>-".repeat(512)),
        Arguments.of("::".repeat(50_000), "::".repeat(512)),
        Arguments.of("a1-".repeat(40_000), "<id>"),
        Arguments.of("f:".repeat(50_000), "f:".repeat(512)),
        Arguments.of("0x".repeat(50_000), "<id>"),
        Arguments.of("@".repeat(100_000), "@".repeat(1024)),
        Arguments.of("a@".repeat(50_000), "a@".repeat(512)),
        Arguments.of("1@".repeat(50_000), "<n>@".repeat(512)),
        Arguments.of("=".repeat(100_000), "=".repeat(1024)),
        Arguments.of("/".repeat(100_000), "/".repeat(1024)),
        Arguments.of("\ud800".repeat(100_000), "\ud800".repeat(1024)),
        Arguments.of("\udfff1\ud800".repeat(33_000), "\udfff<n>\ud800".repeat(341) + "\udfff"));
  }

  @ParameterizedTest
  @MethodSource("hostileMessages")
  void hostileMessagesCompleteWithBoundedWork(String message, String template) {
    // No timing asserts: the work is bounded by the 1,024 examined chars, and a quadratic rule
    // would still show as a visibly slow test.
    assertThat(mask(message).equals(template)).as("template of %s...", message.substring(0, 8))
        .isTrue();
  }

  @Test
  void anEmailsLocalPartIsAtMost64Chars() {
    // The local part is found by looking back from the '@', at most 64 chars.
    String masked = mask("a.".repeat(500) + "1@x.com");
    assertThat(masked).endsWith(".<email>").startsWith("a.a.");
    assertThat(masked.length()).isEqualTo(1000 + 7 - 64 + 2);
  }

  @Test
  void findsTheTopApplicationFrame() {
    List<String> frames = List.of(
        "java.base/jdk.internal.reflect.NativeMethodAccessorImpl.invoke0(Native Method)",
        "org.springframework.web.servlet.FrameworkServlet.service(FrameworkServlet.java:897)",
        "com.acme.web.OrderController$$SpringCGLIB$$0.create(<generated>)",
        "app//com.acme.web.OrderController.create(OrderController.java:42)",
        "com.acme.Main.main(Main.java:10)");
    assertThat(topApplicationFrame(frames, DEFAULT_FRAMEWORK_PREFIXES))
        .isEqualTo("com.acme.web.OrderController.create");
    assertThat(topApplicationFrame(frames, List.of("jdk.", "org.", "com.acme.web.")))
        .isEqualTo("com.acme.Main.main");
    assertThat(topApplicationFrame(frames, List.of())).isEqualTo("jdk.internal.reflect."
        + "NativeMethodAccessorImpl.invoke0");

    assertThat(topApplicationFrame(List.of(
        "com.acme.Foo$$Lambda$14/0x0000000800c0b448.apply(Unknown Source)",
        "com.acme.Foo.lambda$bar$0(Foo.java:12)"), DEFAULT_FRAMEWORK_PREFIXES))
        .isEqualTo("com.acme.Foo.lambda$bar$0");
    assertThat(topApplicationFrame(Arrays.asList(null, "\tat com.acme.Foo.bar(Foo.java:1)"),
        DEFAULT_FRAMEWORK_PREFIXES)).isEqualTo("com.acme.Foo.bar");
    assertThat(topApplicationFrame(List.of("com.acme.app@1.2/com.acme.Foo.bar(Foo.java:1)"),
        DEFAULT_FRAMEWORK_PREFIXES)).isEqualTo("com.acme.Foo.bar");
    assertThat(topApplicationFrame(List.of("com.acme.Foo.bar"), DEFAULT_FRAMEWORK_PREFIXES))
        .isEqualTo("com.acme.Foo.bar");

    assertThat(topApplicationFrame(List.of(
        "java.base/java.lang.Thread.run(Thread.java:833)",
        "dev.vigil.Monitor.capture(Monitor.java:1)",
        "io.netty.util.concurrent.FastThreadLocalRunnable.run(FastThreadLocalRunnable.java:30)",
        "  ", "(Unknown Source)"), DEFAULT_FRAMEWORK_PREFIXES)).isNull();
    assertThat(topApplicationFrame(List.of(), DEFAULT_FRAMEWORK_PREFIXES)).isNull();
    assertThatThrownBy(() -> topApplicationFrame(null, List.of()))
        .isInstanceOf(NullPointerException.class).hasMessage("frames");
  }

  @Test
  void defaultFrameworkPrefixesCoverTheUsualSuspects() {
    assertThat(DEFAULT_FRAMEWORK_PREFIXES).contains("java.", "javax.", "jakarta.", "jdk.", "sun.",
        "com.sun.", "kotlin.", "scala.", "org.springframework.", "org.apache.", "ch.qos.logback.",
        "org.slf4j.", "io.micrometer.", "reactor.", "io.netty.", "org.hibernate.", "com.zaxxer.",
        "dev.vigil.");
    assertThat(DEFAULT_FRAMEWORK_PREFIXES).allSatisfy(p -> assertThat(p).endsWith("."));
  }

  @Test
  void fingerprintsAreStableAcrossRunsAndReleases() {
    // Pinned: stored fingerprints must keep matching. Change these only with a migration.
    assertThat(fingerprint("orders", "Timeout after <n> ms", null, null))
        .isEqualTo(PINNED_MESSAGE);
    assertThat(fingerprint("orders", null, "java.sql.SQLException", "com.acme.Repo.save"))
        .isEqualTo(PINNED_STACK);
    assertThat(fingerprint(null, null, null, null)).matches("[0-9a-f]{16}");
  }

  private static final String PINNED_MESSAGE = "277e728b86042cac";
  private static final String PINNED_STACK = "9093d744e38cc5fb";

  @Test
  void fingerprintsSeparateTheirParts() {
    String base = fingerprint("s", "m", null, null);
    assertThat(fingerprint("s", "m", null, null)).isEqualTo(base).matches("[0-9a-f]{16}");
    assertThat(fingerprint("ab", "c", null, null)).isNotEqualTo(fingerprint("a", "bc", null, null));
    assertThat(fingerprint("s", "m", "E", null)).isNotEqualTo(fingerprint("s", "mE", null, null));
    assertThat(fingerprint(null, "m", null, null)).isNotEqualTo(fingerprint("", "m", null, null));
    assertThat(fingerprint("s", null, null, null)).isNotEqualTo(fingerprint("s", "", null, null));
    assertThat(fingerprint("s", "m", "", null)).isNotEqualTo(base);
    assertThat(fingerprint("s", "m", null, "")).isNotEqualTo(base);
    assertThat(fingerprint("t", "m", null, null)).isNotEqualTo(base);
    assertThat(fingerprint("s", "n", null, null)).isNotEqualTo(base);
    assertThat(fingerprint("s", "m", null, "com.acme.A.b")).isNotEqualTo(base);
    // chars are 16 bits: no two chars may be confused by the packing into 64-bit words
    assertThat(fingerprint("s", "\u0100", null, null))
        .isNotEqualTo(fingerprint("s", "\u0001", null, null));
    assertThat(fingerprint("s", "abcd\u0000", null, null))
        .isNotEqualTo(fingerprint("s", "abcd", null, null));
  }

  @Test
  void messageExceptionAndFrameAllCountButLineNumbersNever() {
    String frame = "com.acme.Repo.save";
    String f = fingerprint("orders", "Failed order <n>", "java.sql.SQLException", frame);
    assertThat(fingerprint("orders", "Failed order <n>", "java.sql.SQLException",
        "com.acme.Repo.save(Repo.java:42)")).isEqualTo(f);
    assertThat(fingerprint("orders", "Failed order <n>", "java.sql.SQLException",
        "com.acme.Repo.save(Repo.java:43)")).isEqualTo(f);
    assertThat(fingerprint("orders", "Could not save <id>", "java.sql.SQLException", frame))
        .as("another log statement at the same exception site is another group").isNotEqualTo(f);
    assertThat(fingerprint("orders", null, "java.sql.SQLException", frame)).isNotEqualTo(f);
    assertThat(fingerprint("orders", "Failed order <n>", "java.io.IOException", frame))
        .isNotEqualTo(f);
    assertThat(fingerprint("orders", "Failed order <n>", "java.sql.SQLException",
        "com.acme.Repo.delete")).isNotEqualTo(f);
    assertThat(fingerprint("billing", "Failed order <n>", "java.sql.SQLException", frame))
        .isNotEqualTo(f);
    // without an application frame the message tells failures of one class apart
    assertThat(fingerprint("orders", "a", "java.sql.SQLException", null))
        .isNotEqualTo(fingerprint("orders", "b", "java.sql.SQLException", null));
  }

  @Test
  void fingerprintsDoNotCollideAndAvalanche() {
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 200_000; i++) {
      seen.add(fingerprint("orders", "Timeout after " + i + " ms", null, null));
    }
    assertThat(seen).hasSize(200_000);

    long flipped = 0;
    int samples = 4_000;
    for (int i = 0; i < samples; i++) {
      String message = "message number " + i;
      long a = Long.parseUnsignedLong(fingerprint("s", message, null, null), 16);
      char[] chars = message.toCharArray();
      chars[i % chars.length] ^= (char) (1 << (i % 7));
      long b = Long.parseUnsignedLong(fingerprint("s", new String(chars), null, null), 16);
      flipped += Long.bitCount(a ^ b);
    }
    assertThat(flipped / (double) samples).isBetween(30.0, 34.0);
  }

  @Test
  void bothWaysOfReadingCharsHashAsDocumented() {
    Random random = new Random(42);
    String[] pools = {
        "abcdefghijklmnopqrstuvwxyz <>0123456789",
        "ab?? ?",
        "ab\u00e9\u00ff\u0080 ",
        "a\u0416\u4e2d?",
        "a\ud83d\ude00?",
        "a\ud800\udfff\u0100"};
    for (int i = 0; i < 20_000; i++) {
      String pool = pools[random.nextInt(pools.length)];
      String other = pools[random.nextInt(pools.length)];
      StringBuilder message = new StringBuilder();
      int length = random.nextInt(i % 10 == 0 ? 300 : 60);
      for (int k = 0; k < length; k++) {
        String from = random.nextInt(8) == 0 ? other : pool;
        message.append(from.charAt(random.nextInt(from.length())));
      }
      String text = message.toString();
      String source = random.nextBoolean() ? null : text.substring(0, Math.min(5, text.length()));
      String frame = random.nextBoolean() ? null : "com.acme." + text + "(A.java:1)";
      String exception = random.nextBoolean() ? null : "E" + text;
      assertThat(fingerprint(source, text, exception, frame))
          .as("%s / %s / %s / %s", source, text, exception, frame)
          .isEqualTo(naiveFingerprint(source, text, exception, frame));
    }
  }

  // The hash as documented, written naively: the oracle of both of mix()'s paths.
  private static final long P1 = 0x9E3779B185EBCA87L;
  private static final long P2 = 0xC2B2AE3D27D4EB4FL;
  private static final long P3 = 0x165667B19E3779F9L;
  private static final long P4 = 0x85EBCA77C2B2AE63L;
  private static final long P5 = 0x27D4EB2F165667C5L;

  private static String naiveFingerprint(
      String source, String message, String exceptionClass, String topFrame) {
    String frame = topFrame == null || topFrame.indexOf('(') < 0
        ? topFrame : topFrame.substring(0, topFrame.indexOf('('));
    long h = naiveMix(naiveMix(P5, source), exceptionClass);
    h = naiveMix(h, message);
    h = naiveMix(h, frame);
    h ^= h >>> 33;
    h *= P2;
    h ^= h >>> 29;
    h *= P3;
    h ^= h >>> 32;
    return String.format("%016x", h);
  }

  private static long naiveMix(long h, String s) {
    if (s == null) {
      return naiveRound(h, 0);
    }
    h = naiveRound(h, (long) s.length() << 1 | 1);
    long[] lanes = {h, h ^ P3};
    for (int chunk = 0; chunk * 8 < s.length(); chunk++) {
      String chars = s.substring(chunk * 8, Math.min(chunk * 8 + 8, s.length()));
      long lane = lanes[chunk % 2];
      if (chars.chars().allMatch(c -> c <= 0xFF)) {
        long k = 0;
        for (int i = 0; i < chars.length(); i++) {
          k |= (long) chars.charAt(i) << (8 * i);
        }
        lane = naiveRound(lane, k);
      } else {
        for (int half = 0; half < chars.length(); half += 4) {
          long k = 0;
          for (int i = half; i < Math.min(half + 4, chars.length()); i++) {
            k |= (long) chars.charAt(i) << (16 * (i - half));
          }
          lane = naiveRound(lane ^ P5, k);
        }
      }
      lanes[chunk % 2] = lane;
    }
    return naiveRound(lanes[0], lanes[1]);
  }

  private static long naiveRound(long h, long k) {
    k = Long.rotateLeft(k * P2, 31) * P1;
    return Long.rotateLeft(h ^ k, 27) * P1 + P4;
  }

  @Test
  void hasNoInstances() {
    assertThat(Fingerprints.class.getDeclaredConstructors())
        .allSatisfy(c -> assertThat(Modifier.isPrivate(c.getModifiers())).isTrue());
    assertThat(Modifier.isFinal(Fingerprints.class.getModifiers())).isTrue();
  }
}
