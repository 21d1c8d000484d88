package dev.vigil.notify.channel;

import static java.util.Objects.requireNonNull;

import dev.vigil.notify.Channel;
import dev.vigil.notify.DeliveryException;
import dev.vigil.notify.Digest;
import dev.vigil.notify.Notification;
import dev.vigil.notify.internal.Texts;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.eclipse.angus.mail.smtp.SMTPSenderFailedException;

/**
 * Sends email over SMTP with Angus Mail, to the notification's {@link
 * dev.vigil.notify.Contact}'s {@code "email"} address, else to the configured recipients.
 * <strong>Needs {@code org.eclipse.angus:angus-mail} on the class path</strong> (an optional
 * dependency of this module): only this class uses it, so applications without email need not
 * add it.
 *
 * <pre>{@code
 * EmailChannel.builder()
 *     .host("smtp.example.com").port(587).tls(EmailChannel.Tls.STARTTLS)
 *     .username("vigil").password(System.getenv("SMTP_PASSWORD"))
 *     .from("vigil@example.com")
 *     .to("ops@example.com")                     // when no contact is given
 *     .subjectPrefix("[vigil] ")
 *     .build();
 * }</pre>
 *
 * <p>Each message is {@code multipart/alternative}: plain text and HTML, the HTML escaping every
 * string (title, text, labels, annotations). The subject is the prefix and the title on one line
 * (CR and LF removed), cut to 200 characters; the text is cut to 100 KB with a note. One message
 * goes to all the recipients. Failures: a refused login and SMTP 5xx replies are permanent;
 * 4xx replies, refused connections and timeouts retryable. Error messages name the host and the
 * SMTP code, never the password nor an address. Immutable and thread-safe: each send opens its
 * own connection.
 */
public final class EmailChannel implements Channel {

  /** How the connection is secured. */
  public enum Tls {
    /** Plain SMTP (a local relay only). */
    NONE,
    /** Plain SMTP upgraded with STARTTLS, which the server must offer (port 587). */
    STARTTLS,
    /** SMTP over TLS from the first byte, "SMTPS" (port 465). */
    SMTPS
  }

  /** The longest subject, in characters. */
  static final int MAX_SUBJECT = 200;
  /** The longest text, in UTF-8 bytes, before the note that it was cut. */
  static final int MAX_TEXT_BYTES = 100_000;
  /** The largest HTML of a digest sent as is, in UTF-8 bytes. */
  static final int MAX_HTML_BYTES = 1_000_000;

  private static final Pattern EMAIL_IN_TEXT = Pattern.compile("[^\\s<>\"'@]+@[^\\s<>\"']+");

  private final String name;
  private final String host;
  private final int port;
  private final Tls tls;
  private final String username;
  private final String password;
  private final InternetAddress from;
  private final List<String> to;
  private final String subjectPrefix;
  private final Session session;

  private EmailChannel(Builder b, InternetAddress from, List<String> to) {
    this.name = b.name;
    this.host = b.host;
    this.port = b.port != 0 ? b.port : b.tls == Tls.SMTPS ? 465 : b.tls == Tls.STARTTLS ? 587 : 25;
    this.tls = b.tls;
    this.username = b.username;
    this.password = b.password;
    this.from = from;
    this.to = List.copyOf(to);
    this.subjectPrefix = b.subjectPrefix;
    String p = tls == Tls.SMTPS ? "mail.smtps." : "mail.smtp.";
    Properties props = new Properties();
    props.setProperty(p + "host", host);
    props.setProperty(p + "port", Integer.toString(port));
    props.setProperty(p + "connectiontimeout", Long.toString(b.connectTimeout.toMillis()));
    props.setProperty(p + "timeout", Long.toString(b.readTimeout.toMillis()));
    props.setProperty(p + "writetimeout", Long.toString(b.writeTimeout.toMillis()));
    props.setProperty(p + "auth", Boolean.toString(username != null));
    if (tls == Tls.STARTTLS) {
      props.setProperty(p + "starttls.enable", "true");
      props.setProperty(p + "starttls.required", "true");
    }
    if (tls != Tls.NONE) {
      props.setProperty(p + "ssl.checkserveridentity", "true");
    }
    this.session = Session.getInstance(props);
  }

  /** Returns a builder; the host and the from address are required. */
  public static Builder builder() {
    return new Builder();
  }

  /** Returns {@code true}: a group of alerts goes out as one message. */
  @Override
  public boolean groups() {
    return true;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public String addressKind() {
    return "email";
  }

  @Override
  public void send(Notification notification) throws DeliveryException {
    List<String> recipients = Addressing.recipients(name, "email", notification, to,
        EmailChannel::address, "an email address such as alice@example.com");
    MimeMessage message;
    try {
      message = message(notification, recipients);
    } catch (MessagingException e) {
      throw DeliveryException.permanent("cannot build the email for " + host + ": "
          + e.getClass().getSimpleName());
    }
    transmit(message);
  }

  private void transmit(MimeMessage message) throws DeliveryException {
    try (Transport transport = session.getTransport(tls == Tls.SMTPS ? "smtps" : "smtp")) {
      transport.connect(host, port, username, password);
      transport.sendMessage(message, message.getAllRecipients());
    } catch (MessagingException e) {
      throw failure(e);
    }
  }

  /**
   * Sends {@code digest} to the configured recipients ({@link Builder#to}): the subject is the
   * prefix and the title, the parts its text and its HTML (when it has one and it is at most
   * {@link #MAX_HTML_BYTES}; else the text, escaped, as HTML).
   *
   * @throws DeliveryException permanent if no recipients are configured
   */
  @Override
  public boolean sendDigest(Digest digest) throws DeliveryException {
    requireNonNull(digest, "digest");
    if (to.isEmpty()) {
      throw DeliveryException.permanent("email channel " + name + " has no recipients (to) for"
          + " digests");
    }
    MimeMessage message;
    try {
      message = new MimeMessage(session);
      message.setFrom(from);
      InternetAddress[] rcpt = new InternetAddress[to.size()];
      for (int i = 0; i < rcpt.length; i++) {
        rcpt[i] = new InternetAddress(to.get(i), true);
      }
      message.setRecipients(Message.RecipientType.TO, rcpt);
      message.setSubject(subject(subjectPrefix, digest.title()), "UTF-8");
      message.setSentDate(new Date());
      message.setHeader("X-Vigil-Digest", oneLine(digest.id()));
      String text = cap(digest.text());
      MimeBodyPart plain = new MimeBodyPart();
      plain.setText(digest.title() + "\n\n" + text + "\n", "UTF-8");
      String html = digest.html();
      if (html == null || html.getBytes(StandardCharsets.UTF_8).length > MAX_HTML_BYTES) {
        html = "<!DOCTYPE html><html><head><meta charset=\"UTF-8\"></head>"
            + "<body style=\"font-family:sans-serif\"><h2>" + escape(digest.title()) + "</h2>"
            + "<pre style=\"white-space:pre-wrap\">" + escape(text) + "</pre></body></html>";
      }
      MimeBodyPart htmlPart = new MimeBodyPart();
      htmlPart.setContent(html, "text/html; charset=UTF-8");
      MimeMultipart alternative = new MimeMultipart("alternative");
      alternative.addBodyPart(plain);
      alternative.addBodyPart(htmlPart);
      message.setContent(alternative);
      message.saveChanges();
    } catch (MessagingException e) {
      throw DeliveryException.permanent("cannot build the email for " + host + ": "
          + e.getClass().getSimpleName());
    }
    transmit(message);
    return true;
  }

  MimeMessage message(Notification n, List<String> recipients) throws MessagingException {
    MimeMessage m = new MimeMessage(session);
    m.setFrom(from);
    InternetAddress[] rcpt = new InternetAddress[recipients.size()];
    for (int i = 0; i < rcpt.length; i++) {
      rcpt[i] = new InternetAddress(recipients.get(i), true);
    }
    m.setRecipients(Message.RecipientType.TO, rcpt);
    m.setSubject(subject(subjectPrefix, n.title()), "UTF-8");
    m.setSentDate(new Date());
    m.setHeader("X-Vigil-Notification", oneLine(n.id()));
    String text = cap(n.text());
    MimeBodyPart plain = new MimeBodyPart();
    plain.setText(plainText(n, text), "UTF-8");
    MimeBodyPart html = new MimeBodyPart();
    html.setContent(html(n, text), "text/html; charset=UTF-8");
    MimeMultipart alternative = new MimeMultipart("alternative");
    alternative.addBodyPart(plain);
    alternative.addBodyPart(html); // the last part is the preferred one
    m.setContent(alternative);
    m.saveChanges();
    return m;
  }

  /** The prefix and the title on one line, cut to {@link #MAX_SUBJECT} characters. */
  static String subject(String prefix, String title) {
    return Texts.truncate(oneLine(prefix + title).strip(), MAX_SUBJECT);
  }

  private static String oneLine(String s) {
    return s.replaceAll("[\\r\\n\\u0085\\u2028\\u2029]+", " ").replaceAll("\\p{Cntrl}", "");
  }

  /** The text, cut to {@link #MAX_TEXT_BYTES} with a note when it was longer. */
  static String cap(String text) {
    int bytes = text.getBytes(StandardCharsets.UTF_8).length;
    if (bytes <= MAX_TEXT_BYTES) {
      return text;
    }
    return Texts.truncateUtf8(text, MAX_TEXT_BYTES) + "\n\n[cut: the text was " + bytes / 1024
        + " KB; the first " + MAX_TEXT_BYTES / 1000 + " KB are shown]";
  }

  private static String plainText(Notification n, String text) {
    StringBuilder sb = new StringBuilder(text.length() + 512);
    sb.append(n.title()).append("\n\n").append(text).append('\n');
    appendPlain(sb, "Labels", n.alert().labels());
    appendPlain(sb, "Annotations", n.alert().annotations());
    return sb.toString();
  }

  private static void appendPlain(StringBuilder sb, String heading, Map<String, String> map) {
    if (!map.isEmpty()) {
      sb.append('\n').append(heading).append(":\n");
      map.forEach((k, v) -> sb.append("  ").append(k).append(" = ")
          .append(Texts.truncate(v, 2_000)).append('\n'));
    }
  }

  private static String html(Notification n, String text) {
    StringBuilder sb = new StringBuilder(text.length() * 11 / 10 + 1024);
    sb.append("<!DOCTYPE html><html><head><meta charset=\"UTF-8\"></head>"
        + "<body style=\"font-family:sans-serif\">");
    sb.append("<h2>").append(escape(n.title())).append("</h2>");
    sb.append("<p style=\"color:#666\">").append(escape(n.kind().name())).append(" · ")
        .append(escape(n.alert().severity().name())).append(" · ")
        .append(escape(n.alert().key())).append("</p>");
    sb.append("<pre style=\"white-space:pre-wrap;font-family:inherit\">").append(escape(text))
        .append("</pre>");
    appendHtml(sb, "Labels", n.alert().labels());
    appendHtml(sb, "Annotations", n.alert().annotations());
    sb.append("</body></html>");
    return sb.toString();
  }

  private static void appendHtml(StringBuilder sb, String heading, Map<String, String> map) {
    if (!map.isEmpty()) {
      sb.append("<h3>").append(heading).append("</h3><table>");
      map.forEach((k, v) -> sb.append("<tr><th align=\"left\">").append(escape(k))
          .append("</th><td>").append(escape(Texts.truncate(v, 2_000))).append("</td></tr>"));
      sb.append("</table>");
    }
  }

  /** Escapes {@code s} for HTML text and attribute values. */
  static String escape(String s) {
    StringBuilder sb = new StringBuilder(s.length() + 16);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '<' -> sb.append("&lt;");
        case '>' -> sb.append("&gt;");
        case '&' -> sb.append("&amp;");
        case '"' -> sb.append("&quot;");
        case '\'' -> sb.append("&#39;");
        default -> sb.append(c);
      }
    }
    return sb.toString();
  }

  /** Returns {@code raw} as a checked address, or null. */
  static String address(String raw) {
    try {
      InternetAddress a = new InternetAddress(raw.strip(), true);
      String s = a.getAddress();
      return s != null && s.indexOf('@') > 0 && a.getPersonal() == null ? s : null;
    } catch (AddressException e) {
      return null;
    }
  }

  /** Maps a mail failure to a delivery failure, as the class describes. */
  DeliveryException failure(MessagingException e) {
    int code = -1;
    String reply = null;
    boolean auth = false;
    boolean io = false;
    for (Exception x = e; x != null;
        x = x instanceof MessagingException m ? m.getNextException() : null) {
      if (x instanceof AuthenticationFailedException) {
        auth = true;
      }
      if (code < 0) {
        if (x instanceof SMTPSendFailedException s) {
          code = s.getReturnCode();
          reply = s.getMessage();
        } else if (x instanceof SMTPAddressFailedException s) {
          code = s.getReturnCode();
          reply = s.getMessage();
        } else if (x instanceof SMTPSenderFailedException s) {
          code = s.getReturnCode();
          reply = s.getMessage();
        }
      }
      if (x instanceof IOException || x.getCause() instanceof IOException) {
        io = true;
      }
    }
    if (auth) {
      return DeliveryException.permanent("SMTP login to " + host + " failed (check the username"
          + " and password)");
    }
    if (code >= 500) {
      return DeliveryException.permanent("SMTP " + code + " from " + host + detail(reply));
    }
    if (code >= 400) {
      return DeliveryException.retryable("SMTP " + code + " from " + host + detail(reply));
    }
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    if (root instanceof ConnectException) {
      return DeliveryException.retryable("cannot connect to " + host + ":" + port
          + " (connection refused)");
    }
    if (root instanceof InterruptedIOException) {
      return DeliveryException.retryable("no answer from " + host + ":" + port + " in time");
    }
    if (root instanceof UnknownHostException) {
      return DeliveryException.retryable("unknown SMTP host " + host);
    }
    return DeliveryException.retryable((io ? "I/O error talking to " : "mail error from ") + host
        + ":" + port + ": " + root.getClass().getSimpleName());
  }

  /** The server's reply on one line, addresses masked (personal data), at most 200 chars. */
  private static String detail(String reply) {
    if (reply == null || reply.isBlank()) {
      return "";
    }
    Matcher m = EMAIL_IN_TEXT.matcher(oneLine(reply).strip());
    return ": " + Texts.truncate(m.replaceAll("<address>"), 200);
  }

  @Override
  public String toString() {
    return "EmailChannel[" + name + " via " + host + ":" + port + ", " + tls + "]";
  }

  /** Builds an {@link EmailChannel}; {@link #build()} reports every problem. Not thread-safe. */
  public static final class Builder {
    private String name = "email";
    private String host;
    private int port;
    private Tls tls = Tls.STARTTLS;
    private String username;
    private String password;
    private String from;
    private final List<String> to = new ArrayList<>();
    private String subjectPrefix = "";
    private Duration connectTimeout = Duration.ofSeconds(10);
    private Duration readTimeout = Duration.ofSeconds(10);
    private Duration writeTimeout = Duration.ofSeconds(10);

    Builder() {}

    /** Sets the channel's name; {@code email} by default. */
    public Builder name(String name) {
      this.name = requireNonNull(name, "name");
      return this;
    }

    /** Sets the SMTP server's host; required. */
    public Builder host(String host) {
      this.host = requireNonNull(host, "host");
      return this;
    }

    /** Sets the port; by default 465 for SMTPS, 587 for STARTTLS, 25 without TLS. */
    public Builder port(int port) {
      if (port < 1 || port > 65_535) {
        throw new IllegalArgumentException("port must be from 1 to 65535 but was " + port);
      }
      this.port = port;
      return this;
    }

    /** Sets how the connection is secured; STARTTLS (required) by default. */
    public Builder tls(Tls tls) {
      this.tls = requireNonNull(tls, "tls");
      return this;
    }

    /** Sets the login; without it the channel does not authenticate. */
    public Builder username(String username) {
      this.username = requireNonNull(username, "username");
      return this;
    }

    /** Sets the password, a secret; required with a username. */
    public Builder password(String password) {
      this.password = requireNonNull(password, "password");
      return this;
    }

    /** Sets the sender's address, such as {@code Vigil <vigil@example.com>}; required. */
    public Builder from(String from) {
      this.from = requireNonNull(from, "from");
      return this;
    }

    /** Adds recipients for notifications addressed to no contact. */
    public Builder to(String... addresses) {
      for (String a : addresses) {
        to.add(requireNonNull(a, "to"));
      }
      return this;
    }

    /** Sets a prefix for every subject, such as {@code [vigil] }; none by default. */
    public Builder subjectPrefix(String subjectPrefix) {
      this.subjectPrefix = requireNonNull(subjectPrefix, "subjectPrefix");
      return this;
    }

    /** Sets how long connecting may take; 10 s by default. */
    public Builder connectTimeout(Duration timeout) {
      this.connectTimeout = requireNonNull(timeout, "connectTimeout");
      return this;
    }

    /** Sets how long a read from the server may block; 10 s by default. */
    public Builder readTimeout(Duration timeout) {
      this.readTimeout = requireNonNull(timeout, "readTimeout");
      return this;
    }

    /** Sets how long a write to the server may block; 10 s by default. */
    public Builder writeTimeout(Duration timeout) {
      this.writeTimeout = requireNonNull(timeout, "writeTimeout");
      return this;
    }

    /**
     * Builds the channel.
     *
     * @throws IllegalStateException listing every missing or invalid setting
     */
    public EmailChannel build() {
      List<String> problems = new ArrayList<>();
      if (name.isBlank()) {
        problems.add("name must not be blank");
      }
      if (host == null || host.isBlank()) {
        problems.add("host is required");
      }
      if (username != null && password == null) {
        problems.add("password is required with a username");
      }
      if (username == null && password != null) {
        problems.add("username is required with a password");
      }
      InternetAddress sender = null;
      if (from == null) {
        problems.add("from is required");
      } else {
        try {
          sender = new InternetAddress(from, true);
        } catch (AddressException e) {
          problems.add("from is not an email address: " + from);
        }
      }
      List<String> recipients = new ArrayList<>();
      int bad = 0;
      for (String a : to) {
        String ok = address(a);
        if (ok == null) {
          bad++;
        } else {
          recipients.add(ok);
        }
      }
      if (bad > 0) {
        problems.add(bad + " recipient(s) in to are not email addresses");
      }
      if (subjectPrefix.length() > 100) {
        problems.add("subjectPrefix must be at most 100 characters");
      }
      checkTimeout(problems, "connectTimeout", connectTimeout);
      checkTimeout(problems, "readTimeout", readTimeout);
      checkTimeout(problems, "writeTimeout", writeTimeout);
      if (!problems.isEmpty()) {
        throw new IllegalStateException("invalid email channel: " + String.join("; ", problems));
      }
      return new EmailChannel(this, sender, recipients);
    }

    private static void checkTimeout(List<String> problems, String what, Duration d) {
      if (d.isNegative() || d.isZero() || d.toMillis() > Integer.MAX_VALUE) {
        problems.add(what + " must be positive (and under 24 days) but was " + d);
      }
    }
  }
}
