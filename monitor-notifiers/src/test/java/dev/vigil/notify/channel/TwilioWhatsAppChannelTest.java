package dev.vigil.notify.channel;

import static dev.vigil.notify.channel.TwilioSmsChannelTest.SID;
import static dev.vigil.notify.channel.TwilioSmsChannelTest.TOKEN;
import static dev.vigil.notify.channel.TwilioSmsChannelTest.form;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.notify.Contact;
import dev.vigil.notify.DeliveryException;
import dev.vigil.notify.RecordingServer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TwilioWhatsAppChannelTest {

  private final RecordingServer server = new RecordingServer();

  @AfterEach
  void stop() {
    server.close();
  }

  private TwilioWhatsAppChannel.Builder channel() {
    return TwilioWhatsAppChannel.builder().accountSid(SID).authToken(TOKEN)
        .from("whatsapp:+14155238886").baseUrl(server.uri(""));
  }

  @Test
  void sendsFromAndToWhatsAppAddresses() throws Exception {
    channel().to("33612345678@c.us").build().send(People.firing());
    var request = server.requests().get(0);
    assertThat(request.method()).isEqualTo("POST");
    assertThat(request.path()).isEqualTo("/2010-04-01/Accounts/" + SID + "/Messages.json");
    assertThat(request.headers().get("authorization")).isEqualTo("Basic "
        + Base64.getEncoder().encodeToString((SID + ":" + TOKEN).getBytes(StandardCharsets.UTF_8)));
    assertThat(request.headers().get("content-type"))
        .isEqualTo("application/x-www-form-urlencoded");
    Map<String, String> form = form(request.body());
    assertThat(form).containsExactly(Map.entry("To", "whatsapp:+33612345678"),
        Map.entry("From", "whatsapp:+14155238886"),
        Map.entry("Body", "*[FIRING] upload-errors{platform=tiktok}: Upload error rate 30% on"
            + " tiktok*\n\n" + People.firing().text().strip()));
  }

  @Test
  void contactsAreNormalised() throws Exception {
    TwilioWhatsAppChannel channel = channel().build();
    channel.send(People.to(People.firing(), Contact.of("Alice", "whatsapp", "+33 6 12 34 56 78")));
    channel.send(People.to(People.firing(), Contact.of("Bob", "whatsapp", "447700900123@c.us")));
    assertThat(server.requests()).extracting(r -> form(r.body()).get("To"))
        .containsExactly("whatsapp:+33612345678", "whatsapp:+447700900123");
    assertThatThrownBy(() -> channel.send(People.to(People.firing(),
        Contact.of("Eve", "whatsapp", "hello"))))
        .isInstanceOfSatisfying(DeliveryException.class, e -> assertThat(e.isPermanent()).isTrue())
        .hasMessageContaining("Eve").hasMessageNotContaining("hello");
  }

  @Test
  void hostileContentIsNeutralisedAndCutTo1600() throws Exception {
    channel().to("+33612345678").build().send(People.hostile());
    String body = form(server.requests().get(0).body()).get("Body");
    assertThat(body).hasSize(1600).endsWith("…")
        .contains("\u200B*\u200Bbold\u200B*\u200B");
  }

  @Test
  void toStringAndErrorsHideTheToken() {
    TwilioWhatsAppChannel channel = channel().to("+33612345678").build();
    server.answer(RecordingServer.Answer.status(500));
    assertThatThrownBy(() -> channel.send(People.firing()))
        .isInstanceOfSatisfying(DeliveryException.class, e -> assertThat(e.isPermanent()).isFalse())
        .hasMessageNotContaining(TOKEN);
    assertThat(channel.toString()).doesNotContain(TOKEN);
    assertThatThrownBy(() -> TwilioWhatsAppChannel.builder().accountSid(SID).authToken(TOKEN)
        .from("+1").to("x").build())
        .hasMessageContaining("from must be a WhatsApp number")
        .hasMessageContaining("1 recipient(s) in to are not WhatsApp numbers")
        .hasMessageNotContaining(TOKEN);
  }
}
