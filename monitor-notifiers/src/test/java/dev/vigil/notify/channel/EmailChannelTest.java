package dev.vigil.notify.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.vigil.notify.Contact;
import dev.vigil.notify.DeliveryException;
import dev.vigil.notify.Notification;
import jakarta.mail.Address;
import jakarta.mail.Message;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Arrays;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class EmailChannelTest {

  private GreenMail smtp;

  @BeforeEach
  void start() {
    smtp = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
    smtp.setUser("vigil@example.com", "vigil", "right-password");
    smtp.start();
  }

  @AfterEach
  void stop() {
    smtp.stop();
  }

  private EmailChannel.Builder channel() {
    return EmailChannel.builder().host("127.0.0.1").port(smtp.getSmtp().getPort())
        .tls(EmailChannel.Tls.NONE).from("Vigil <vigil@example.com>")
        .subjectPrefix("[vigil] ");
  }

  private MimeMessage received() {
    assertThat(smtp.waitForIncomingEmail(5_000, 1)).isTrue();
    return smtp.getReceivedMessages()[0];
  }

  private static String part(MimeMessage m, int i, String type) throws Exception {
    MimeMultipart alternative = (MimeMultipart) m.getContent();
    assertThat(alternative.getContentType()).startsWith("multipart/alternative");
    assertThat(alternative.getCount()).isEqualTo(2);
    assertThat(alternative.getBodyPart(i).getContentType()).startsWith(type);
    return (String) alternative.getBodyPart(i).getContent();
  }

  private static String[] to(MimeMessage m) throws Exception {
    return Arrays.stream(m.getRecipients(Message.RecipientType.TO))
        .map(a -> ((InternetAddress) a).getAddress()).toArray(String[]::new);
  }

  @Test
  void sendsSubjectFromToAndBothParts() throws Exception {
    channel().to("ops@example.com", "dev@example.com").build().send(People.firing());
    MimeMessage m = received();
    assertThat(m.getSubject()).isEqualTo(
        "[vigil] [FIRING] upload-errors{platform=tiktok}: Upload error rate 30% on tiktok");
    Address[] from = m.getFrom();
    assertThat(((InternetAddress) from[0]).getAddress()).isEqualTo("vigil@example.com");
    assertThat(to(m)).containsExactly("ops@example.com", "dev@example.com");
    assertThat(part(m, 0, "text/plain")).contains("30 of 100 uploads failed in 15 minutes",
        "team = social", "summary = Upload error rate 30% on tiktok");
    assertThat(part(m, 1, "text/html")).contains(
        "<h2>[FIRING] upload-errors{platform=tiktok}: Upload error rate 30% on tiktok</h2>",
        "30 of 100 uploads failed in 15 minutes", "<th align=\"left\">team</th><td>social</td>");
    assertThat(m.getHeader("X-Vigil-Notification")).containsExactly(People.firing().id());
  }

  @Test
  void authenticatesAndSendsToTheContactRatherThanTheRecipients() throws Exception {
    channel().username("vigil").password("right-password").to("ops@example.com").build()
        .send(People.to(People.firing(), Contact.of("Alice", "email", "alice@example.com")));
    assertThat(to(received())).containsExactly("alice@example.com");
  }

  @Test
  void hostileContentIsEscapedInHtmlAndTheSubjectCannotInjectHeaders() throws Exception {
    Notification n = People.saying(People.firing(),
        People.HOSTILE + "\r\nBcc: victim@example.com " + "t".repeat(300),
        People.HOSTILE + "\n" + "x".repeat(100_000));
    channel().to("ops@example.com").build().send(n);
    MimeMessage m = received();
    assertThat(m.getHeader("Bcc")).isNull();
    assertThat(m.getAllRecipients()).hasSize(1);
    assertThat(m.getSubject()).hasSize(EmailChannel.MAX_SUBJECT).doesNotContain("\r", "\n")
        .startsWith("[vigil] <script>").endsWith("…");
    String html = part(m, 1, "text/html");
    assertThat(html).contains("&lt;script&gt;alert(1)&lt;/script&gt;",
        "&lt;img src=x onerror=alert(2)&gt;", "&lt;!here&gt;")
        .doesNotContain("<script>", "<img", "<!here>");
    String plain = part(m, 0, "text/plain");
    assertThat(plain).contains("<script>alert(1)</script>")
        .contains("[cut: the text was 97 KB; the first 100 KB are shown]");
    assertThat(plain.length()).isLessThan(101_000);
    assertThat(html.length()).isLessThan(102_000);
  }

  @Test
  void aHostileLabelOrAnnotationIsEscapedToo() throws Exception {
    Notification n = People.firing();
    var alert = n.alert().toBuilder()
        .labels(java.util.Map.of("team", "<b onmouseover=x>social</b>"))
        .annotations(java.util.Map.of("summary", "<script>s()</script>")).build();
    channel().to("ops@example.com").build().send(new Notification(n.id(), n.kind(), alert,
        n.title(), n.text(), null, n.createdAt()));
    String html = part(received(), 1, "text/html");
    assertThat(html).contains("&lt;b onmouseover=x&gt;social&lt;/b&gt;",
        "&lt;script&gt;s()&lt;/script&gt;").doesNotContain("<b ", "<script>");
  }

  @Test
  void aRefusedLoginIsPermanentAndShowsNoPassword() {
    EmailChannel channel = channel().username("vigil").password("wrong-password")
        .to("ops@example.com").build();
    assertThatThrownBy(() -> channel.send(People.firing()))
        .isInstanceOfSatisfying(DeliveryException.class, e -> assertThat(e.isPermanent()).isTrue())
        .hasMessageContaining("SMTP login to 127.0.0.1 failed")
        .hasMessageNotContaining("wrong-password");
    assertThat(smtp.getReceivedMessages()).isEmpty();
  }

  @Test
  void aClosedPortIsRetryable() throws IOException {
    int port;
    try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = free.getLocalPort();
    }
    EmailChannel channel = channel().port(port).to("ops@example.com").build();
    assertThatThrownBy(() -> channel.send(People.firing()))
        .isInstanceOfSatisfying(DeliveryException.class, e -> assertThat(e.isPermanent()).isFalse())
        .hasMessageContaining("cannot connect to 127.0.0.1:" + port);
  }

  @Test
  void aSilentServerTimesOutRetryably() throws IOException {
    try (ServerSocket silent = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      EmailChannel channel = channel().port(silent.getLocalPort())
          .readTimeout(Duration.ofMillis(200)).to("ops@example.com").build();
      assertThatThrownBy(() -> channel.send(People.firing()))
          .isInstanceOfSatisfying(DeliveryException.class,
              e -> assertThat(e.isPermanent()).isFalse())
          .hasMessageContaining("no answer from 127.0.0.1");
    }
  }

  @Test
  void smtpReplyCodesDecide() throws Exception {
    EmailChannel channel = channel().build();
    DeliveryException tooBig = channel.failure(new SMTPSendFailedException("DATA", 552,
        "552 5.3.4 message too big for <ops@example.com>", null, null, null, null));
    assertThat(tooBig.isPermanent()).isTrue();
    assertThat(tooBig).hasMessage("SMTP 552 from 127.0.0.1: 552 5.3.4 message too big for"
        + " <<address>>");
    DeliveryException busy = channel.failure(new jakarta.mail.SendFailedException("failed",
        new SMTPAddressFailedException(new InternetAddress("ops@example.com"), "RCPT TO", 451,
            "451 4.3.0 try again later")));
    assertThat(busy.isPermanent()).isFalse();
    assertThat(busy).hasMessageContaining("SMTP 451");
  }

  @Test
  void contactsWithoutAnEmailAddressArePermanent() {
    EmailChannel channel = channel().to("ops@example.com").build();
    assertThatThrownBy(() -> channel.send(People.to(People.firing(),
        Contact.of("Alice", "sms", "+33612345678"))))
        .isInstanceOfSatisfying(DeliveryException.class, e -> assertThat(e.isPermanent()).isTrue())
        .hasMessage("contact Alice has no email address (channel email)");
    assertThatThrownBy(() -> channel.send(People.to(People.firing(),
        Contact.of("Bob", "email", "bob@example.com\r\nBcc: x@example.com"))))
        .isInstanceOfSatisfying(DeliveryException.class, e -> assertThat(e.isPermanent()).isTrue())
        .hasMessageContaining("Bob has a malformed email address").hasMessageNotContaining("bob@");
  }

  @Test
  void buildReportsEveryProblemAndToStringHidesThePassword() {
    assertThatThrownBy(() -> EmailChannel.builder().username("vigil").to("not an address")
        .connectTimeout(Duration.ZERO).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("host is required")
        .hasMessageContaining("from is required")
        .hasMessageContaining("password is required with a username")
        .hasMessageContaining("1 recipient(s) in to are not email addresses")
        .hasMessageContaining("connectTimeout must be positive");
    assertThat(channel().username("vigil").password("right-password").build().toString())
        .startsWith("EmailChannel[email via 127.0.0.1:").doesNotContain("right-password");
    assertThat(channel().build().addressKind()).isEqualTo("email");
  }
}
