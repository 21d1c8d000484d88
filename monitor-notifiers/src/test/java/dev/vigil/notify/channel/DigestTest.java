package dev.vigil.notify.channel;

import static dev.vigil.notify.channel.ChatFixtures.SECRET_PATH;
import static dev.vigil.notify.channel.ChatFixtures.parse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.vigil.notify.DeliveryException;
import dev.vigil.notify.Digest;
import dev.vigil.notify.Notifier;
import dev.vigil.notify.RecordingServer;
import dev.vigil.notify.RecordingServer.Answer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Digests (reports) through each channel that takes them, received by real servers. */
class DigestTest {

  private static final String HOSTILE = "<script>alert(1)</script> @channel & <!here>";
  private static final Digest DIGEST = new Digest("report-2026-W47", "Weekly report " + HOSTILE,
      "Uptime 99.5%\n\nTop errors:\n  12 × " + HOSTILE + "\n- not a list", "<html><body><p>rich"
      + " &lt;escaped&gt;</p></body></html>", Instant.parse("2026-11-23T08:00:00Z"));

  private final RecordingServer server = new RecordingServer();
  private GreenMail smtp;

  @AfterEach
  void close() {
    server.close();
    if (smtp != null) {
      smtp.stop();
    }
  }

  private JsonNode lastBody() {
    RecordingServer.Request r = server.requests().get(server.requests().size() - 1);
    assertThat(r.method()).isEqualTo("POST");
    return parse(r.body());
  }

  @Test
  void emailSendsTheDigestsHtmlAndText() throws Exception {
    smtp = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
    smtp.start();
    EmailChannel channel = EmailChannel.builder().host("127.0.0.1")
        .port(smtp.getSmtp().getPort()).tls(EmailChannel.Tls.NONE).from("vigil@example.com")
        .to("ops@example.com").subjectPrefix("[vigil] ").build();
    assertThat(channel.sendDigest(DIGEST)).isTrue();
    assertThat(smtp.waitForIncomingEmail(5_000, 1)).isTrue();
    MimeMessage m = smtp.getReceivedMessages()[0];
    assertThat(m.getSubject()).isEqualTo("[vigil] Weekly report " + HOSTILE);
    assertThat(m.getHeader("X-Vigil-Digest")[0]).isEqualTo("report-2026-W47");
    MimeMultipart parts = (MimeMultipart) m.getContent();
    assertThat((String) parts.getBodyPart(0).getContent()).contains("Uptime 99.5%", HOSTILE);
    assertThat(parts.getBodyPart(1).getContentType()).startsWith("text/html");
    assertThat((String) parts.getBodyPart(1).getContent()).isEqualTo(DIGEST.html());
  }

  @Test
  void emailWithoutHtmlEscapesTheTextAndNeedsRecipients() throws Exception {
    smtp = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
    smtp.start();
    EmailChannel.Builder builder = EmailChannel.builder().host("127.0.0.1")
        .port(smtp.getSmtp().getPort()).tls(EmailChannel.Tls.NONE).from("vigil@example.com");
    assertThatThrownBy(() -> builder.build().sendDigest(DIGEST))
        .isInstanceOf(DeliveryException.class).hasMessageContaining("no recipients");
    Digest plain = new Digest("d1", "T", HOSTILE, null, Instant.EPOCH);
    builder.to("ops@example.com").build().sendDigest(plain);
    assertThat(smtp.waitForIncomingEmail(5_000, 1)).isTrue();
    String html = (String) ((MimeMultipart) smtp.getReceivedMessages()[0].getContent())
        .getBodyPart(1).getContent();
    assertThat(html).contains("&lt;script&gt;alert(1)&lt;/script&gt;").doesNotContain("<script>");
  }

  @Test
  void slackPostsPlainTextSectionsEscaped() throws Exception {
    SlackChannel channel = SlackChannel.builder("slack", server.uri(SECRET_PATH)).build();
    server.answer(Answer.ok("ok"));
    assertThat(channel.sendDigest(DIGEST)).isTrue();
    JsonNode root = lastBody();
    assertThat(root.get("text").asString()).startsWith("Weekly report &lt;script&gt;");
    JsonNode blocks = root.get("blocks");
    assertThat(blocks.get(0).get("text").get("text").asString()).startsWith("📊 Weekly report");
    String section = blocks.get(1).get("text").get("text").asString();
    assertThat(blocks.get(1).get("text").get("type").asString()).isEqualTo("plain_text");
    assertThat(section).contains("Uptime 99.5%", "&lt;script&gt;", "&amp; &lt;!here&gt;",
        "@\u2060channel").doesNotContain("<script>");
  }

  @Test
  void slackSplitsALongTextIntoSections() {
    String line = "x".repeat(1000);
    String text = String.join("\n", line, line, line, line, line, line, line);
    JsonNode root = parse(dev.vigil.notify.internal.Json.write(SlackChannel.payload(
        new Digest("d", "t", text, null, Instant.EPOCH))));
    assertThat(root.get("blocks")).hasSize(1 + 4); // header, then 2+2+2+1 lines of 1000 chars
    for (int i = 1; i < root.get("blocks").size(); i++) {
      assertThat(root.get("blocks").get(i).get("text").get("text").asString().length())
          .isLessThanOrEqualTo(SlackChannel.SECTION_MAX);
    }
  }

  @Test
  void discordPostsOneEmbedWithEscapedMarkdownAndNoMentions() throws Exception {
    DiscordChannel channel = DiscordChannel.builder("discord", server.uri(SECRET_PATH)).build();
    assertThat(channel.sendDigest(DIGEST)).isTrue();
    JsonNode root = lastBody();
    JsonNode embed = root.get("embeds").get(0);
    assertThat(embed.get("description").asString()).contains("\\<script\\>", "\\- not a list");
    assertThat(root.get("allowed_mentions").get("parse")).isEmpty();
    assertThat(embed.get("timestamp").asString()).isEqualTo("2026-11-23T08:00:00Z");
  }

  @Test
  void teamsPostsAnAdaptiveCardLineByLine() throws Exception {
    TeamsChannel channel = TeamsChannel.builder("teams", server.uri(SECRET_PATH)).build();
    assertThat(channel.sendDigest(DIGEST)).isTrue();
    JsonNode body = lastBody().get("attachments").get(0).get("content").get("body");
    assertThat(body.get(0).get("text").asString()).startsWith("📊 Weekly report");
    assertThat(body.get(1).get("text").asString()).isEqualTo("Uptime 99.5%");
    assertThat(body.toString()).doesNotContain("<script>");
  }

  @Test
  void webhookPostsJsonSignedWithTheIdempotencyKey() throws Exception {
    WebhookChannel channel = WebhookChannel.builder().name("hook").url(server.uri("/hook"))
        .secret("s3cr3t").build();
    assertThat(channel.sendDigest(DIGEST)).isTrue();
    RecordingServer.Request r = server.requests().get(0);
    assertThat(r.headers().get("idempotency-key")).isEqualTo("report-2026-W47");
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec("s3cr3t".getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    assertThat(r.headers().get("x-vigil-signature")).isEqualTo("sha256="
        + HexFormat.of().formatHex(mac.doFinal(r.body().getBytes(StandardCharsets.UTF_8))));
    JsonNode root = parse(r.body());
    assertThat(root.get("kind").asString()).isEqualTo("digest");
    assertThat(root.get("title").asString()).isEqualTo(DIGEST.title());
    assertThat(root.get("text").asString()).isEqualTo(DIGEST.text());
    assertThat(root.get("createdAt").asString()).isEqualTo("2026-11-23T08:00:00Z");
  }

  @Test
  void webhookFailureHidesTheSecretPath() {
    WebhookChannel channel = WebhookChannel.builder().name("hook")
        .url(server.uri("/hooks/s3cr3t-path")).build();
    server.answer(Answer.status(404));
    assertThatThrownBy(() -> channel.sendDigest(DIGEST)).isInstanceOf(DeliveryException.class)
        .satisfies(e -> assertThat(((DeliveryException) e).isPermanent()).isTrue())
        .hasMessageNotContaining("s3cr3t");
  }

  @Test
  void consolePrintsTheTitleAndText() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ConsoleChannel channel = ConsoleChannel.builder()
        .out(new PrintStream(out, true, StandardCharsets.UTF_8)).build();
    assertThat(channel.sendDigest(DIGEST)).isTrue();
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("=== vigil REPORT",
        "Weekly report", "  Uptime 99.5%", "id: report-2026-W47");
  }

  @Test
  void theNotifierSendsThroughTheNamedChannelAndIncidentTrackersDecline() throws Exception {
    Notifier notifier = Notifier.builder().meterRegistry(new SimpleMeterRegistry())
        .channel(SlackChannel.builder("slack", server.uri(SECRET_PATH)).build())
        .channel(PagerDutyChannel.builder().name("pd").routingKey("0123456789abcdef0123456789abcdef")
            .url(server.uri("/v2/enqueue")).source("checkout").build())
        .build().start();
    try {
      assertThat(notifier.sendDigest("slack", DIGEST)).isTrue();
      assertThat(notifier.sendDigest("pd", DIGEST)).isFalse();
      assertThat(server.requests()).hasSize(1);
      assertThat(server.requests().get(0).path()).isEqualTo(SECRET_PATH);
      assertThatThrownBy(() -> notifier.sendDigest("nope", DIGEST))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[slack, pd]");
    } finally {
      notifier.close();
    }
    assertThatThrownBy(() -> notifier.sendDigest("slack", DIGEST))
        .isInstanceOf(IllegalStateException.class);
  }
}
