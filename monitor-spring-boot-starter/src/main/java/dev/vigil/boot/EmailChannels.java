package dev.vigil.boot;

import dev.vigil.boot.VigilNotifyProperties.ChannelProperties;
import dev.vigil.boot.internal.Settings;
import dev.vigil.notify.Channel;
import dev.vigil.notify.channel.EmailChannel;
import java.util.Locale;

/**
 * Builds email channels. A class of its own, loaded only for a channel of type email: {@link
 * EmailChannel} needs Jakarta Mail ({@code org.eclipse.angus:angus-mail}), an optional
 * dependency.
 */
final class EmailChannels {

  private static final String MAIL_CLASS = "jakarta.mail.internet.InternetAddress";

  private EmailChannels() {}

  static Channel build(String name, ChannelProperties c, String p, ClassLoader classLoader) {
    if (!present(classLoader)) {
      throw new InvalidVigilPropertyException(p + ".type", "email",
          "an email channel needs Jakarta Mail on the class path: add the dependency"
          + " org.eclipse.angus:angus-mail");
    }
    EmailChannel.Builder b = EmailChannel.builder().name(name)
        .host(Settings.required(p + ".host", c.getHost()))
        .from(Settings.required(p + ".from", c.getFrom()));
    if (c.getPort() != null) {
      if (c.getPort() < 1 || c.getPort() > 65_535) {
        throw new InvalidVigilPropertyException(p + ".port", c.getPort(),
            "must be a port from 1 to 65535");
      }
      b.port(c.getPort());
    }
    if (c.getTls() != null) {
      String tls = c.getTls().strip().toUpperCase(Locale.ROOT);
      try {
        b.tls(EmailChannel.Tls.valueOf(tls));
      } catch (IllegalArgumentException e) {
        throw new InvalidVigilPropertyException(p + ".tls", c.getTls(),
            "is not starttls, smtps or none", e);
      }
    }
    if (c.getUsername() != null) {
      b.username(c.getUsername());
    }
    if (c.getPassword() != null) {
      b.password(c.getPassword());
    }
    if (!c.getTo().isEmpty()) {
      b.to(c.getTo().stream().map(String::strip).toArray(String[]::new));
    }
    if (c.getSubjectPrefix() != null) {
      b.subjectPrefix(c.getSubjectPrefix());
    }
    if (c.getConnectTimeout() != null) {
      b.connectTimeout(Settings.positive(p + ".connect-timeout", c.getConnectTimeout()));
    }
    if (c.getReadTimeout() != null) {
      b.readTimeout(Settings.positive(p + ".read-timeout", c.getReadTimeout()));
    }
    if (c.getWriteTimeout() != null) {
      b.writeTimeout(Settings.positive(p + ".write-timeout", c.getWriteTimeout()));
    }
    return b.build();
  }

  private static boolean present(ClassLoader classLoader) {
    try {
      Class.forName(MAIL_CLASS, false, classLoader);
      return true;
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }
}
