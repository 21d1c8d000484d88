package dev.vigil.notify.channel;

import dev.vigil.notify.DeliveryException;
import dev.vigil.notify.internal.Http;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One Twilio account's Messages API, shared by {@link TwilioSmsChannel} and {@link
 * TwilioWhatsAppChannel}: {@code POST {base}/2010-04-01/Accounts/{AccountSid}/Messages.json},
 * form-encoded, HTTP Basic auth with the account SID and auth token. Twilio answers 201; its
 * errors are JSON with a numeric {@code code}, which the failure names instead of quoting the
 * message (it may repeat the phone number). 400 and other 4xx are permanent, 429 and 5xx
 * retryable ({@link Http}). Immutable and thread-safe; the token appears in no string.
 */
final class TwilioMessages {

  /** The API's documented maximum for {@code Body}, in characters. */
  static final int MAX_BODY = 1600;

  private static final Pattern ACCOUNT_SID = Pattern.compile("AC[0-9a-fA-F]{32}");
  private static final Pattern SERVICE_SID = Pattern.compile("MG[0-9a-fA-F]{32}");
  private static final Pattern ERROR_CODE = Pattern.compile("\"code\"\\s*:\\s*(\\d+)");

  private final URI endpoint;
  private final String authorization;
  private final Duration timeout;

  TwilioMessages(URI base, String accountSid, String authToken, Duration timeout) {
    String b = base.toString();
    this.endpoint = URI.create((b.endsWith("/") ? b.substring(0, b.length() - 1) : b)
        + "/2010-04-01/Accounts/" + accountSid + "/Messages.json");
    this.authorization = "Basic " + Base64.getEncoder().encodeToString(
        (accountSid + ":" + authToken).getBytes(StandardCharsets.UTF_8));
    this.timeout = timeout;
  }

  /** Adds to {@code problems} what is wrong with the account settings. */
  static void check(java.util.List<String> problems, URI base, String accountSid,
      String authToken) {
    if (accountSid == null) {
      problems.add("accountSid is required");
    } else if (!ACCOUNT_SID.matcher(accountSid).matches()) {
      problems.add("accountSid must be AC and 32 hex digits");
    }
    if (authToken == null || authToken.isBlank()) {
      problems.add("authToken is required");
    }
    if (base != null && !("https".equals(base.getScheme()) || "http".equals(base.getScheme()))) {
      problems.add("baseUrl must be an http(s) URL");
    }
  }

  /** Returns whether {@code sid} looks like a Messaging Service SID ({@code MG…}). */
  static boolean isServiceSid(String sid) {
    return SERVICE_SID.matcher(sid).matches();
  }

  /** Returns the host requests go to, for toString. */
  String host() {
    return endpoint.getHost();
  }

  /**
   * Sends one message.
   *
   * @param sender {@code From} (a number, {@code whatsapp:+…}) or, if it starts with {@code MG},
   *     {@code MessagingServiceSid}
   */
  void send(String to, String sender, String body) throws DeliveryException {
    Map<String, String> form = new LinkedHashMap<>();
    form.put("To", to);
    form.put(isServiceSid(sender) ? "MessagingServiceSid" : "From", sender);
    form.put("Body", body);
    StringBuilder encoded = new StringBuilder();
    form.forEach((k, v) -> encoded.append(encoded.length() == 0 ? "" : "&").append(k).append('=')
        .append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
    Http.post(endpoint, "application/x-www-form-urlencoded", encoded.toString(),
        Map.of("Authorization", authorization, "Accept", "application/json"), timeout,
        TwilioMessages::errorDetail);
  }

  /** Names Twilio's error code; never quotes the message, which may hold the number. */
  static String errorDetail(String answer) {
    Matcher m = ERROR_CODE.matcher(answer);
    return m.find() ? ": Twilio error " + m.group(1) + " (https://www.twilio.com/docs/errors/"
        + m.group(1) + ")" : "";
  }

  @Override
  public String toString() {
    return "TwilioMessages[" + endpoint.getHost() + "]";
  }
}
