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
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;

class SlackChannelTest {

  private final RecordingServer server = new RecordingServer();
  private final SlackChannel channel = SlackChannel.builder("slack-ops", server.uri(SECRET_PATH))
      .timeout(Duration.ofSeconds(5)).build();

  @AfterEach
  void close() {
    server.close();
  }

  private JsonNode sent(Notification n) throws DeliveryException {
    server.answer(Answer.ok("ok").withHeader("Content-Type", "text/plain"));
    channel.send(n);
    RecordingServer.Request request = server.requests().get(server.requests().size() - 1);
    assertThat(request.method()).isEqualTo("POST");
    assertThat(request.path()).isEqualTo(SECRET_PATH);
    assertThat(request.headers().get("content-type")).isEqualTo("application/json; charset=utf-8");
    return parse(request.body());
  }

  @Test
  void postsBlocksInAnAttachmentColouredBySeverity() throws Exception {
    Notification n = ChatFixtures.firing(Severity.ERROR);
    JsonNode root = sent(n);

    String title = "🔥 " + n.title();
    assertThat(root.get("text").asString()).isEqualTo(title);
    assertThat(root.get("attachments")).hasSize(1);
    JsonNode attachment = root.get("attachments").get(0);
    assertThat(attachment.get("color").asString()).isEqualTo("#FF0000");
    assertThat(attachment.get("fallback").asString()).isEqualTo(title);
    JsonNode blocks = attachment.get("blocks");
    assertThat(blocks).hasSize(4);
    assertThat(blocks.get(0).get("type").asString()).isEqualTo("header");
    assertThat(blocks.get(0).get("text").get("type").asString()).isEqualTo("plain_text");
    assertThat(blocks.get(0).get("text").get("text").asString()).isEqualTo(title);
    assertThat(blocks.get(1).get("type").asString()).isEqualTo("section");
    assertThat(blocks.get(1).get("text").get("type").asString()).isEqualTo("plain_text");
    assertThat(blocks.get(1).get("text").get("text").asString()).isEqualTo(n.text());
    assertThat(ChatFixtures.strings(blocks.get(2).get("fields")))
        .containsExactly("plain_text", "Severity: ERROR", "plain_text", "State: FIRING",
            "plain_text", "Labels: team=social, platform=tiktok", "plain_text", "Value: 0.3");
    JsonNode context = blocks.get(3);
    assertThat(context.get("type").asString()).isEqualTo("context");
    assertThat(context.get("elements").get(0).get("type").asString()).isEqualTo("mrkdwn");
    assertThat(context.get("elements").get(0).get("text").asString()).isEqualTo(
        "FIRING · <!date^1772445600^{date_short_pretty} {time}|2026-03-02T10:00:00Z> · "
            + "<https://runbooks.example.com/uploads|Runbook>");
  }

  @ParameterizedTest
  @CsvSource({"INFO, #9E9E9E", "WARN, #FFA500", "ERROR, #FF0000", "CRITICAL, #8B0000"})
  void colourBySeverity(Severity severity, String colour) throws Exception {
    assertThat(sent(ChatFixtures.firing(severity)).at("/attachments/0/color").asString())
        .isEqualTo(colour);
  }

  @Test
  void resolvedIsGreenWithItsOwnTitle() throws Exception {
    JsonNode root = sent(ChatFixtures.resolved());
    assertThat(root.at("/attachments/0/color").asString()).isEqualTo("#2EB886");
    assertThat(root.get("text").asString()).startsWith("✅ [RESOLVED]");
    assertThat(root.at("/attachments/0/blocks/2/fields/1/text").asString())
        .isEqualTo("State: RESOLVED");
  }

  @Test
  void hostileContentIsEscapedAndCutToSlackLimits() throws Exception {
    JsonNode root = sent(ChatFixtures.hostile());

    for (String s : ChatFixtures.strings(root)) {
      assertThat(s).doesNotContain("<script>", "<!here>", "<!channel>", "<@U123>", "<http://evil")
          .doesNotContainIgnoringCase("@channel").doesNotContainIgnoringCase("@here")
          .doesNotContainIgnoringCase("@everyone");
    }
    JsonNode blocks = root.at("/attachments/0/blocks");
    String header = blocks.at("/0/text/text").asString();
    assertThat(header).hasSizeLessThanOrEqualTo(SlackChannel.HEADER_MAX)
        .startsWith("🔥 Title &lt;script&gt;alert(1)&lt;/script&gt; @\u2060channel").endsWith("…");
    String section = blocks.at("/1/text/text").asString();
    assertThat(section).hasSizeLessThanOrEqualTo(SlackChannel.SECTION_MAX).endsWith("…")
        .contains("&lt;!here&gt;", "&lt;http://evil|click&gt;", "&amp; done")
        .doesNotContain("&lt…", "&am…"); // never an entity cut in half
    assertThat(blocks.at("/2/fields/2/text").asString())
        .isEqualTo("Labels: team=&lt;@U123&gt; @\u2060here *x* [a](http://evil), platform=tiktok");
    assertThat(root.get("text").asString()).hasSizeLessThanOrEqualTo(SlackChannel.TEXT_MAX);
  }

  @Test
  void notFoundIsPermanentAndNamesTheHostOnly() {
    server.answer(Answer.status(404));
    DeliveryException e = catchThrowableOfType(DeliveryException.class,
        () -> channel.send(ChatFixtures.firing(Severity.ERROR)));
    assertThat(e.isPermanent()).isTrue();
    assertThat(e.getMessage()).contains("404", "127.0.0.1").doesNotContain(SECRET_PATH, "s3cr3t");
  }

  @Test
  void notFoundWithSlackErrorIsPermanent() {
    server.answer(new Answer(404, java.util.Map.of(), "no_service", Duration.ZERO));
    DeliveryException e = catchThrowableOfType(DeliveryException.class,
        () -> channel.send(ChatFixtures.firing(Severity.ERROR)));
    assertThat(e.isPermanent()).isTrue();
    assertThat(e.getMessage()).contains("HTTP 404", "no_service").doesNotContain("s3cr3t");
  }

  @Test
  void tooManyRequestsIsRetriedAfterRetryAfter() {
    server.answer(Answer.status(429).withHeader("Retry-After", "30"));
    DeliveryException e = catchThrowableOfType(DeliveryException.class,
        () -> channel.send(ChatFixtures.firing(Severity.ERROR)));
    assertThat(e.isPermanent()).isFalse();
    assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void serverErrorIsRetryable() {
    server.answer(Answer.status(500));
    DeliveryException e = catchThrowableOfType(DeliveryException.class,
        () -> channel.send(ChatFixtures.firing(Severity.ERROR)));
    assertThat(e.isPermanent()).isFalse();
    assertThat(e.retryAfter()).isNull();
    assertThat(e.getMessage()).doesNotContain("s3cr3t");
  }

  @Test
  void toStringShowsNameAndHostOnly() {
    assertThat(channel).hasToString("SlackChannel[name=slack-ops, host=127.0.0.1]");
    assertThat(channel.name()).isEqualTo("slack-ops");
  }

  @Test
  void builderReportsEveryProblemWithoutTheSecret() {
    assertThatThrownBy(() -> SlackChannel.builder(" ",
        URI.create("http://hooks.slack.com/services/T/B/s3cr3t")).timeout(Duration.ZERO).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("name must not be blank")
        .hasMessageContaining("webhookUri must use https (http only to localhost)")
        .hasMessageContaining("timeout must be positive")
        .message().doesNotContain("s3cr3t");
    for (String bad : List.of("hooks.slack.com/x", "ftp://hooks.slack.com/x", "https:/x")) {
      assertThatThrownBy(() -> SlackChannel.builder("s", URI.create(bad)).build())
          .hasMessageContaining("webhookUri must be an absolute https URI");
    }
    assertThatThrownBy(() -> SlackChannel.builder("s", null).build())
        .hasMessage("invalid SlackChannel 's': webhookUri is required");
    assertThat(SlackChannel.builder("s", URI.create("http://localhost:8080/x")).build())
        .hasToString("SlackChannel[name=s, host=localhost]");
    assertThat(SlackChannel.builder("s", URI.create("http://[::1]:8080/x")).build()).isNotNull();
  }
}
