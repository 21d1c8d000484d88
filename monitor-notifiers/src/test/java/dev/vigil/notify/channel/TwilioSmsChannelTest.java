package dev.vigil.notify.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.Severity;
import dev.vigil.notify.Contact;
import dev.vigil.notify.DeliveryException;
import dev.vigil.notify.RecordingServer;
import dev.vigil.notify.RecordingServer.Answer;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TwilioSmsChannelTest {

  static final String SID = "AC0123456789abcdef0123456789abcdef";
  static final String TOKEN = "s3cr3tT0kenValue9f8e7d6c5b4a3210";
  static final String CREATED = "{\"sid\":\"SM123\",\"status\":\"queued\"}";

  private final RecordingServer server = new RecordingServer();

  @AfterEach
  void stop() {
    server.close();
  }

  private TwilioSmsChannel.Builder channel() {
    return TwilioSmsChannel.builder().accountSid(SID).authToken(TOKEN).from("+15005550006")
        .baseUrl(server.uri(""));
  }

  static Map<String, String> form(String body) {
    Map<String, String> form = new LinkedHashMap<>();
    for (String pair : body.split("&")) {
      int eq = pair.indexOf('=');
      form.put(pair.substring(0, eq),
          URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
    }
    return form;
  }

  @Test
  void postsTheFormToTheMessagesResourceWithBasicAuth() throws Exception {
    server.answer(new Answer(201, Map.of("Content-Type", "application/json"), CREATED,
        java.time.Duration.ZERO));
    channel().to("+33 6 12 34 56 78").build().send(People.firing());

    var request = server.requests().get(0);
    assertThat(request.method()).isEqualTo("POST");
    assertThat(request.path()).isEqualTo("/2010-04-01/Accounts/" + SID + "/Messages.json");
    assertThat(request.headers().get("content-type"))
        .isEqualTo("application/x-www-form-urlencoded");
    assertThat(request.headers().get("authorization")).isEqualTo("Basic "
        + Base64.getEncoder().encodeToString((SID + ":" + TOKEN).getBytes(StandardCharsets.UTF_8)));
    Map<String, String> form = form(request.body());
    assertThat(form.keySet()).containsExactly("To", "From", "Body");
    assertThat(form.get("To")).isEqualTo("+33612345678");
    assertThat(form.get("From")).isEqualTo("+15005550006");
    assertThat(form.get("Body")).startsWith("[FIRING] upload-errors{platform=tiktok}: Upload error"
        + " rate 30% on tiktok\n30 of 100 uploads failed in 15 minutes\n");
  }

  @Test
  void aMessagingServiceReplacesFrom() throws Exception {
    String service = "MG0123456789abcdef0123456789abcdef";
    TwilioSmsChannel.builder().accountSid(SID).authToken(TOKEN).messagingServiceSid(service)
        .baseUrl(server.uri("")).to("+33612345678").build().send(People.firing());
    Map<String, String> form = form(server.requests().get(0).body());
    assertThat(form.keySet()).containsExactly("To", "MessagingServiceSid", "Body");
    assertThat(form.get("MessagingServiceSid")).isEqualTo(service);
  }

  @Test
  void aContactGetsItOnTheirSmsNumberInsteadOfTheRecipients() throws Exception {
    TwilioSmsChannel channel = channel().to("+33612345678").build();
    channel.send(People.to(People.firing(), Contact.of("Alice", "sms", "+44 7700 900123")));
    assertThat(server.requests()).hasSize(1);
    assertThat(form(server.requests().get(0).body()).get("To")).isEqualTo("+447700900123");
  }

  @Test
  void noOneToSendToIsPermanentAndNamesOnlyTheContact() {
    TwilioSmsChannel channel = channel().to("+33612345678").build();
    assertThatThrownBy(() -> channel.send(People.to(People.firing(),
        Contact.of("Alice", "email", "alice@example.com"))))
        .isInstanceOfSatisfying(DeliveryException.class, e -> assertThat(e.isPermanent()).isTrue())
        .hasMessageContaining("Alice").hasMessageContaining("sms")
        .hasMessageNotContaining("alice@example.com");
    assertThatThrownBy(() -> channel.send(People.to(People.firing(),
        Contact.of("Bob", "sms", "0612345678"))))
        .isInstanceOfSatisfying(DeliveryException.class, e -> assertThat(e.isPermanent()).isTrue())
        .hasMessageContaining("Bob").hasMessageContaining("sms")
        .hasMessageNotContaining("0612345678");
    assertThatThrownBy(() -> channel().build().send(People.firing()))
        .isInstanceOfSatisfying(DeliveryException.class, e -> assertThat(e.isPermanent()).isTrue())
        .hasMessageContaining("no sms recipients");
    assertThat(server.requests()).isEmpty();
  }

  @Test
  void criticalOnlyByDefault() {
    assertThat(channel().build().minSeverity()).isEqualTo(Severity.CRITICAL);
    assertThat(channel().minSeverity(Severity.WARN).build().minSeverity())
        .isEqualTo(Severity.WARN);
    assertThat(channel().build().addressKind()).isEqualTo("sms");
  }

  @Test
  void hostileContentIsSentPlainAndCutTo1600Characters() throws Exception {
    channel().to("+33612345678").build().send(People.hostile());
    String body = form(server.requests().get(0).body()).get("Body");
    assertThat(body).hasSizeLessThanOrEqualTo(1600).startsWith(People.HOSTILE + "\n")
        .endsWith("…");
  }

  @Test
  void twilioErrorsAreMappedAndNeverQuoteTheNumberOrToken() {
    TwilioSmsChannel channel = channel().to("+33612345678").build();
    server.answer(new Answer(400, Map.of("Content-Type", "application/json"),
        "{\"code\":21211,\"message\":\"The 'To' number +33612345678 is not a valid phone number.\","
            + "\"more_info\":\"https://www.twilio.com/docs/errors/21211\",\"status\":400}",
        java.time.Duration.ZERO));
    assertThatThrownBy(() -> channel.send(People.firing()))
        .isInstanceOfSatisfying(DeliveryException.class, e -> assertThat(e.isPermanent()).isTrue())
        .hasMessageContaining("HTTP 400").hasMessageContaining("21211")
        .hasMessageNotContaining("+33612345678").hasMessageNotContaining(TOKEN);

    server.answer(Answer.status(429).withHeader("Retry-After", "7"));
    assertThatThrownBy(() -> channel.send(People.firing()))
        .isInstanceOfSatisfying(DeliveryException.class, e -> {
          assertThat(e.isPermanent()).isFalse();
          assertThat(e.retryAfter()).hasSeconds(7);
        });
    server.answer(Answer.status(503));
    assertThatThrownBy(() -> channel.send(People.firing()))
        .isInstanceOfSatisfying(DeliveryException.class, e -> assertThat(e.isPermanent()).isFalse());
    server.answer(Answer.status(401));
    assertThatThrownBy(() -> channel.send(People.firing()))
        .isInstanceOfSatisfying(DeliveryException.class, e -> assertThat(e.isPermanent()).isTrue())
        .hasMessageNotContaining(TOKEN);
  }

  @Test
  void toStringShowsNoSecret() {
    assertThat(channel().build().toString()).contains("127.0.0.1").doesNotContain(TOKEN)
        .doesNotContain(SID);
  }

  @Test
  void buildReportsEveryProblem() {
    assertThatThrownBy(() -> TwilioSmsChannel.builder().accountSid("XY12").from("0612")
        .to("12345", "+33612345678").timeout(java.time.Duration.ZERO).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("accountSid must be AC and 32 hex digits")
        .hasMessageContaining("authToken is required")
        .hasMessageContaining("from must be an E.164 number")
        .hasMessageContaining("1 recipient(s) in to are not E.164")
        .hasMessageContaining("timeout must be positive");
    assertThatThrownBy(() -> TwilioSmsChannel.builder().accountSid(SID).authToken(TOKEN).build())
        .hasMessageContaining("from or messagingServiceSid is required");
    assertThatThrownBy(() -> channel().baseUrl(URI.create("ftp://x")).build())
        .hasMessageContaining("baseUrl must be an http(s) URL");
  }
}
