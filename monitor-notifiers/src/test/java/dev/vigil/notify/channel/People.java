package dev.vigil.notify.channel;

import dev.vigil.Severity;
import dev.vigil.notify.Contact;
import dev.vigil.notify.Notification;
import dev.vigil.notify.TestAlerts;

/** Notifications for the tests of the channels that reach people. */
final class People {

  static final String HOSTILE = "<script>alert(1)</script> @channel @everyone <!here>"
      + " *bold* _x_ ~gone~ ```code``` [link](http://evil) <img src=x onerror=alert(2)>";

  private People() {}

  /** A FIRING CRITICAL notification, addressed to no one. */
  static Notification firing() {
    return TestAlerts.notification(Notification.Kind.FIRING,
        TestAlerts.firing("upload-errors", Severity.CRITICAL));
  }

  /** {@code n} addressed to {@code contact}. */
  static Notification to(Notification n, Contact contact) {
    return new Notification(n.id(), n.kind(), n.alert(), n.title(), n.text(), contact,
        n.createdAt());
  }

  /** {@code n} with another title and text. */
  static Notification saying(Notification n, String title, String text) {
    return new Notification(n.id(), n.kind(), n.alert(), title, text, n.contact(),
        n.createdAt());
  }

  /** A notification whose title and text are hostile, the text 100 kB long. */
  static Notification hostile() {
    return saying(firing(), HOSTILE, HOSTILE + "\n" + "x".repeat(100_000));
  }
}
