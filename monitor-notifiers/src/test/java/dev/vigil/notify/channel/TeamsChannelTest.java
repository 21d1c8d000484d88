package dev.vigil.notify.channel;

import static dev.vigil.notify.channel.ChatFixtures.SECRET_PATH;
import static dev.vigil.notify.channel.ChatFixtures.parse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.vigil.Severity;
import dev.vigil.notify.DeliveryException;
import dev.vigil.notify.Notification;
import dev.vigil.notify.RecordingServer;
import dev.vigil.notify.RecordingServer.Answer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;

class TeamsChannelTest {

  private final RecordingServer server = new RecordingServer();
  private final TeamsChannel channel = TeamsChannel.builder("teams-ops",
      server.uri(SECRET_PATH + "?api-version=1&sig=s3cr3tSig")).build();

  @AfterEach
  void close() {
    server.close();
  }

  private String body(Notification n) throws DeliveryException {
    server.answer(Answer.status(202));
    channel.send(n);
    RecordingServer.Request request = server.requests().get(server.requests().size() - 1);
    assertThat(request.method()).isEqualTo("POST");
    assertThat(request.path()).isEqualTo(SECRET_PATH);
    assertThat(request.headers().get("content-type")).isEqualTo("application/json");
    return request.body();
  }

  @Test
  void postsAnAdaptiveCardMessage() throws Exception {
    Notification n = ChatFixtures.firing(Severity.ERROR);
    JsonNode root = parse(body(n));

    assertThat(root.get("type").asString()).isEqualTo("message");
    assertThat(root.get("attachments")).hasSize(1);
    JsonNode attachment = root.get("attachments").get(0);
    assertThat(attachment.get("contentType").asString())
        .isEqualTo("application/vnd.microsoft.card.adaptive");
    assertThat(attachment.has("contentUrl")).isTrue();
    assertThat(attachment.get("contentUrl").isNull()).isTrue();
    JsonNode card = attachment.get("content");
    assertThat(card.get("$schema").asString())
        .isEqualTo("http://adaptivecards.io/schemas/adaptive-card.json");
    assertThat(card.get("type").asString()).isEqualTo("AdaptiveCard");
    assertThat(card.get("version").asString()).isEqualTo("1.4");
    JsonNode body = card.get("body");
    assertThat(body).hasSize(4);
    JsonNode title = body.get(0);
    assertThat(title.get("type").asString()).isEqualTo("TextBlock");
    assertThat(title.get("text").asString()).isEqualTo(Markdown.escape("🔥 " + n.title()));
    assertThat(title.get("weight").asString()).isEqualTo("Bolder");
    assertThat(title.get("color").asString()).isEqualTo("Attention");
    assertThat(title.get("wrap").asBoolean()).isTrue();
    assertThat(body.get(1).get("type").asString()).isEqualTo("TextBlock");
    assertThat(body.get(1).get("text").asString()).isEqualTo(Markdown.escape(n.text()));
    assertThat(body.get(1).get("wrap").asBoolean()).isTrue();
    assertThat(body.get(2).get("type").asString()).isEqualTo("FactSet");
    assertThat(ChatFixtures.strings(body.get(2).get("facts"))).containsExactly("Severity",
        "ERROR", "State", "FIRING", "Labels", "team=social, platform=tiktok", "Value", "0.3");
    assertThat(body.get(3).get("text").asString()).isEqualTo(
        "FIRING · {{DATE(2026-03-02T10:00:00Z, SHORT)}} {{TIME(2026-03-02T10:00:00Z)}}");
    JsonNode action = card.get("actions").get(0);
    assertThat(action.get("type").asString()).isEqualTo("Action.OpenUrl");
    assertThat(action.get("url").asString()).isEqualTo("https://runbooks.example.com/uploads");
  }

  @ParameterizedTest
  @CsvSource({"INFO, Default", "WARN, Warning", "ERROR, Attention", "CRITICAL, Attention"})
  void colourBySeverity(Severity severity, String colour) throws Exception {
    assertThat(parse(body(ChatFixtures.firing(severity)))
        .at("/attachments/0/content/body/0/color").asString()).isEqualTo(colour);
  }

  @Test
  void resolvedIsGood() throws Exception {
    JsonNode root = parse(body(ChatFixtures.resolved()));
    assertThat(root.at("/attachments/0/content/body/0/color").asString()).isEqualTo("Good");
    assertThat(root.at("/attachments/0/content/body/0/text").asString())
        .startsWith("✅ \\[RESOLVED\\]");
  }

  @Test
  void hostileContentIsEscapedAndThePayloadStaysUnderTheLimit() throws Exception {
    String json = body(ChatFixtures.hostile());
    assertThat(json.getBytes(StandardCharsets.UTF_8))
        .hasSizeLessThanOrEqualTo(TeamsChannel.PAYLOAD_MAX_BYTES)
        .hasSizeGreaterThan(TeamsChannel.PAYLOAD_MAX_BYTES - 100); // the text fills the room
    JsonNode body = parse(json).at("/attachments/0/content/body");
    assertThat(body.at("/1/text").asString()).endsWith("…")
        .contains("\\<script\\>alert\\(1\\)\\</script\\>", "\\*bold\\* \\_x\\_",
            "\\[link\\]\\(http://evil\\)", "\n\\- item", "\n\\# head", "\n\\> quote",
            "\n1\\. one", "@\u2060channel", "\\<\\!here\\>");
    assertThat(body.at("/0/text").asString()).hasSizeLessThanOrEqualTo(TeamsChannel.TITLE_MAX);
    assertThat(body.at("/2/facts/2/value").asString())
        .isEqualTo("team=\\<@U123\\> @\u2060here \\*x\\* \\[a\\]\\(http://evil\\), platform=tiktok");
  }

  @Test
  void errorsMapWithoutTheSignature() {
    server.answer(Answer.status(404), Answer.status(429).withHeader("Retry-After", "7"),
        Answer.status(500));
    DeliveryException notFound = catchThrowableOfType(DeliveryException.class,
        () -> channel.send(ChatFixtures.firing(Severity.ERROR)));
    assertThat(notFound.isPermanent()).isTrue();
    assertThat(notFound.getMessage()).contains("HTTP 404", "127.0.0.1")
        .doesNotContain(SECRET_PATH, "s3cr3t", "sig=");
    DeliveryException limited = catchThrowableOfType(DeliveryException.class,
        () -> channel.send(ChatFixtures.firing(Severity.ERROR)));
    assertThat(limited.isPermanent()).isFalse();
    assertThat(limited.retryAfter()).isEqualTo(Duration.ofSeconds(7));
    DeliveryException failed = catchThrowableOfType(DeliveryException.class,
        () -> channel.send(ChatFixtures.firing(Severity.ERROR)));
    assertThat(failed.isPermanent()).isFalse();
  }

  @Test
  void toStringShowsNameAndHostOnly() {
    assertThat(channel).hasToString("TeamsChannel[name=teams-ops, host=127.0.0.1]");
  }

  @Test
  void builderChecksTheWebhook() {
    assertThatThrownBy(() -> TeamsChannel.builder("t",
        URI.create("http://prod.logic.azure.com/workflows/x?sig=s3cr3t")).build())
        .hasMessageContaining("webhookUri must use https").message().doesNotContain("s3cr3t");
  }
}
