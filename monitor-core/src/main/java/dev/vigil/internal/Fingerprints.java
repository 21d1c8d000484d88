package dev.vigil.internal;

import static java.util.Objects.requireNonNull;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Grouping of repeated events: the template of a message, the top application frame of a stack
 * trace, and a stable 64-bit fingerprint of both, so that 10,000 occurrences of one error are one
 * issue with a count of 10,000.
 *
 * <h2>Masking</h2>
 *
 * {@link #mask} examines the first {@value #MAX_MASKED_CHARS} chars of a message (the rest is
 * dropped, which bounds the cost) and replaces the parts that vary between occurrences. Every
 * rule needs a digit except {@code <email>}, which needs an {@code @}, so masking looks closer only
 * around those: at the token that contains them, which starts at an ASCII letter or digit not
 * preceded by one. The first rule that applies wins:
 *
 * <ol>
 *   <li>{@code <email>}: {@code local@domain.tld}, the local part being at most the 64 chars of
 *       {@code [A-Za-z0-9._%+-]} before the {@code @}, from a letter or digit.
 *   <li>{@code <ts>}: an ISO-8601 date ({@code 2024-01-15}), optionally with a time after
 *       {@code T} or a space, fractions after {@code .} or {@code ,}, and a zone ({@code Z},
 *       {@code +02:00}, {@code -0500}); or a time of day with seconds ({@code 10:30:00.123}).
 *   <li>{@code <uuid>}: a canonical UUID, {@code 8-4-4-4-12} hex digits in any case, with a
 *       digit (every standard UUID has its version digit).
 *   <li>{@code <ip>}: an IPv4 address with an optional {@code :port}; an IPv6 address (groups of
 *       hex digits with {@code ::} or exactly eight groups, containing a digit, so {@code 12:30}
 *       and {@code Foo::bar} are not); not the tail of a longer dotted or colon-separated run
 *       ({@code 1.2.3.4.5} is {@code <n>.<n>.<n>}).
 *   <li>{@code <hex>}: {@code 0x} and hex digits.
 *   <li>Kept as they are, version numbers: {@code v2}, {@code v1.2.3}, and a version after 2 to 8
 *       upper-case letters and a slash when it has a dot or is one digit ({@code HTTP/1.1},
 *       {@code HTTP/2}); {@code API/42} is masked.
 *   <li>{@code <n>}: a decimal number ({@code 42}, {@code 3.14}); letters stuck to its end are a
 *       unit and stay ({@code 1500ms} becomes {@code <n>ms}, {@code 2xx} {@code <n>xx}). So
 *       {@code 1,500} is {@code <n>,<n>} and {@code -5} is {@code -<n>}.
 *   <li>Then the whole word (letters and digits, joined by single {@code -} or {@code _}) is
 *       classified: without digits it is a word and stays; all hex digits (no joints), at least 8
 *       long, with a digit and a letter, it is {@code <hex>} (so {@code a1b2c3d4e5} is
 *       {@code <hex>}: the hex rule wins over the id rule, which keeps hashes of one kind masked
 *       alike); with at least 4 digits, or digits in two or more separate runs, it is
 *       {@code <id>} ({@code req-8f3a9c21}, {@code user_12345}, {@code pool-1-thread-3},
 *       {@code x86_64}); otherwise it stays ({@code utf8}, {@code sha256}, {@code log4j},
 *       {@code UTF-8}, {@code i18n}, {@code Error404}, and also {@code job42}: one short run of
 *       digits is far more often part of a name than an id).
 * </ol>
 *
 * A message without digits and {@code @} is returned as it is, at the cost of one look at each
 * char. Only ASCII is interpreted; other chars, unpaired surrogates included, are copied. Masked
 * tokens are never merged: {@code "1 2"} is {@code "<n> <n>"}. Each rule reads a bounded number
 * of chars around its token or resumes after what it read, so masking is linear in the examined
 * prefix.
 *
 * <p>All methods are static and thread-safe. Arguments are non-null unless documented otherwise.
 */
public final class Fingerprints {

  /** How many chars of a message {@link #mask} examines. */
  public static final int MAX_MASKED_CHARS = 1024;

  /**
   * Class-name prefixes of the JDK, of JVM languages' runtimes and of common frameworks and
   * libraries, whose frames {@link #topApplicationFrame} skips.
   */
  public static final List<String> DEFAULT_FRAMEWORK_PREFIXES = List.of(
      "java.", "javax.", "jakarta.", "jdk.", "sun.", "com.sun.",
      "kotlin.", "kotlinx.", "scala.", "groovy.", "org.codehaus.groovy.", "clojure.",
      "org.springframework.", "org.apache.", "ch.qos.logback.", "org.slf4j.",
      "io.micrometer.", "reactor.", "io.netty.", "org.hibernate.", "com.zaxxer.",
      "org.eclipse.jetty.", "io.undertow.", "org.glassfish.", "org.jboss.", "io.vertx.",
      "io.quarkus.", "io.micronaut.", "io.grpc.", "io.opentelemetry.", "io.github.resilience4j.",
      "com.fasterxml.jackson.", "tools.jackson.", "com.google.common.", "com.google.protobuf.",
      "okhttp3.", "okio.", "retrofit2.", "feign.", "net.bytebuddy.", "org.aspectj.", "cglib.",
      "org.postgresql.", "com.mysql.", "org.mariadb.", "oracle.jdbc.", "org.h2.", "org.jooq.",
      "org.mybatis.", "org.flywaydb.", "liquibase.", "org.junit.", "org.mockito.", "org.assertj.",
      "dev.vigil.");

  // What a token is masked as: an index into TOKENS, or NONE to keep it.
  private static final int NONE = 0;
  private static final int TS = 1;
  private static final int UUID = 2;
  private static final int IP = 3;
  private static final int EMAIL = 4;
  private static final int HEX = 5;
  private static final int NUMBER = 6;
  private static final int ID = 7;
  // Classes of the ASCII chars.
  private static final int DIGIT = 1;
  private static final int LETTER = 2;
  private static final int HEX_DIGIT = 4;
  private static final byte[] CLASS = new byte[128];

  static {
    for (char c = '0'; c <= '9'; c++) {
      CLASS[c] = DIGIT | HEX_DIGIT;
    }
    for (char c = 'a'; c <= 'z'; c++) {
      CLASS[c] = (byte) (LETTER | (c <= 'f' ? HEX_DIGIT : 0));
      CLASS[c - 'a' + 'A'] = CLASS[c];
    }
  }

  /**
   * The ASCII chars before a number that no other rule could extend backwards: not letters,
   * digits, joints, {@code ':'} (of IPv6) or {@code '/'} (of {@code HTTP/1.1}, checked apart).
   */
  private static final boolean[] PLAIN_BEFORE = new boolean[128];

  /**
   * The ASCII chars after a number and its unit that no other rule could extend forwards: not
   * letters, digits, joints, the chars of an email's local part, {@code ':'} or {@code '.'}
   * (checked apart), and '\0' for the end of the text.
   */
  private static final boolean[] PLAIN_AFTER = new boolean[128];

  static {
    for (char c = 0; c < 128; c++) {
      PLAIN_BEFORE[c] = CLASS[c] == 0 && "-_:/".indexOf(c) < 0;
      PLAIN_AFTER[c] = CLASS[c] == 0 && ".:-_@+%".indexOf(c) < 0;
    }
  }

  private static final String[] TOKENS = {
    "", "<ts>", "<uuid>", "<ip>", "<email>", "<hex>", "<n>", "<id>"
  };

  // xxHash64's primes.
  private static final long P1 = 0x9E3779B185EBCA87L;
  private static final long P2 = 0xC2B2AE3D27D4EB4FL;
  private static final long P3 = 0x165667B19E3779F9L;
  private static final long P4 = 0x85EBCA77C2B2AE63L;
  private static final long P5 = 0x27D4EB2F165667C5L;
  private static final char[] HEX_DIGITS = "0123456789abcdef".toCharArray();
  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  private Fingerprints() {}

  /**
   * Returns the template of {@code message}: its first {@value #MAX_MASKED_CHARS} chars with the
   * variable parts masked as described in the class documentation. Returns
   * {@code message.toString()} when nothing is masked and the message is not longer than that.
   */
  public static String mask(CharSequence message) {
    requireNonNull(message, "message");
    final int limit = Math.min(message.length(), MAX_MASKED_CHARS);
    // Only the prefix is examined, so that searches such as indexOf stay within it.
    final String m = message.length() > limit
        ? message.subSequence(0, limit).toString() : message.toString();
    StringBuilder out = null;
    int copied = 0; // m[copied, ...) is still to be copied to out
    int floor = 0; // no token starts before this: what is before was decided
    int nextAt = m.indexOf('@'); // the first '@' at or after i, or -1
    int i = 0;
    while (true) {
      int stop = nextAt >= 0 ? nextAt : limit;
      while (i < stop && !isDigit(m.charAt(i))) {
        i++;
      }
      if (i >= limit) {
        break;
      }
      int token = NONE;
      int start = i;
      int end = -1;
      int resume = -1;
      char c = m.charAt(i);
      // Most tokens are plain numbers, with a unit perhaps: digits after a space, say, then
      // maybe a decimal part and letters, and a comma. No other rule can apply to them.
      if (c != '@' && isPlainBefore(m, i, floor) && !isHexPrefix(m, i, limit)) {
        int numberEnd = numberEnd(m, i, limit);
        int unitEnd = numberEnd;
        while (unitEnd < limit && isLetter(m.charAt(unitEnd))) {
          unitEnd++;
        }
        if (isPlainAfter(m, unitEnd, limit)) {
          token = NUMBER;
          end = numberEnd;
          resume = unitEnd; // the unit is copied as it is
        }
      }
      if (token == NONE) {
        long found = token(m, i, floor, nextAt, limit);
        token = (int) (found >>> 48);
        start = (int) (found >>> 32) & 0xFFFF;
        end = (int) (found >>> 16) & 0xFFFF;
        resume = (int) found & 0xFFFF;
      }
      if (token != NONE) {
        if (out == null) {
          out = new StringBuilder(limit + 32);
        }
        out.append(m, copied, start).append(TOKENS[token]);
        copied = end;
      }
      i = floor = resume;
      if (nextAt >= 0 && nextAt < i) {
        nextAt = m.indexOf('@', i);
      }
    }
    if (out == null) {
      return m;
    }
    return out.append(m, copied, limit).toString();
  }

  /**
   * The token at the digit or {@code '@'} at {@code i} that is not a plain number: its kind
   * (bits 48 to 55, {@code NONE} if it is kept), start (32 to 47), end (16 to 31), and where the
   * scan resumes (0 to 15). Every index is below {@value #MAX_MASKED_CHARS}.
   */
  private static long token(String m, int i, int floor, int nextAt, int limit) {
    int token = NONE;
    int start = i;
    int end = -1;
    int resume = -1;
    char c = m.charAt(i);
    // An email around the '@' at i, or around the digit at i if an '@' follows it?
    if (nextAt >= i && nextAt - i < 64 && isEmailLocal(m, i, nextAt)) {
      int at = nextAt;
      int local = at;
      while (local > floor && at - local < 64 && isEmailLocalChar(m.charAt(local - 1))) {
        local--;
      }
      while (local < at && !isAlnum(m.charAt(local))) {
        local++;
      }
      if (local < at && (end = domainEnd(m, at + 1, limit)) > 0) {
        token = EMAIL;
        start = local;
      }
    }
    if (token == NONE && c == '@') {
      return pack(NONE, i, i, i + 1);
    }
    if (token == NONE) {
      // A digit: the token around it starts at its word, letters and digits joined by single
      // '-' or '_', or at an IPv6 address whose first groups have no digit ("::1", "fe::1").
      start = i;
      while (start > floor && (isAlnum(m.charAt(start - 1)) || isJoint(m.charAt(start - 1))
          && start - 2 >= floor && isAlnum(m.charAt(start - 2)))) {
        start--;
      }
      if (start > floor && m.charAt(start - 1) == ':') {
        int v6 = start - 1;
        while (v6 > floor && start - v6 < 40
            && (isHex(m.charAt(v6 - 1)) || m.charAt(v6 - 1) == ':')) {
          v6--;
        }
        if ((v6 == 0 || !isAlnum(m.charAt(v6 - 1)) && m.charAt(v6 - 1) != ':')
            && (m.charAt(v6) != ':' || m.charAt(v6 + 1) == ':')
            && (end = ipv6End(m, v6, limit)) > i) {
          token = IP;
          start = v6;
        }
      }
    }
    if (token == NONE) {
      // The word at start and what it is.
      int wordEnd = start;
      int digits = 0;
      int letters = 0;
      int digitRuns = 0;
      boolean hex = true;
      boolean joined = false;
      boolean inDigits = false;
      while (true) {
        while (wordEnd < limit) {
          char w = m.charAt(wordEnd);
          int kind = w < 128 ? CLASS[w] : 0;
          if ((kind & DIGIT) != 0) {
            digits++;
            digitRuns += inDigits ? 0 : 1;
            inDigits = true;
          } else if ((kind & LETTER) != 0) {
            letters++;
            inDigits = false;
            hex &= (kind & HEX_DIGIT) != 0;
          } else {
            break;
          }
          wordEnd++;
        }
        if (isJoint(at(m, wordEnd, limit)) && isAlnum(at(m, wordEnd + 1, limit))) {
          joined = true;
          inDigits = false;
          wordEnd++;
          continue;
        }
        break;
      }
      char first0 = m.charAt(start);
      char after = at(m, wordEnd, limit);
      boolean digitStart = isDigit(first0);
      int keep = -1; // the end of a version kept as it is
      if (digitStart && (at(m, start + 4, limit) == '-' || at(m, start + 2, limit) == ':')
          && (end = timestampEnd(m, start, limit)) > 0) {
        token = TS;
      } else if (wordEnd - start == 36 && (end = uuidEnd(m, start, limit)) > 0) {
        token = UUID;
      } else if (digitStart && after == '.' && letters == 0 && !joined
          && !follows(m, start, '.', DIGIT) && (end = ipv4End(m, start, limit)) > 0) {
        token = IP;
      } else if (after == ':' && !joined && hex && !follows(m, start, ':', HEX_DIGIT)
          && (end = ipv6End(m, start, limit)) > 0) {
        token = IP;
      } else if (first0 == '0' && (end = hex0xEnd(m, start, limit)) > 0) {
        token = HEX;
      } else if (digitStart) {
        if (start > 0 && m.charAt(start - 1) == '/'
            && (end = slashVersionEnd(m, start, limit)) > 0) {
          keep = end;
        } else {
          int numberEnd = numberEnd(m, start, limit);
          int unitEnd = numberEnd;
          while (unitEnd < limit && isLetter(m.charAt(unitEnd))) {
            unitEnd++;
          }
          if (unitEnd == limit || !isAlnum(m.charAt(unitEnd))) {
            token = NUMBER;
            end = numberEnd; // the unit is copied as it is
            resume = unitEnd;
          }
        }
      } else if ((first0 == 'v' || first0 == 'V') && (end = vVersionEnd(m, start, limit)) > 0) {
        keep = end;
      }
      if (token == NONE && keep < 0) {
        end = wordEnd;
        if (letters == 0) {
          token = NUMBER;
        } else if (!joined && hex && wordEnd - start >= 8) {
          token = HEX;
        } else if (digits >= 4 || digitRuns >= 2) {
          token = ID;
        } else {
          keep = wordEnd;
        }
      }
      if (keep >= 0) {
        return pack(NONE, start, keep, keep);
      }
    }
    return pack(token, start, end, Math.max(end, resume));
  }

  private static long pack(int token, int start, int end, int resume) {
    return (long) token << 48 | (long) start << 32 | (long) end << 16 | resume;
  }


  /**
   * Whether {@code start} follows {@code separator} after a char of {@code kind}: an address
   * there would be the tail of a longer run such as {@code 1.2.3.4.5} or {@code 1:2:3:4:5:6:7:8:9}.
   */
  private static boolean follows(String m, int start, char separator, int kind) {
    if (start < 2 || m.charAt(start - 1) != separator) {
      return false;
    }
    char c = m.charAt(start - 2);
    return c < 128 && (CLASS[c] & kind) != 0;
  }

  /**
   * Whether no token could start before the digit at {@code i}: it starts the text or follows a
   * plain char, a non-ASCII char, or a slash not after an upper-case letter.
   */
  private static boolean isPlainBefore(String m, int i, int floor) {
    if (i <= floor) {
      return true;
    }
    char c = m.charAt(i - 1);
    if (c >= 128 || PLAIN_BEFORE[c]) {
      return true;
    }
    return c == '/' && (i < 2 || !isUpper(m.charAt(i - 2)));
  }

  /**
   * Whether no token could go on at {@code p}: the end, a plain or non-ASCII char, or a
   * {@code '.'} or {@code ':'} before whitespace or the end (of a sentence, of a label).
   */
  private static boolean isPlainAfter(String m, int p, int limit) {
    if (p >= limit) {
      return true;
    }
    char c = m.charAt(p);
    if (c >= 128 || PLAIN_AFTER[c]) {
      return true;
    }
    return (c == '.' || c == ':') && (p + 1 == limit || m.charAt(p + 1) <= ' ');
  }

  private static boolean isUpper(char c) {
    return c >= 'A' && c <= 'Z';
  }

  /** Whether {@code 0x} and a hex digit are at {@code i}. */
  private static boolean isHexPrefix(String m, int i, int limit) {
    char x = at(m, i + 1, limit);
    return m.charAt(i) == '0' && (x == 'x' || x == 'X') && isHex(at(m, i + 2, limit));
  }

  private static boolean isJoint(char c) {
    return c == '-' || c == '_';
  }

  private static boolean isEmailLocal(String m, int from, int to) {
    for (int p = from; p < to; p++) {
      if (!isEmailLocalChar(m.charAt(p))) {
        return false;
      }
    }
    return true;
  }

  // ---------------------------------------------------------------------------------------------
  // Token rules: each returns the end of what it recognized at i, or -1.

  private static int timestampEnd(String m, int i, int limit) {
    int p;
    if (digits(m, i, 4, limit) && at(m, i + 4, limit) == '-' && digits(m, i + 5, 2, limit)
        && at(m, i + 7, limit) == '-' && digits(m, i + 8, 2, limit)) {
      p = i + 10;
      char sep = at(m, p, limit);
      if (sep == 'T' || sep == ' ') {
        int time = timeEnd(m, p + 1, limit, true);
        if (time > 0) {
          p = zoneEnd(m, time, limit);
        }
      }
    } else {
      p = timeEnd(m, i, limit, false);
      if (p < 0) {
        return -1;
      }
      if (at(m, p, limit) == 'Z') {
        p++;
      }
    }
    return p == limit || !isAlnum(m.charAt(p)) ? p : -1;
  }

  /** {@code HH:MM[:SS[(.|,)fraction]]}, seconds required unless {@code secondsOptional}. */
  private static int timeEnd(String m, int i, int limit, boolean secondsOptional) {
    if (!digits(m, i, 2, limit) || at(m, i + 2, limit) != ':' || !digits(m, i + 3, 2, limit)) {
      return -1;
    }
    int p = i + 5;
    if (at(m, p, limit) == ':' && digits(m, p + 1, 2, limit)) {
      p += 3;
      char sep = at(m, p, limit);
      if ((sep == '.' || sep == ',') && isDigit(at(m, p + 1, limit))) {
        p++;
        while (p < limit && isDigit(m.charAt(p))) {
          p++;
        }
      }
    } else if (!secondsOptional) {
      return -1;
    }
    return p;
  }

  private static int zoneEnd(String m, int p, int limit) {
    char c = at(m, p, limit);
    if (c == 'Z') {
      return p + 1;
    }
    if ((c == '+' || c == '-') && digits(m, p + 1, 2, limit)) {
      int q = p + 3;
      if (at(m, q, limit) == ':' && digits(m, q + 1, 2, limit)) {
        return q + 3;
      }
      return digits(m, q, 2, limit) ? q + 2 : q;
    }
    return p;
  }

  private static int uuidEnd(String m, int i, int limit) {
    int end = i + 36;
    if (end > limit) {
      return -1;
    }
    boolean digit = false;
    for (int k = 0; k < 36; k++) {
      char c = m.charAt(i + k);
      boolean dash = k == 8 || k == 13 || k == 18 || k == 23;
      if (dash ? c != '-' : !isHex(c)) {
        return -1;
      }
      digit |= isDigit(c);
    }
    return digit && (end == limit || !isAlnum(m.charAt(end))) ? end : -1;
  }

  private static int ipv4End(String m, int i, int limit) {
    int p = i;
    for (int octet = 0; octet < 4; octet++) {
      if (octet > 0) {
        if (at(m, p, limit) != '.') {
          return -1;
        }
        p++;
      }
      int start = p;
      int value = 0;
      while (p < limit && p - start < 4 && isDigit(m.charAt(p))) {
        value = value * 10 + m.charAt(p) - '0';
        p++;
      }
      if (p == start || p - start > 3 || value > 255) {
        return -1;
      }
    }
    if (at(m, p, limit) == ':' && isDigit(at(m, p + 1, limit))) {
      int q = p + 1;
      while (q < limit && q - p <= 6 && isDigit(m.charAt(q))) {
        q++;
      }
      if (q - p - 1 <= 5 && (q == limit || !isAlnum(m.charAt(q)))) {
        p = q;
      }
    }
    if (p < limit && (isAlnum(m.charAt(p)) || m.charAt(p) == '.' && isDigit(at(m, p + 1, limit)))) {
      return -1;
    }
    return p;
  }

  private static int ipv6End(String m, int i, int limit) {
    int p = i;
    int groups = 0;
    boolean compressed = false;
    boolean digit = false;
    if (at(m, p, limit) == ':') {
      if (at(m, p + 1, limit) != ':') {
        return -1;
      }
      compressed = true;
      p += 2;
    }
    while (true) {
      int start = p;
      while (p < limit && p - start < 5 && isHex(m.charAt(p))) {
        digit |= isDigit(m.charAt(p));
        p++;
      }
      if (p == start) {
        break; // only after "::"
      }
      if (p - start > 4) {
        return -1;
      }
      if (at(m, p, limit) == '.' && groups <= 6) {
        int v4 = ipv4Tail(m, start, limit);
        if (v4 > 0) {
          groups += 2;
          p = v4;
          digit = true;
          break;
        }
      }
      if (++groups > 8) {
        return -1;
      }
      if (at(m, p, limit) == ':' && at(m, p + 1, limit) == ':') {
        if (compressed) {
          return -1;
        }
        compressed = true;
        p += 2;
      } else if (at(m, p, limit) == ':' && isHex(at(m, p + 1, limit))) {
        p++;
      } else {
        break;
      }
    }
    boolean valid = digit && (compressed ? groups <= 7 : groups == 8);
    return valid && (p == limit || !isAlnum(m.charAt(p))) ? p : -1;
  }

  /** The end of a dotted IPv4 address at {@code i} ending an IPv6 address, or -1. */
  private static int ipv4Tail(String m, int i, int limit) {
    int p = i;
    for (int octet = 0; octet < 4; octet++) {
      if (octet > 0) {
        if (at(m, p, limit) != '.') {
          return -1;
        }
        p++;
      }
      int start = p;
      while (p < limit && p - start < 3 && isDigit(m.charAt(p))) {
        p++;
      }
      if (p == start) {
        return -1;
      }
    }
    return p;
  }

  private static int domainEnd(String m, int i, int limit) {
    int p = i;
    int labels = 0;
    while (true) {
      int start = p;
      while (p < limit && (isAlnum(m.charAt(p)) || m.charAt(p) == '-')) {
        p++;
      }
      if (p == start) {
        return -1;
      }
      labels++;
      if (at(m, p, limit) == '.' && isAlnum(at(m, p + 1, limit))) {
        p++;
        continue;
      }
      return labels >= 2 ? p : -1;
    }
  }

  private static int hex0xEnd(String m, int i, int limit) {
    char x = at(m, i + 1, limit);
    if (x != 'x' && x != 'X' || !isHex(at(m, i + 2, limit))) {
      return -1;
    }
    int p = i + 2;
    while (p < limit && isHex(m.charAt(p))) {
      p++;
    }
    return p == limit || !isAlnum(m.charAt(p)) ? p : -1;
  }

  /** A version at {@code i} after {@code UPPER/}: one digit, or numbers joined by dots. */
  private static int slashVersionEnd(String m, int i, int limit) {
    if (i < 3 || m.charAt(i - 1) != '/') {
      return -1;
    }
    int name = i - 1;
    while (name > 0 && i - 1 - name < 9 && m.charAt(name - 1) >= 'A' && m.charAt(name - 1) <= 'Z') {
      name--;
    }
    int letters = i - 1 - name;
    if (letters < 2 || letters > 8 || name > 0 && isAlnum(m.charAt(name - 1))) {
      return -1;
    }
    int p = dottedNumberEnd(m, i, limit);
    boolean dotted = indexOf(m, '.', i, p) >= 0;
    if (!dotted && p - i != 1) {
      return -1;
    }
    return p == limit || !isAlnum(m.charAt(p)) ? p : -1;
  }

  /** {@code v2}, {@code V1.2.3}. */
  private static int vVersionEnd(String m, int i, int limit) {
    if (!isDigit(at(m, i + 1, limit))) {
      return -1;
    }
    int p = dottedNumberEnd(m, i + 1, limit);
    return p == limit || !isAlnum(m.charAt(p)) ? p : -1;
  }

  private static int dottedNumberEnd(String m, int i, int limit) {
    int p = i;
    while (true) {
      while (p < limit && isDigit(m.charAt(p))) {
        p++;
      }
      if (at(m, p, limit) == '.' && isDigit(at(m, p + 1, limit))) {
        p++;
        continue;
      }
      return p;
    }
  }

  /** Digits, then optionally a dot and digits. */
  private static int numberEnd(String m, int i, int limit) {
    int p = i;
    while (p < limit && isDigit(m.charAt(p))) {
      p++;
    }
    if (at(m, p, limit) == '.' && isDigit(at(m, p + 1, limit))) {
      p++;
      while (p < limit && isDigit(m.charAt(p))) {
        p++;
      }
    }
    return p;
  }

  // ---------------------------------------------------------------------------------------------

  /**
   * Returns the first frame of {@code frames} that belongs to the application, without its
   * location: {@code "com.acme.Foo.bar"} for {@code "com.acme.Foo.bar(Foo.java:42)"}.
   *
   * <p>Frames are {@link StackTraceElement#toString()} strings; a leading {@code "at "}, the class
   * loader and module prefixes ({@code "app//"}, {@code "java.base@17/"}) and the location in
   * parentheses are ignored. Skipped are {@code null} frames, frames whose class starts with one
   * of {@code frameworkPrefixes}, and frames of generated classes, whose names contain
   * {@code "$$"} (lambda classes, whose names change between runs, and proxies such as
   * {@code Foo$$SpringCGLIB$$0}): the application's own lambda bodies appear in the next frame as
   * {@code Foo.lambda$bar$0}.
   *
   * @param frameworkPrefixes class-name prefixes such as {@code "org.springframework."}; see
   *     {@link #DEFAULT_FRAMEWORK_PREFIXES}
   * @return the class and method of the first application frame, or {@code null} if there is none
   */
  public static String topApplicationFrame(List<String> frames, List<String> frameworkPrefixes) {
    requireNonNull(frames, "frames");
    requireNonNull(frameworkPrefixes, "frameworkPrefixes");
    next:
    for (String frame : frames) {
      if (frame == null) {
        continue;
      }
      int end = frame.indexOf('(');
      if (end < 0) {
        end = frame.length();
      }
      int start = 0;
      while (start < end && Character.isWhitespace(frame.charAt(start))) {
        start++;
      }
      if (frame.startsWith("at ", start)) {
        start += 3;
        while (start < end && Character.isWhitespace(frame.charAt(start))) {
          start++;
        }
      }
      for (int slash = frame.indexOf('/', start); slash >= 0 && slash < end;
          slash = frame.indexOf('/', start)) {
        if (frame.startsWith("0x", slash + 1)) {
          break; // a hidden class's suffix, not a module prefix
        }
        start = slash + 1;
      }
      while (end > start && Character.isWhitespace(frame.charAt(end - 1))) {
        end--;
      }
      int generated = frame.indexOf("$$", start);
      if (start >= end || generated >= 0 && generated < end) {
        continue;
      }
      for (String prefix : frameworkPrefixes) {
        if (frame.startsWith(prefix, start)) {
          continue next;
        }
      }
      return frame.substring(start, end);
    }
    return null;
  }

  /**
   * Returns the grouping fingerprint of an event: 16 lower-case hex digits of a 64-bit hash,
   * the same for the same arguments in every JVM and release.
   *
   * <p>The fingerprint covers {@code source}, {@code maskedMessage}, {@code exceptionClass} and
   * {@code topFrame}: one log statement failing with one exception at one place of the
   * application is one group, and two statements that share an exception site stay apart.
   * Whatever follows a {@code '('} in
   * {@code topFrame} (a file and line number) is ignored, so line numbers never matter. A
   * {@code null} part hashes differently from an empty one, and parts are delimited by their
   * lengths, so {@code ("ab", "c")} and {@code ("a", "bc")} differ.
   *
   * <p>The hash reads the chars eight at a time as 64-bit words (see {@code mix}) through
   * xxHash64's round and avalanche functions; it is for grouping, not for security.
   *
   * @param source the service the event came from, or {@code null}
   * @param maskedMessage the {@link #mask masked} message, or {@code null}
   * @param exceptionClass the class name of the exception, or {@code null} if there is none
   * @param topFrame the {@link #topApplicationFrame top application frame}, or {@code null}
   */
  public static String fingerprint(
      String source, String maskedMessage, String exceptionClass, String topFrame) {
    long h = P5;
    h = mix(h, source);
    h = mix(h, exceptionClass);
    int frameEnd = -1;
    if (topFrame != null) {
      frameEnd = topFrame.indexOf('(');
      if (frameEnd < 0) {
        frameEnd = topFrame.length();
      }
    }
    h = mix(h, maskedMessage);
    h = topFrame == null ? mix(h, null) : mix(h, topFrame, frameEnd);
    return hex(avalanche(h));
  }

  private static long mix(long h, String s) {
    return s == null ? round(h, 0) : mix(h, s, s.length());
  }

  /**
   * Mixes {@code s[0, n)}: its length (odd, unlike null's 0), then its chars in chunks of eight,
   * alternately into two lanes so that the two multiply chains overlap. A chunk of chars up to
   * {@code U+00FF} is one 64-bit word of their low bytes (little-endian, zero-padded at the end);
   * a chunk with a wider char is two words of four 16-bit chars, mixed by {@link #wideRound}.
   *
   * <p>That definition lets Latin-1 text, nearly all log text, be read eight chars at a time from
   * {@code getBytes(ISO_8859_1)}; {@link FingerprintsTest} checks both paths against a naive
   * implementation.
   */
  private static long mix(long h, String s, int n) {
    h = round(h, (long) n << 1 | 1);
    long a = h; // chunks 0, 2, 4...
    long b = h ^ P3; // chunks 1, 3, 5...
    byte[] latin1 = n >= 16 && n == s.length() ? latin1(s) : null;
    int p = 0;
    if (latin1 != null) {
      for (; p + 16 <= n; p += 16) {
        a = round(a, (long) LONGS.get(latin1, p));
        b = round(b, (long) LONGS.get(latin1, p + 8));
      }
      if (p < n) {
        a = round(a, p + 8 <= n ? (long) LONGS.get(latin1, p) : bytes(latin1, p, n));
        p += 8;
      }
      if (p < n) {
        b = round(b, bytes(latin1, p, n));
      }
    } else {
      for (; p + 16 <= n; p += 16) {
        a = chunk(a, s, p, p + 8);
        b = chunk(b, s, p + 8, p + 16);
      }
      if (p < n) {
        a = chunk(a, s, p, Math.min(p + 8, n));
        p += 8;
      }
      if (p < n) {
        b = chunk(b, s, p, n);
      }
    }
    return round(a, b);
  }

  /** Mixes the chunk {@code s[from, to)} of at most eight chars into {@code lane}. */
  private static long chunk(long lane, String s, int from, int to) {
    int wide = 0;
    long k = 0;
    for (int q = from; q < to; q++) {
      char c = s.charAt(q);
      wide |= c >>> 8;
      k |= (long) (c & 0xFF) << ((q - from) << 3);
    }
    if (wide == 0) {
      return round(lane, k);
    }
    int half = Math.min(from + 4, to);
    lane = wideRound(lane, chars(s, from, half));
    return half < to ? wideRound(lane, chars(s, half, to)) : lane;
  }

  /**
   * Returns the Latin-1 bytes of {@code s} (a copy of its own for most strings), or null if it has
   * a wider char, which {@code getBytes} would have replaced by {@code '?'}.
   */
  private static byte[] latin1(String s) {
    byte[] bytes = s.getBytes(StandardCharsets.ISO_8859_1);
    if (bytes.length != s.length()) {
      return null; // surrogate pairs became one '?' each
    }
    int p = 0;
    for (; p + 8 <= bytes.length; p += 8) {
      long x = (long) LONGS.get(bytes, p) ^ 0x3F3F3F3F3F3F3F3FL; // a zero byte for each '?'
      if (((x - 0x0101010101010101L) & ~x & 0x8080808080808080L) != 0
          && !realQuestionMarks(s, bytes, p, p + 8)) {
        return null;
      }
    }
    return realQuestionMarks(s, bytes, p, bytes.length) ? bytes : null;
  }

  private static boolean realQuestionMarks(String s, byte[] bytes, int from, int to) {
    for (int p = from; p < to; p++) {
      if (bytes[p] == '?' && s.charAt(p) != '?') {
        return false;
      }
    }
    return true;
  }

  private static long bytes(byte[] bytes, int from, int to) {
    long k = 0;
    for (int p = from; p < to; p++) {
      k |= (long) (bytes[p] & 0xFF) << ((p - from) << 3);
    }
    return k;
  }

  private static long chars(String s, int from, int to) {
    long k = 0;
    for (int p = from; p < to; p++) {
      k |= (long) s.charAt(p) << ((p - from) << 4);
    }
    return k;
  }

  private static long wideRound(long h, long k) {
    return round(h ^ P5, k);
  }

  private static long round(long h, long k) {
    k *= P2;
    k = Long.rotateLeft(k, 31);
    k *= P1;
    h ^= k;
    return Long.rotateLeft(h, 27) * P1 + P4;
  }

  private static long avalanche(long h) {
    h ^= h >>> 33;
    h *= P2;
    h ^= h >>> 29;
    h *= P3;
    h ^= h >>> 32;
    return h;
  }

  private static String hex(long h) {
    char[] chars = new char[16];
    for (int k = 15; k >= 0; k--) {
      chars[k] = HEX_DIGITS[(int) h & 15];
      h >>>= 4;
    }
    return new String(chars);
  }

  // ---------------------------------------------------------------------------------------------
  // ASCII char classes.

  private static char at(String m, int p, int limit) {
    return p < limit ? m.charAt(p) : '\0';
  }

  private static boolean digits(String m, int i, int count, int limit) {
    if (i + count > limit) {
      return false;
    }
    for (int p = i; p < i + count; p++) {
      if (!isDigit(m.charAt(p))) {
        return false;
      }
    }
    return true;
  }

  private static int indexOf(String m, char c, int from, int to) {
    for (int p = from; p < to; p++) {
      if (m.charAt(p) == c) {
        return p;
      }
    }
    return -1;
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static boolean isLetter(char c) {
    return c < 128 && (CLASS[c] & LETTER) != 0;
  }

  private static boolean isAlnum(char c) {
    return c < 128 && CLASS[c] != 0;
  }

  private static boolean isHex(char c) {
    return c < 128 && (CLASS[c] & HEX_DIGIT) != 0;
  }

  private static boolean isEmailLocalChar(char c) {
    return isAlnum(c) || c == '.' || c == '_' || c == '%' || c == '+' || c == '-';
  }
}
