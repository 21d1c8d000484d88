package dev.vigil.notify.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.Severity;
import dev.vigil.notify.Contact;
import dev.vigil.notify.DeliveryException;
import dev.vigil.notify.RecordingServer;
import dev.vigil.notify.RecordingServer.Answer;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class GreenApiWhatsAppChannelTest {

  static final String TOKEN = "d75b3a66374942c5b3c019c698abc2067e151558acbd412345";
  static final JsonMapper JSON = JsonMapper.builder().build();

  private final RecordingServer server = new RecordingServer();

  @AfterEach
  void stop() {
    server.close();
  }

  private GreenApiWhatsAppChannel.Builder channel() {
    return GreenApiWhatsAppChannel.builder().idInstance("1101000001").apiTokenInstance(TOKEN)
        .apiUrl(server.uri(""));
  }

  @Test
  void postsTheDocumentedJsonToSendMessage() throws Exception {
    server.answer(Answer.ok("{\"idMessage\":\"3EB0C767D097B7C7C030\"}"));
    channel().to("+33 6 12 34 56 78").build().send(People.firing());

    var request = server.requests().get(0);
    assertThat(request.method()).isEqualTo("POST");
    assertThat(request.path()).isEqualTo("/waInstance1101000001/sendMessage/" + TOKEN);
    assertThat(request.headers().get("content-type")).isEqualTo("application/json");
    JsonNode body = JSON.readTree(request.body());
    assertThat(body.propertyNames()).containsExactly("chatId", "message");
    assertThat(body.get("chatId").asString()).isEqualTo("33612345678@c.us");
    assertThat(body.get("message").asString()).isEqualTo(
        "*[FIRING] upload-errors{platform=tiktok}: Upload error rate 30% on tiktok*\n\n"
            + People.firing().text().strip());
  }

  @Test
  void normalisesContactsAddressesToChatIds() throws Exception {
    GreenApiWhatsAppChannel channel = channel().build();
    channel.send(People.to(People.firing(), Contact.of("Alice", "whatsapp", "33612345678@c.us")));
    channel.send(People.to(People.firing(), Contact.of("Bob", "whatsapp", "+44 7700 900123")));
    channel.send(People.to(People.firing(), Contact.of("Eve", "whatsapp",
        "whatsapp:+4915112345678")));
    assertThat(server.requests()).extracting(r -> JSON.readTree(r.body()).get("chatId").asString())
        .containsExactly("33612345678@c.us", "447700900123@c.us", "4915112345678@c.us");
    assertThat(GreenApiWhatsAppChannel.chatId("120363043968066561@g.us"))
        .isEqualTo("120363043968066561@g.us");
  }

  @Test
  void aMalformedOrMissingAddressIsPermanentAndNamesOnlyTheContact() {
    GreenApiWhatsAppChannel channel = channel().to("+33612345678").build();
    for (String bad : new String[] {"0612345678", "33612345678", "+336@c.us", "+1234567"}) {
      assertThatThrownBy(() -> channel.send(People.to(People.firing(),
          Contact.of("Alice", "whatsapp", bad))))
          .isInstanceOfSatisfying(DeliveryException.class,
              e -> assertThat(e.isPermanent()).isTrue())
          .hasMessageContaining("Alice").hasMessageContaining("whatsapp")
          .hasMessageNotContaining(bad);
    }
    assertThatThrownBy(() -> channel.send(People.to(People.firing(),
        Contact.of("Bob", "sms", "+33612345678"))))
        .isInstanceOfSatisfying(DeliveryException.class, e -> assertThat(e.isPermanent()).isTrue())
        .hasMessageContaining("Bob has no whatsapp address");
    assertThat(server.requests()).isEmpty();
  }

  @Test
  void hostileContentCannotFormatAndIsCutTo20000Characters() throws Exception {
    channel().to("+33612345678").build().send(People.hostile());
    String message = JSON.readTree(server.requests().get(0).body()).get("message").asString();
    assertThat(message).hasSize(GreenApiWhatsAppChannel.MAX_MESSAGE).endsWith("…");
    String z = "\u200B";
    assertThat(message).startsWith("*<script>alert(1)</script> @channel @everyone <!here> "
        + z + "*" + z + "bold" + z + "*" + z + " " + z + "_" + z + "x" + z + "_" + z + " "
        + z + "~" + z + "gone" + z + "~" + z + " " + z + "`" + z + z + "`" + z);
    // every marker of the user's text is fenced; only the title's own bold remains
    String userText = message.substring(1, message.indexOf("*\n\n"));
    assertThat(userText.replace(z + "*" + z, "").replace(z + "_" + z, "")
        .replace(z + "~" + z, "").replace(z + "`" + z, "")).doesNotContain("*", "_", "~", "`");
  }

  @Test
  void errorsAreMappedAndTheTokenNeverShows() {
    GreenApiWhatsAppChannel channel = channel().to("+33612345678").build();
    server.answer(new Answer(404, Map.of(), "Cannot POST /waInstance1101000001/sendMessage/"
        + TOKEN, java.time.Duration.ZERO));
    assertThatThrownBy(() -> channel.send(People.firing()))
        .isInstanceOfSatisfying(DeliveryException.class, e -> assertThat(e.isPermanent()).isTrue())
        .hasMessageContaining("HTTP 404 from 127.0.0.1").hasMessageContaining("***")
        .hasMessageNotContaining(TOKEN);
    server.answer(Answer.status(429));
    assertThatThrownBy(() -> channel.send(People.firing()))
        .isInstanceOfSatisfying(DeliveryException.class, e -> assertThat(e.isPermanent()).isFalse())
        .hasMessageNotContaining(TOKEN);
    server.answer(Answer.status(502));
    assertThatThrownBy(() -> channel.send(People.firing()))
        .isInstanceOfSatisfying(DeliveryException.class, e -> assertThat(e.isPermanent()).isFalse());
    assertThat(channel.toString()).contains("127.0.0.1").doesNotContain(TOKEN)
        .doesNotContain("waInstance");
  }

  @Test
  void settingsAndBuilderProblems() {
    GreenApiWhatsAppChannel channel = channel().build();
    assertThat(channel.addressKind()).isEqualTo("whatsapp");
    assertThat(channel.minSeverity()).isEqualTo(Severity.INFO);
    assertThat(channel().minSeverity(Severity.CRITICAL).build().minSeverity())
        .isEqualTo(Severity.CRITICAL);
    assertThatThrownBy(() -> GreenApiWhatsAppChannel.builder().idInstance("abc")
        .apiTokenInstance("a/b").to("0612").build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("idInstance must be digits")
        .hasMessageContaining("apiTokenInstance must be letters and digits")
        .hasMessageContaining("1 chat(s) in to are malformed")
        .hasMessageNotContaining("a/b");
    assertThatThrownBy(() -> GreenApiWhatsAppChannel.builder().build())
        .hasMessageContaining("idInstance is required")
        .hasMessageContaining("apiTokenInstance is required");
  }
}
