package dev.vigil;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Hides secrets in log text before it is stored or published: each secret is replaced by
 * {@value #REDACTED}, and what names it (the key, the scheme, the user name) stays readable.
 *
 * <pre>{@code
 * Redactor redactor = Redactor.defaults();
 * redactor.redact("login failed password=hunter2 user=bob");
 * // "login failed password=[REDACTED] user=bob"
 * redactor.redactValue("apiKey", "k-123");  // "[REDACTED]"
 * }</pre>
 *
 * <h2>What the defaults catch</h2>
 *
 * <ul>
 *   <li><b>Values of sensitive keys</b> written {@code k=v}, {@code k: v}, {@code k = v},
 *       {@code "k":"v"}, {@code 'k': 'v'}, {@code \"k\":\"v\"} (JSON inside a string), {@code k:=v}
 *       and in URL queries and fragments ({@code ?k=v&}, {@code #k=v}). The sensitive names are
 *       {@code password passwd pwd passphrase secret client_secret secret_key
 *       secret_access_key private_key token access_token refresh_token id_token auth_token
 *       api_token api_key x-api-key session session_id jsessionid auth authorization signature
 *       sig credential credentials}. Key names are compared ignoring case and the separators
 *       {@code _ - .}, so {@code apiKey}, {@code API_KEY}, {@code api-key} and {@code apikey} are
 *       one name. A key also counts when it <em>ends</em> with a sensitive name that starts at a
 *       separator or a camel-case hump: {@code db_password}, {@code dbPassword},
 *       {@code spring.datasource.password}, {@code X-Auth-Token} and {@code --password}, but not
 *       {@code dbpassword}, {@code bypass} or {@code oauth}.
 *       <br>A quoted value is hidden up to its closing quote (backslash escapes honoured; an
 *       unclosed quote ends at the line break). An unquoted value ends at whitespace or one of
 *       <code>&amp; , ; | " ' ) ] &#125; &lt; &gt;</code>, so a password containing those is
 *       hidden only up to them. When the value starts with an HTTP authentication scheme
 *       ({@code Bearer}, {@code Basic}, {@code Token}, {@code Bot}, {@code Negotiate},
 *       {@code NTLM}), the scheme is kept and the credential after it hidden:
 *       {@code Authorization: Bearer [REDACTED]}.
 *   <li><b>{@code Bearer} and {@code Basic} credentials</b> anywhere, in any case, when the word
 *       after the scheme looks like a credential: for {@code Bearer}, 8 or more token characters
 *       with a digit, or 16 or more mixing upper and lower case; for {@code Basic}, padded Base64
 *       (a multiple of 4 characters, 8 or more) with a digit, {@code + / =}, or upper case after
 *       the first letter. So {@code "Bearer token expired"} and
 *       {@code "Basic authentication disabled"} stay as they are.
 *   <li><b>URL passwords:</b> {@code scheme://user:[REDACTED]@host/…} (the last {@code @} of the
 *       authority ends the password). A user name without a password is hidden only when it looks
 *       like a token (the rule below), as in {@code https://ghp_…@github.com}.
 *   <li><b>Tokens in URL paths</b> (after {@code scheme://host}): a path segment, or a part of one
 *       between {@code :}, of at least 24 characters of {@code [A-Za-z0-9_-]} that contains both a
 *       letter and a digit, unless it is a canonical UUID ({@code 8-4-4-4-12} hex, usually a
 *       resource id rather than a secret). Long hex ids such as commit hashes in URLs are hidden
 *       too. Whatever their shape, also the webhook secret of
 *       {@code hooks.slack.com/services/T…/B…/…}, the bot token after {@code bot<id>:} on
 *       {@code api.telegram.org}, and the API token of Green API
 *       ({@code *.green-api.com/waInstance<id>/<method>/<token>}).
 *   <li><b>JSON Web Tokens</b> ({@code eyJ….….…}, signed or encrypted, also unsigned with an empty
 *       signature), <b>AWS access key ids</b> ({@code AKIA} or {@code ASIA} and 16 upper-case
 *       letters or digits), and the body of <b>PEM private key blocks</b>
 *       ({@code -----BEGIN … PRIVATE KEY-----} up to {@code -----END}, or to the end of the text
 *       if the block is cut).
 * </ul>
 *
 * <h2>What they do not catch</h2>
 *
 * Secrets without a recognisable shape or key: a password in prose ({@code "password is
 * hunter2"}), a key name glued to a prefix in one case ({@code dbpassword}), values in XML
 * elements, URL-encoded keys ({@code password%3D…}), tokens in a URL path without a scheme and host
 * ({@code GET /bot123:AAH…}) or shorter than 24 characters, vendor tokens recognisable only by
 * their prefix ({@code ghp_}, {@code xoxb-}, {@code sk_live_}, {@code AIza}) unless under a
 * sensitive key, AWS secret access keys outside a key, and cookies ({@code Cookie:} is not a
 * sensitive key). Add what your application needs with {@link Builder#sensitiveKey} and
 * {@link Builder#pattern}.
 *
 * <h2>Cost</h2>
 *
 * The built-in detectors are one forward scan with bounded look-behind, linear in the length of
 * the text whatever it contains; {@link #redact} allocates nothing when it finds nothing. User
 * patterns are {@link java.util.regex} expressions, which backtrack: see {@link Builder#pattern}.
 *
 * <p>Instances are immutable and thread-safe; share one. Arguments are non-null unless documented
 * otherwise.
 */
public final class Redactor {

  /** The text that replaces each secret. */
  public static final String REDACTED = "[REDACTED]";

  /** Built-in sensitive key names, normalized (lower case, no separators). */
  private static final List<String> DEFAULT_KEYS = List.of(
      "password", "passwd", "pwd", "passphrase",
      "secret", "clientsecret", "secretkey", "secretaccesskey", "privatekey",
      "token", "accesstoken", "refreshtoken", "idtoken", "authtoken", "apitoken",
      "apikey", "xapikey",
      "session", "sessionid", "jsessionid",
      "auth", "authorization", "signature", "sig", "credential", "credentials");

  /** Authentication schemes kept in front of a hidden credential value. */
  private static final String[] SCHEMES = {"bearer", "basic", "token", "bot", "negotiate", "ntlm"};

  private static final int FOUND = -1;
  private static final int HOST_OTHER = 0;
  private static final int HOST_SLACK = 1;
  private static final int HOST_TELEGRAM = 2;
  private static final int HOST_GREEN_API = 3;

  // Trigger classes of the ASCII chars that may start a detection.
  private static final int KEY_VALUE = 1;
  private static final int BUILT_IN = 2;
  private static final byte[] TRIGGERS = new byte[128];

  static {
    TRIGGERS['='] = KEY_VALUE;
    TRIGGERS[':'] = KEY_VALUE;
    TRIGGERS['B'] = BUILT_IN;
    TRIGGERS['b'] = BUILT_IN;
    TRIGGERS['J'] = BUILT_IN; // of "eyJ": 'e' is too common a letter to stop at
    TRIGGERS['A'] = BUILT_IN;
    TRIGGERS['K'] = BUILT_IN; // of "PRIVATE KEY": '-' is too common a char to stop at
  }

  // After the constants the constructor reads.
  private static final Redactor NONE = new Builder().build();
  private static final Redactor DEFAULTS = new Builder().defaults().build();

  private final boolean builtIns;
  private final int triggerMask;
  private final KeyNames keys; // null when no key is sensitive
  private final List<UserPattern> patterns;

  private Redactor(Builder builder) {
    this.builtIns = builder.defaults;
    Set<String> names = new LinkedHashSet<>();
    if (builder.defaults) {
      names.addAll(DEFAULT_KEYS);
    }
    names.addAll(builder.keys);
    this.keys = names.isEmpty() ? null : new KeyNames(names);
    this.triggerMask = (keys != null ? KEY_VALUE : 0) | (builtIns ? BUILT_IN : 0);
    this.patterns = List.copyOf(builder.patterns);
  }

  /** Returns the redactor of the built-in detectors, as {@code builder().defaults().build()}. */
  public static Redactor defaults() {
    return DEFAULTS;
  }

  /** Returns a redactor that hides nothing. */
  public static Redactor none() {
    return NONE;
  }

  /** Returns a builder of a redactor that hides nothing until told what to hide. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns {@code text} with each secret replaced by {@value #REDACTED}, or {@code text} itself
   * (the same instance, and without allocating unless user patterns are configured) when nothing
   * was found. What the built-in detectors left, they leave again: redacting twice changes
   * nothing more. Never throws for any text.
   */
  public String redact(String text) {
    requireNonNull(text, "text");
    String result = text;
    if (triggerMask != 0) {
      int first = scan(text, 0, null);
      if (first < 0) {
        Edit edit = new Edit(text);
        scan(text, -1 - first, edit);
        result = edit.result();
      }
    }
    for (int i = 0; i < patterns.size(); i++) {
      result = patterns.get(i).apply(result);
    }
    return result;
  }

  /**
   * Redacts one value of a map of context (such as an MDC entry or an HTTP header): the whole
   * value becomes {@value #REDACTED} when {@code key} is sensitive (by the rules of the key names
   * in the text, applied to the last run of {@code [A-Za-z0-9_.-]} in the key), otherwise the
   * value is {@link #redact redacted} as text. An empty value stays empty.
   *
   * @param value the value, or {@code null}, which is returned as is
   */
  public String redactValue(String key, String value) {
    requireNonNull(key, "key");
    if (value == null) {
      return null;
    }
    if (keys != null && isSensitiveKey(key)) {
      return value.isEmpty() || value.equals(REDACTED) ? value : REDACTED;
    }
    return redact(value);
  }

  private boolean isSensitiveKey(String key) {
    int end = key.length();
    while (end > 0 && isBlank(key.charAt(end - 1))) {
      end--;
    }
    return end > 0 && keys.endsWithName(key, 0, end);
  }

  @Override
  public String toString() {
    return "Redactor{" + (builtIns ? "defaults" : "no defaults")
        + ", " + (keys == null ? 0 : keys.size) + " sensitive keys, "
        + patterns.size() + " patterns}";
  }

  // ---------------------------------------------------------------------------------------------
  // The scan. It stops only at the chars that can start a detection: '=' and ':' (key/value,
  // URL), 'B' and 'b' (Bearer, Basic), 'A' (AWS key ids), and the rare 'J' of "eyJ" (JWT) and
  // 'K' of "PRIVATE KEY" (PEM), which look back a bounded number of chars. Every detector takes
  // the text, the index of its trigger and the edit (null when probing) and returns the index to
  // resume at, always greater than the trigger's, or FOUND when probing and something was found.
  // Detectors look behind their trigger only over the run of key or scheme chars before it (or a
  // bounded distance) and resume after what they read ahead, so the scan is linear.

  /**
   * Scans {@code s} from {@code from}. Probing ({@code edit == null}), returns {@code -1 - i}
   * where {@code i} is the trigger of the first secret, or {@code s.length()} when there is none;
   * editing, records every secret in {@code edit}.
   */
  private int scan(String s, int from, Edit edit) {
    final int n = s.length();
    final int mask = triggerMask;
    int i = from;
    while (true) {
      char c = 0;
      while (i < n && ((c = s.charAt(i)) >= 128 || (TRIGGERS[c] & mask) == 0)) {
        i++;
      }
      if (i >= n) {
        return n;
      }
      int next;
      switch (c) {
        case '=':
        case ':':
          next = separator(s, i, edit);
          break;
        case 'B':
        case 'b':
          next = i + 6 < n && ((s.charAt(i + 1) | 0x20) == 'e' || (s.charAt(i + 1) | 0x20) == 'a')
              ? authScheme(s, i, edit) : i + 1;
          break;
        case 'J':
          next = jwt(s, i, edit);
          break;
        case 'A':
          next = awsKeyId(s, i, edit);
          break;
        default: // 'K'
          next = i >= 19 && s.startsWith("EY", i + 1) ? pemBlock(s, i, edit) : i + 1;
          break;
      }
      if (next == FOUND) {
        return -1 - i;
      }
      i = next;
    }
  }

  /** Reports the secret {@code [start, end)}; returns FOUND when probing, else {@code end}. */
  private static int emit(String s, int start, int end, Edit edit) {
    if (end - start == REDACTED.length() && s.startsWith(REDACTED, start)) {
      return end; // already redacted
    }
    if (edit == null) {
      return FOUND;
    }
    edit.replace(start, end);
    return end;
  }

  /** At {@code '='} or {@code ':'}: a URL, a sensitive key's value, or nothing. */
  private int separator(String s, int i, Edit edit) {
    int n = s.length();
    if (s.charAt(i) == ':' && i + 2 < n && s.charAt(i + 1) == '/' && s.charAt(i + 2) == '/') {
      return builtIns ? url(s, i, edit) : i + 3;
    }
    if (keys == null) {
      return i + 1;
    }
    int floor = edit == null ? 0 : edit.last;
    int p = i - 1;
    while (p >= floor && isBlank(s.charAt(p))) {
      p--;
    }
    if (p >= floor && (s.charAt(p) == '"' || s.charAt(p) == '\'')) {
      p--;
      if (p >= floor && s.charAt(p) == '\\') {
        p--; // \"key\": JSON inside a string
      }
    }
    if (p < floor || !keys.endsWithName(s, floor, p + 1)) {
      return i + 1;
    }
    return value(s, i, edit);
  }

  /** The value after the separator at {@code sep} of a sensitive key. */
  private static int value(String s, int sep, Edit edit) {
    int n = s.length();
    int v = sep + 1;
    if (v < n && s.charAt(v) == '=') {
      if (s.charAt(sep) == '=') {
        return v + 1; // "==": a comparison, not an assignment
      }
      v++; // ":="
    }
    while (v < n && isBlank(s.charAt(v))) {
      v++;
    }
    if (v >= n) {
      return n;
    }
    char q = s.charAt(v);
    int start;
    int end;
    int resume;
    if (q == '"' || q == '\'') {
      start = v + 1;
      end = closingQuote(s, start, q);
      resume = end < n && s.charAt(end) == q ? end + 1 : end;
    } else if (q == '\\' && v + 1 < n && s.charAt(v + 1) == '"') {
      start = v + 2;
      end = start;
      while (end < n && s.charAt(end) != '\\' && s.charAt(end) != '"'
          && !isLineBreak(s.charAt(end))) {
        end++;
      }
      resume = end;
    } else {
      start = afterScheme(s, v);
      if (s.startsWith(REDACTED, start)) {
        return start + REDACTED.length();
      }
      end = start;
      while (end < n && !endsUnquotedValue(s.charAt(end))) {
        end++;
      }
      resume = end;
    }
    if (start >= end) {
      return Math.max(resume, sep + 1);
    }
    return emit(s, start, end, edit) == FOUND ? FOUND : Math.max(resume, sep + 1);
  }

  /** The index of the quote closing a value at {@code from}, or of the line break or end. */
  private static int closingQuote(String s, int from, char quote) {
    int n = s.length();
    int p = from;
    while (p < n) {
      char c = s.charAt(p);
      if (c == quote || isLineBreak(c)) {
        return p;
      }
      p += c == '\\' && p + 1 < n && !isLineBreak(s.charAt(p + 1)) ? 2 : 1;
    }
    return n;
  }

  /** Skips an authentication scheme and its blanks at {@code v}, if there is one. */
  private static int afterScheme(String s, int v) {
    int n = s.length();
    int p = v;
    while (p < n && p - v <= 9 && isLetter(s.charAt(p))) {
      p++;
    }
    if (p == v || p >= n || s.charAt(p) != ' ') {
      return v;
    }
    int after = p;
    while (after < n && isBlank(s.charAt(after))) {
      after++;
    }
    if (after >= n || endsUnquotedValue(s.charAt(after))) {
      return v;
    }
    for (String scheme : SCHEMES) {
      if (scheme.length() == p - v && s.regionMatches(true, v, scheme, 0, p - v)) {
        return after;
      }
    }
    return v;
  }

  /** At {@code B} or {@code b}: a {@code Bearer} or {@code Basic} credential. */
  private static int authScheme(String s, int i, Edit edit) {
    int n = s.length();
    if (i + 6 >= n || i > 0 && isWordChar(s.charAt(i - 1))) {
      return i + 1;
    }
    char second = (char) (s.charAt(i + 1) | 0x20);
    boolean bearer;
    int p;
    if (second == 'e' && s.regionMatches(true, i, "bearer ", 0, 7)) {
      bearer = true;
      p = i + 7;
    } else if (second == 'a' && s.regionMatches(true, i, "basic ", 0, 6)) {
      bearer = false;
      p = i + 6;
    } else {
      return i + 1;
    }
    while (p < n && s.charAt(p) == ' ') {
      p++;
    }
    int start = p;
    int digits = 0;
    int upperAfterFirst = 0;
    int lower = 0;
    int symbols = 0;
    while (p < n) {
      char c = s.charAt(p);
      if (c >= '0' && c <= '9') {
        digits++;
      } else if (c >= 'a' && c <= 'z') {
        lower++;
      } else if (c >= 'A' && c <= 'Z') {
        upperAfterFirst += p > start ? 1 : 0;
      } else if (c == '+' || c == '/' || bearer && (c == '-' || c == '.' || c == '_' || c == '~')) {
        symbols++;
      } else {
        break;
      }
      p++;
    }
    int padding = 0;
    while (p < n && s.charAt(p) == '=') {
      padding++;
      p++;
    }
    int length = p - start;
    if (p < n && isWordChar(s.charAt(p))) {
      return start; // glued to something else: not a credential
    }
    boolean credential;
    if (bearer) {
      credential = length >= 8 && (digits > 0 || length >= 16 && upperAfterFirst > 0 && lower > 0);
    } else {
      credential = length >= 8 && length % 4 == 0 && padding <= 2
          && (digits > 0 || symbols > 0 || padding > 0 || upperAfterFirst > 0 && lower > 0);
    }
    if (!credential) {
      return start; // resume at the word after the scheme (it may be a JWT, say)
    }
    return emit(s, start, p, edit);
  }

  /** At {@code J}: a JSON Web Token starting two chars before, at {@code "eyJ"}. */
  private static int jwt(String s, int i, Edit edit) {
    if (i < 2 || s.charAt(i - 1) != 'y' || s.charAt(i - 2) != 'e') {
      return i + 1;
    }
    int end = jwtEnd(s, i - 2, s.length());
    return end < 0 ? i + 1 : emit(s, i - 2, end, edit);
  }

  /** The end of a JSON Web Token at {@code i} that ends by {@code limit}, or -1. */
  private static int jwtEnd(String s, int i, int limit) {
    if (i + 2 >= limit || s.charAt(i) != 'e' || s.charAt(i + 1) != 'y' || s.charAt(i + 2) != 'J') {
      return -1;
    }
    if (i > 0 && (isBase64Url(s.charAt(i - 1)) || s.charAt(i - 1) == '.')) {
      return -1;
    }
    int header = base64UrlRun(s, i, limit);
    if (header - i < 8 || header >= limit || s.charAt(header) != '.') {
      return -1;
    }
    int payload = base64UrlRun(s, header + 1, limit);
    if (payload - header - 1 < 2 || payload >= limit || s.charAt(payload) != '.') {
      return -1;
    }
    int end = base64UrlRun(s, payload + 1, limit); // the signature, empty when unsigned
    while (end + 1 < limit && s.charAt(end) == '.' && isBase64Url(s.charAt(end + 1))) {
      end = base64UrlRun(s, end + 1, limit); // the further parts of an encrypted token
    }
    return end;
  }

  private static int base64UrlRun(String s, int from, int limit) {
    int p = from;
    while (p < limit && isBase64Url(s.charAt(p))) {
      p++;
    }
    return p;
  }

  /** At {@code A}: an AWS access key id. */
  private static int awsKeyId(String s, int i, Edit edit) {
    int n = s.length();
    int end = i + 20;
    if (end > n
        || (s.charAt(i + 1) != 'K' && s.charAt(i + 1) != 'S')
        || s.charAt(i + 2) != 'I' || s.charAt(i + 3) != 'A'
        || i > 0 && isAlnum(s.charAt(i - 1))
        || end < n && isAlnum(s.charAt(end))) {
      return i + 1;
    }
    for (int p = i + 4; p < end; p++) {
      char c = s.charAt(p);
      if (!(c >= 'A' && c <= 'Z' || c >= '0' && c <= '9')) {
        return i + 1;
      }
    }
    return emit(s, i, end, edit);
  }

  /**
   * At the {@code K} of {@code PRIVATE KEY}: the body of a PEM private key block, after its
   * {@code -----BEGIN … PRIVATE KEY-----} (or {@code … PRIVATE KEY BLOCK-----}) header.
   */
  private static int pemBlock(String s, int i, Edit edit) {
    int labelEnd = i + 3;
    if (s.startsWith(" BLOCK", labelEnd)) {
      labelEnd += 6;
    }
    if (!s.startsWith("PRIVATE ", i - 8) || !s.startsWith("-----", labelEnd)) {
      return i + 1;
    }
    int begin = i - 8; // walks back over the label to "BEGIN"
    while (begin > 0 && i - begin < 64 && isLabelChar(s.charAt(begin - 1))) {
      begin--;
    }
    if (begin < 5 || !s.startsWith("-----BEGIN ", begin - 5)) {
      return i + 1;
    }
    int bodyStart = labelEnd + 5;
    int bodyEnd = s.indexOf("-----END ", bodyStart);
    if (bodyEnd < 0) {
      bodyEnd = s.length();
    }
    return bodyEnd == bodyStart ? bodyStart : emit(s, bodyStart, bodyEnd, edit);
  }

  private static boolean isLabelChar(char c) {
    return c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == ' ';
  }

  /** At the {@code ':'} of {@code "://"}: the password and the tokens of a URL. */
  private static int url(String s, int i, Edit edit) {
    int n = s.length();
    int floor = edit == null ? 0 : edit.last;
    int schemeStart = i;
    while (schemeStart > floor && isSchemeChar(s.charAt(schemeStart - 1))) {
      schemeStart--;
    }
    int authStart = i + 3;
    if (schemeStart == i) {
      return authStart;
    }
    int at = -1;
    int authEnd = authStart;
    while (authEnd < n) {
      char c = s.charAt(authEnd);
      if (c == '/' || c == '?' || c == '#' || c != ']' && endsUrl(c)) {
        break; // ']' closes an IPv6 literal
      }
      if (c == '@') {
        at = authEnd;
      }
      authEnd++;
    }
    if (at >= 0) {
      int colon = indexOf(s, ':', authStart, at);
      int r = authStart;
      if (colon >= 0 && colon + 1 < at) {
        r = emit(s, colon + 1, at, edit);
      } else if (colon < 0 && isOpaqueToken(s, authStart, at)) {
        r = emit(s, authStart, at, edit);
      }
      if (r == FOUND) {
        return FOUND;
      }
    }
    if (authEnd >= n || s.charAt(authEnd) != '/') {
      return authEnd;
    }
    int host = host(s, at >= 0 ? at + 1 : authStart, authEnd);
    return path(s, authEnd, host, edit);
  }

  /** Which of the hosts with known token positions {@code [start, end)} is, without its port. */
  private static int host(String s, int start, int end) {
    int colon = indexOf(s, ':', start, end);
    int hostEnd = colon < 0 ? end : colon;
    int length = hostEnd - start;
    if (length == 15 && s.regionMatches(true, start, "hooks.slack.com", 0, 15)) {
      return HOST_SLACK;
    }
    if (length == 16 && s.regionMatches(true, start, "api.telegram.org", 0, 16)) {
      return HOST_TELEGRAM;
    }
    if (length >= 13 && s.regionMatches(true, hostEnd - 13, "green-api.com", 0, 13)
        && (length == 13 || s.charAt(hostEnd - 14) == '.')) {
      return HOST_GREEN_API;
    }
    return HOST_OTHER;
  }

  /**
   * The tokens of the path at {@code p0} (a {@code '/'}); returns the end of the path, where the
   * scan resumes (a query, a fragment, matrix parameters after {@code ';'}, a nested URL's
   * {@code "://"}, or the end of the URL).
   */
  private static int path(String s, int p0, int host, Edit edit) {
    int n = s.length();
    int p = p0;
    int segment = -1;
    boolean knownLayout = false;
    while (p < n && s.charAt(p) == '/') {
      segment++;
      int start = ++p;
      boolean redacted = s.startsWith(REDACTED, start);
      if (redacted) {
        p += REDACTED.length();
      }
      while (p < n && s.charAt(p) != '/' && !endsPath(s.charAt(p)) && !isUrlStart(s, p)) {
        p++;
      }
      int end = p;
      if (segment == 0) {
        knownLayout = host == HOST_SLACK && end - start == 8 && s.startsWith("services", start)
            || host == HOST_GREEN_API && end - start > 10
            && s.regionMatches(true, start, "waInstance", 0, 10);
      }
      if (start == end || redacted) {
        continue;
      }
      int r = end;
      if (knownLayout
          && (host == HOST_SLACK && segment == 3 || host == HOST_GREEN_API && segment == 2)) {
        r = emit(s, start, end, edit);
      } else if (host == HOST_TELEGRAM && s.startsWith("bot", start)
          && indexOf(s, ':', start, end) > 0) {
        int colon = indexOf(s, ':', start, end);
        if (colon + 1 < end && !s.startsWith(REDACTED, colon + 1)) {
          r = emit(s, colon + 1, end, edit);
        }
      } else if (jwtEnd(s, start, end) == end) {
        r = emit(s, start, end, edit);
      } else {
        int piece = start;
        while (piece < end && r != FOUND) {
          int pieceEnd = indexOf(s, ':', piece, end);
          if (pieceEnd < 0) {
            pieceEnd = end;
          }
          if (isOpaqueToken(s, piece, pieceEnd)) {
            r = emit(s, piece, pieceEnd, edit);
          }
          piece = pieceEnd + 1;
        }
      }
      if (r == FOUND) {
        return FOUND;
      }
    }
    return p;
  }

  /** Whether the {@code ':'} of a nested {@code "://"} is at {@code p}. */
  private static boolean isUrlStart(String s, int p) {
    return s.charAt(p) == ':' && p + 2 < s.length()
        && s.charAt(p + 1) == '/' && s.charAt(p + 2) == '/';
  }

  /**
   * Whether {@code [start, end)} is a token by the generic rule: at least 24 chars of
   * {@code [A-Za-z0-9_-]} with a letter and a digit, and not a canonical UUID.
   */
  private static boolean isOpaqueToken(String s, int start, int end) {
    if (end - start < 24) {
      return false;
    }
    boolean letter = false;
    boolean digit = false;
    for (int p = start; p < end; p++) {
      char c = s.charAt(p);
      if (c >= '0' && c <= '9') {
        digit = true;
      } else if (isLetter(c)) {
        letter = true;
      } else if (c != '_' && c != '-') {
        return false;
      }
    }
    return letter && digit && !isUuid(s, start, end);
  }

  private static boolean isUuid(String s, int start, int end) {
    if (end - start != 36) {
      return false;
    }
    for (int k = 0; k < 36; k++) {
      char c = s.charAt(start + k);
      boolean dash = k == 8 || k == 13 || k == 18 || k == 23;
      if (dash ? c != '-' : !isHex(c)) {
        return false;
      }
    }
    return true;
  }

  // ---------------------------------------------------------------------------------------------
  // Char classes (ASCII only: everything else is "other").

  private static boolean isBlank(char c) {
    return c == ' ' || c == '\t';
  }

  private static boolean isLineBreak(char c) {
    return c == '\n' || c == '\r';
  }

  private static boolean isLetter(char c) {
    return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z';
  }

  private static boolean isAlnum(char c) {
    return isLetter(c) || c >= '0' && c <= '9';
  }

  private static boolean isWordChar(char c) {
    return isAlnum(c) || c == '_';
  }

  private static boolean isHex(char c) {
    return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F';
  }

  private static boolean isBase64Url(char c) {
    return isWordChar(c) || c == '-';
  }

  private static boolean isSchemeChar(char c) {
    return isAlnum(c) || c == '+' || c == '-' || c == '.';
  }

  private static boolean endsUnquotedValue(char c) {
    return c <= ' ' || c == '&' || c == ',' || c == ';' || c == '|' || c == '"' || c == '\''
        || c == ')' || c == ']' || c == '}' || c == '<' || c == '>';
  }

  private static boolean endsUrl(char c) {
    return c <= ' ' || c == '"' || c == '\'' || c == '<' || c == '>' || c == '`' || c == '\\'
        || c == '{' || c == '}' || c == '|' || c == '^' || c == ')' || c == ']' || c == ','
        || c >= 128;
  }

  private static boolean endsPath(char c) {
    return c == '?' || c == '#' || c == ';' || endsUrl(c);
  }

  private static int indexOf(String s, char c, int from, int to) {
    for (int p = from; p < to; p++) {
      if (s.charAt(p) == c) {
        return p;
      }
    }
    return -1;
  }

  private static boolean contains(String s, int from, int to, String part) {
    for (int p = from; p + part.length() <= to; p++) {
      if (s.startsWith(part, p)) {
        return true;
      }
    }
    return false;
  }

  // ---------------------------------------------------------------------------------------------

  /** The redacted copy of a text, made on the first secret found. */
  private static final class Edit {
    private final String text;
    private final StringBuilder out;
    int last;
    private boolean changed;

    Edit(String text) {
      this.text = text;
      this.out = new StringBuilder(text.length() + 16);
    }

    void replace(int start, int end) {
      if (start < last) {
        return; // overlaps what is already hidden
      }
      out.append(text, last, start).append(REDACTED);
      last = end;
      changed = true;
    }

    String result() {
      if (!changed) {
        return text;
      }
      return out.append(text, last, text.length()).toString();
    }
  }

  /**
   * Sensitive key names as a trie of their reversed, normalized chars ({@code [a-z0-9]}), walked
   * from the end of a key towards its start, so that suffixes are found without allocating.
   */
  private static final class KeyNames {
    private static final int ALPHABET = 36;

    private final int[] next; // node * ALPHABET + code -> child node, 0 for none
    private final boolean[] terminal;
    final int size;

    KeyNames(Set<String> names) {
      int capacity = 1;
      for (String name : names) {
        capacity += name.length();
      }
      int[] children = new int[capacity * ALPHABET];
      boolean[] terminals = new boolean[capacity];
      int nodes = 1;
      for (String name : names) {
        int node = 0;
        for (int k = name.length() - 1; k >= 0; k--) {
          int slot = node * ALPHABET + code(name.charAt(k));
          if (children[slot] == 0) {
            children[slot] = nodes++;
          }
          node = children[slot];
        }
        terminals[node] = true;
      }
      this.next = children;
      this.terminal = terminals;
      this.size = names.size();
    }

    /**
     * Whether the key that ends at {@code end} (the run of {@code [A-Za-z0-9_.-]} before it, not
     * before {@code floor}) is, or ends with, a sensitive name at a boundary. Walks back only as
     * far as the trie goes, usually one char.
     */
    boolean endsWithName(CharSequence s, int floor, int end) {
      int node = 0;
      for (int p = end - 1; p >= floor; p--) {
        char c = s.charAt(p);
        if (c == '_' || c == '-' || c == '.') {
          continue;
        }
        int code = code(c);
        if (code < 0) {
          return false; // the key starts after c
        }
        node = next[node * ALPHABET + code];
        if (node == 0) {
          return false;
        }
        if (terminal[node] && (p == floor || isBoundary(s.charAt(p - 1), c))) {
          return true;
        }
      }
      return false;
    }

    /** Whether a name can start at {@code c}, after {@code before}. */
    private static boolean isBoundary(char before, char c) {
      boolean hump = c >= 'A' && c <= 'Z'
          && (before >= 'a' && before <= 'z' || before >= '0' && before <= '9');
      return hump || code(before) < 0;
    }

    static int code(char c) {
      if (c >= 'a' && c <= 'z') {
        return c - 'a';
      }
      if (c >= 'A' && c <= 'Z') {
        return c - 'A';
      }
      if (c >= '0' && c <= '9') {
        return 26 + c - '0';
      }
      return -1;
    }
  }

  /** A user pattern, run with a budget of char reads. */
  private static final class UserPattern {
    private final Pattern pattern;
    private final boolean secretGroup;

    UserPattern(Pattern pattern, boolean secretGroup) {
      this.pattern = pattern;
      this.secretGroup = secretGroup;
    }

    String apply(String s) {
      BudgetedText text = new BudgetedText(s, 128L * s.length() + 16_384);
      Matcher m = pattern.matcher(text);
      StringBuilder out = null;
      int last = 0;
      int searched = 0;
      try {
        while (m.find()) {
          searched = m.end();
          int start = secretGroup ? m.start("secret") : m.start();
          int end = secretGroup ? m.end("secret") : m.end();
          if (start < last || start >= end
              || end - start == REDACTED.length() && s.startsWith(REDACTED, start)) {
            continue;
          }
          if (out == null) {
            out = new StringBuilder(s.length() + 16);
          }
          out.append(s, last, start).append(REDACTED);
          last = end;
        }
      } catch (BudgetExhausted | StackOverflowError e) {
        // Fail closed: what the pattern could not examine is hidden.
        if (out == null) {
          out = new StringBuilder(s.length() + 16);
        }
        int from = Math.max(last, searched);
        out.append(s, last, from).append(REDACTED);
        last = s.length();
      }
      return out == null ? s : out.append(s, last, s.length()).toString();
    }
  }

  /** A text whose reads are counted; past the budget, reading throws {@link BudgetExhausted}. */
  private static final class BudgetedText implements CharSequence {
    private final String s;
    private long budget;

    BudgetedText(String s, long budget) {
      this.s = s;
      this.budget = budget;
    }

    @Override
    public int length() {
      return s.length();
    }

    @Override
    public char charAt(int index) {
      if (--budget < 0) {
        throw BudgetExhausted.INSTANCE;
      }
      return s.charAt(index);
    }

    @Override
    public CharSequence subSequence(int start, int end) {
      return s.subSequence(start, end);
    }

    @Override
    public String toString() {
      return s;
    }
  }

  private static final class BudgetExhausted extends RuntimeException {
    private static final long serialVersionUID = 1L;
    static final BudgetExhausted INSTANCE = new BudgetExhausted();

    private BudgetExhausted() {
      super("redaction pattern budget exhausted", null, false, false);
    }
  }

  /**
   * Builds a {@link Redactor}. A new builder hides nothing; add the built-in detectors with
   * {@link #defaults()}, and key names and patterns of your own. Not thread-safe; the redactors
   * it builds are.
   */
  public static final class Builder {
    private boolean defaults;
    private final Set<String> keys = new LinkedHashSet<>();
    private final List<UserPattern> patterns = new ArrayList<>();

    private Builder() {}

    /** Adds the built-in detectors and sensitive key names listed in {@link Redactor}. */
    public Builder defaults() {
      this.defaults = true;
      return this;
    }

    /**
     * Adds a sensitive key name: the values it names in the text are hidden, and
     * {@link Redactor#redactValue} hides its whole values. Names compare ignoring case and the
     * separators {@code _ - .}, and a key ending with the name at a separator or camel-case hump
     * counts too, as for the built-in names.
     *
     * @param key letters, digits and the separators {@code _ - .}, with a letter or digit
     * @throws IllegalArgumentException naming the key if it has other chars or none of those
     */
    public Builder sensitiveKey(String key) {
      requireNonNull(key, "key");
      StringBuilder normalized = new StringBuilder(key.length());
      for (int k = 0; k < key.length(); k++) {
        char c = key.charAt(k);
        if (KeyNames.code(c) >= 0) {
          normalized.append(Character.toLowerCase(c));
        } else if (c != '_' && c != '-' && c != '.') {
          throw new IllegalArgumentException("sensitive key '" + key
              + "' may contain only ASCII letters, digits, '_', '-' and '.'");
        }
      }
      if (normalized.length() == 0) {
        throw new IllegalArgumentException(
            "sensitive key '" + key + "' must contain a letter or a digit");
      }
      keys.add(normalized.toString().toLowerCase(Locale.ROOT));
      return this;
    }

    /**
     * Adds a pattern ({@link java.util.regex.Pattern} syntax) whose matches are hidden; if it has
     * a named group {@code secret}, only that group is hidden ({@code "pin (?<secret>\\d{4})"}).
     * Empty matches hide nothing. Patterns run one after the other on the text the built-in
     * detectors left.
     *
     * <p><b>Risk:</b> {@code java.util.regex} backtracks, so a pattern such as {@code (a+)+b} can
     * take time exponential in the length of a hostile text, and deeply nested repetitions can
     * overflow the stack. Each pattern therefore runs with a budget of {@code 128 * length +
     * 16384} char reads per text; when the budget runs out (or the stack overflows), the rest of
     * the text from the end of the last match is hidden (fail closed). Prefer patterns with a
     * literal prefix and bounded repetitions ({@code \\w{20,64}}, not {@code .*}).
     *
     * @throws IllegalArgumentException naming the pattern and the reason if it is not valid
     */
    public Builder pattern(String regex) {
      requireNonNull(regex, "regex");
      Pattern compiled;
      try {
        compiled = Pattern.compile(regex);
      } catch (PatternSyntaxException e) {
        throw new IllegalArgumentException("invalid redaction pattern '" + regex + "': "
            + e.getDescription() + (e.getIndex() >= 0 ? " near index " + e.getIndex() : ""), e);
      }
      patterns.add(new UserPattern(compiled, regex.contains("(?<secret>")));
      return this;
    }

    /** Returns an immutable, thread-safe redactor of what was added so far. */
    public Redactor build() {
      return new Redactor(this);
    }
  }
}
