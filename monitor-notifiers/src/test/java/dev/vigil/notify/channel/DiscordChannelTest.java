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
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;

class DiscordChannelTest {

  private final RecordingServer server = new RecordingServer();
  private final DiscordChannel channel =
      DiscordChannel.builder("discord-ops", server.uri(SECRET_PATH)).build();

  @AfterEach
  void close() {
    server.close();
  }

  private JsonNode sent(Notification n) throws DeliveryException {
    server.answer(Answer.status(204));
    channel.send(n);
    RecordingServer.Request request = server.requests().get(server.requests().size() - 1);
    assertThat(request.method()).isEqualTo("POST");
    assertThat(request.path()).isEqualTo(SECRET_PATH);
    assertThat(request.headers().get("content-type")).isEqualTo("application/json");
    return parse(request.body());
  }

  @Test
  void postsOneEmbedWithoutMentions() throws Exception {
    Notification n = ChatFixtures.firing(Severity.ERROR);
    JsonNode root = sent(n);

    assertThat(root.get("allowed_mentions").get("parse")).isEmpty();
    assertThat(root.get("allowed_mentions").get("parse").isArray()).isTrue();
    assertThat(root.get("content").asString()).isEqualTo(Markdown.escape("🔥 " + n.title()));
    assertThat(root.get("embeds")).hasSize(1);
    JsonNode embed = root.get("embeds").get(0);
    assertThat(embed.get("title").asString()).isEqualTo(Markdown.escape("🔥 " + n.title()))
        .contains("\\[FIRING\\]");
    assertThat(embed.get("description").asString()).isEqualTo(Markdown.escape(n.text()));
    assertThat(embed.get("url").asString()).isEqualTo("https://runbooks.example.com/uploads");
    assertThat(embed.get("color").asInt()).isEqualTo(0xFF0000);
    assertThat(embed.get("footer").get("text").asString()).isEqualTo("Vigil · FIRING");
    assertThat(embed.get("timestamp").asString()).isEqualTo("2026-03-02T10:00:00Z");
    JsonNode fields = embed.get("fields");
    assertThat(ChatFixtures.strings(fields)).containsExactly("Severity", "ERROR", "State",
        "FIRING", "Labels", "team=social, platform=tiktok", "Value", "0.3", "Runbook",
        "<https://runbooks.example.com/uploads>");
    assertThat(fields.get(0).get("inline").asBoolean()).isTrue();
    assertThat(fields.get(2).get("inline").asBoolean()).isFalse();
  }

  @ParameterizedTest
  @CsvSource({"INFO, 10395294", "WARN, 16753920", "ERROR, 16711680", "CRITICAL, 9109504"})
  void colourBySeverity(Severity severity, int colour) throws Exception {
    assertThat(sent(ChatFixtures.firing(severity)).at("/embeds/0/color").asInt())
        .isEqualTo(colour);
  }

  @Test
  void resolvedIsGreen() throws Exception {
    JsonNode root = sent(ChatFixtures.resolved());
    assertThat(root.at("/embeds/0/color").asInt()).isEqualTo(0x2EB886);
    assertThat(root.at("/embeds/0/title").asString()).startsWith("✅ \\[RESOLVED\\]");
    assertThat(root.at("/embeds/0/footer/text").asString()).isEqualTo("Vigil · RESOLVED");
  }

  @Test
  void hostileContentIsEscapedAndCutToDiscordLimits() throws Exception {
    JsonNode root = sent(ChatFixtures.hostile());
    JsonNode embed = root.at("/embeds/0");

    String description = embed.get("description").asString();
    assertThat(description).hasSizeLessThanOrEqualTo(DiscordChannel.DESCRIPTION_MAX)
        .endsWith("…")
        .contains("\\<script\\>alert\\(1\\)\\</script\\>", "\\*bold\\* \\_x\\_",
            "\\[link\\]\\(http://evil\\)", "\\|\\|spoiler\\|\\|", "\\~s\\~", "\\`c\\`",
            "\n\\- item", "\n\\# head", "\n\\> quote", "\n1\\. one", "\\<@U123\\>",
            "@\u2060everyone", "@\u2060here", "\\<\\!here\\>");
    assertThat(embed.get("title").asString()).hasSizeLessThanOrEqualTo(DiscordChannel.TITLE_MAX)
        .startsWith("🔥 Title \\<script\\>");
    assertThat(root.get("content").asString())
        .hasSizeLessThanOrEqualTo(DiscordChannel.CONTENT_MAX);
    int total = embed.get("title").asString().length() + description.length()
        + embed.at("/footer/text").asString().length();
    for (JsonNode field : embed.get("fields")) {
      assertThat(field.get("value").asString())
          .hasSizeLessThanOrEqualTo(DiscordChannel.FIELD_VALUE_MAX);
      total += field.get("name").asString().length() + field.get("value").asString().length();
    }
    assertThat(total).isLessThanOrEqualTo(DiscordChannel.EMBED_MAX);
    assertThat(embed.at("/fields/2/value").asString())
        .isEqualTo("team=\\<@U123\\> @\u2060here \\*x\\* \\[a\\]\\(http://evil\\), platform=tiktok");
    for (String s : ChatFixtures.strings(root)) {
      assertThat(s).doesNotContainIgnoringCase("@everyone").doesNotContainIgnoringCase("@here")
          .doesNotContain("[link](");
    }
  }

  @Test
  void rateLimitIsRetriedAfterTheFractionalRetryAfter() {
    server.answer(new Answer(429, java.util.Map.of("Retry-After", "0.35"),
        "{\"message\": \"You are being rate limited.\", \"retry_after\": 0.35, \"global\": false}",
        Duration.ZERO));
    DeliveryException e = catchThrowableOfType(DeliveryException.class,
        () -> channel.send(ChatFixtures.firing(Severity.ERROR)));
    assertThat(e.isPermanent()).isFalse();
    assertThat(e.retryAfter()).isEqualTo(Duration.ofMillis(350));
    assertThat(e.getMessage()).contains("429", "127.0.0.1").doesNotContain("s3cr3t");
  }

  @Test
  void unknownWebhookIsPermanentAndNamesTheHostOnly() {
    server.answer(new Answer(404, java.util.Map.of(),
        "{\"message\": \"Unknown Webhook\", \"code\": 10015}", Duration.ZERO));
    DeliveryException e = catchThrowableOfType(DeliveryException.class,
        () -> channel.send(ChatFixtures.firing(Severity.ERROR)));
    assertThat(e.isPermanent()).isTrue();
    assertThat(e.getMessage()).contains("HTTP 404", "127.0.0.1", "Unknown Webhook")
        .doesNotContain(SECRET_PATH, "s3cr3t");
  }

  @Test
  void serverErrorIsRetryable() {
    server.answer(Answer.status(502));
    DeliveryException e = catchThrowableOfType(DeliveryException.class,
        () -> channel.send(ChatFixtures.firing(Severity.ERROR)));
    assertThat(e.isPermanent()).isFalse();
  }

  @Test
  void toStringShowsNameAndHostOnly() {
    assertThat(channel).hasToString("DiscordChannel[name=discord-ops, host=127.0.0.1]");
  }

  @Test
  void builderChecksTheWebhook() {
    assertThatThrownBy(() -> DiscordChannel.builder("d",
        URI.create("http://discord.com/api/webhooks/1/s3cr3t")).build())
        .hasMessage("invalid DiscordChannel 'd': webhookUri must use https (http only to "
            + "localhost) but was http to discord.com");
    assertThatThrownBy(() -> DiscordChannel.builder(null,
        URI.create("https://discord.com/api/webhooks/1/x")).timeout(null).build())
        .hasMessage("invalid DiscordChannel: name must not be blank; "
            + "timeout must be positive but was null");
  }
}
