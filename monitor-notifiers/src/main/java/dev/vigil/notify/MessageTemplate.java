package dev.vigil.notify;

import static java.util.Objects.requireNonNull;

import dev.vigil.alerts.Alert;
import dev.vigil.alerts.Template;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How a route words its notifications: a title and a text, both {@link Template}s (the safe
 * template language of alert annotations), with other wording for some {@linkplain
 * Notification.Kind kinds} if wanted, such as one of the three alert types of a support team.
 *
 * <pre>{@code
 * MessageTemplate.builder()
 *     .title("🚨 {{ labels.instance }}: {{ annotations.summary }}")
 *     .text("⏰ {{ since }}\n{{ annotations.description }}\n🔗 {{ runbook | default(\"-\") }}")
 *     .title(Notification.Kind.RESOLVED, "✅ {{ labels.instance }} is back")
 *     .build();
 * }</pre>
 *
 * <p>Variables: {@code kind} (FIRING, RESOLVED…), {@code key}, {@code rule}, {@code severity},
 * {@code state}, {@code group} and {@code labels} (the rule's labels and the group), {@code
 * labelText} ({@code k=v, …}), {@code annotations}, {@code summary} and {@code description}
 * (those annotations, else the reason), {@code value}, {@code reason} (of the last transition),
 * {@code since} (when the alert became active), {@code firingSince}, {@code resolvedAt}, {@code
 * runbook}, {@code acknowledgedBy}, {@code contact} (the addressee's name, escalations only).
 * Rendered text is plain text: each channel escapes it. Instances are immutable and thread-safe.
 */
public final class MessageTemplate {

  /**
   * The default: title {@code [FIRING] rule{group}: summary} (the {@code summary} annotation, else
   * the transition's reason), text with the description (annotation, else reason), severity,
   * value, labels and runbook.
   */
  public static final MessageTemplate DEFAULT = builder()
      .title("[{{ kind }}] {{ key }}: {{ summary }}")
      .text("{{ description }}\n"
          + "severity: {{ severity }} · value: {{ value }} · since: {{ since }}\n"
          + "labels: {{ labelText }}\n"
          + "runbook: {{ runbook | default(\"-\") }}")
      .build();

  private final Template title;
  private final Template text;
  private final Map<Notification.Kind, Template> titles;
  private final Map<Notification.Kind, Template> texts;

  private MessageTemplate(Builder b) {
    this.title = b.title;
    this.text = b.text;
    this.titles = new EnumMap<>(b.titles);
    this.texts = new EnumMap<>(b.texts);
  }

  /** Returns a builder; a title and a text are required. */
  public static Builder builder() {
    return new Builder();
  }

  /** Renders the title for {@code kind}. */
  public String title(Notification.Kind kind, Alert alert, Contact contact) {
    return titles.getOrDefault(kind, title).render(variables(kind, alert, contact));
  }

  /** Renders the text for {@code kind}. */
  public String text(Notification.Kind kind, Alert alert, Contact contact) {
    return texts.getOrDefault(kind, text).render(variables(kind, alert, contact));
  }

  /**
   * Returns the variables a template sees for {@code notification} (those listed above, for its
   * kind, alert and contact), plus {@code id}, {@code title} and {@code text} (the notification's):
   * for channels that render a body of their own. A new mutable map, values not escaped.
   */
  public static Map<String, Object> variables(Notification notification) {
    Map<String, Object> vars = variables(notification.kind(), notification.alert(),
        notification.contact());
    vars.put("id", notification.id());
    vars.put("title", notification.title());
    vars.put("text", notification.text());
    return vars;
  }

  static Map<String, Object> variables(Notification.Kind kind, Alert alert, Contact contact) {
    Map<String, Object> vars = new HashMap<>();
    vars.put("kind", kind.name());
    vars.put("key", alert.key());
    vars.put("rule", alert.ruleId());
    vars.put("severity", alert.severity().name());
    vars.put("state", alert.state().name());
    vars.put("group", alert.group());
    Map<String, String> labels = new LinkedHashMap<>(alert.labels());
    labels.putAll(alert.group());
    vars.put("labels", labels);
    StringBuilder labelText = new StringBuilder();
    labels.forEach((k, v) -> labelText.append(labelText.length() == 0 ? "" : ", ")
        .append(k).append('=').append(v));
    vars.put("labelText", labelText.length() == 0 ? "-" : labelText.toString());
    vars.put("annotations", alert.annotations());
    vars.put("value", alert.value());
    String reason = alert.lastTransition().reason();
    vars.put("reason", reason);
    vars.put("summary", alert.annotations().getOrDefault("summary", reason));
    vars.put("description", alert.annotations().getOrDefault("description", reason));
    vars.put("since", alert.activeSince().toString());
    if (alert.firingSince() != null) {
      vars.put("firingSince", alert.firingSince().toString());
    }
    if (alert.resolvedAt() != null) {
      vars.put("resolvedAt", alert.resolvedAt().toString());
    }
    if (alert.runbook() != null) {
      vars.put("runbook", alert.runbook().toString());
    }
    if (alert.acknowledgement() != null) {
      vars.put("acknowledgedBy", alert.acknowledgement().by());
    }
    if (contact != null) {
      vars.put("contact", contact.name());
    }
    return vars;
  }

  /** Builds a {@link MessageTemplate}; invalid templates fail at once. Not thread-safe. */
  public static final class Builder {
    private Template title;
    private Template text;
    private final Map<Notification.Kind, Template> titles =
        new EnumMap<>(Notification.Kind.class);
    private final Map<Notification.Kind, Template> texts = new EnumMap<>(Notification.Kind.class);

    Builder() {}

    /**
     * Sets the title of every kind without its own.
     *
     * @throws IllegalArgumentException if the template is invalid (naming the column)
     */
    public Builder title(String template) {
      this.title = parse("title", template);
      return this;
    }

    /** Sets the text of every kind without its own. */
    public Builder text(String template) {
      this.text = parse("text", template);
      return this;
    }

    /** Sets the title of {@code kind}. */
    public Builder title(Notification.Kind kind, String template) {
      titles.put(requireNonNull(kind, "kind"), parse("title of " + kind, template));
      return this;
    }

    /** Sets the text of {@code kind}. */
    public Builder text(Notification.Kind kind, String template) {
      texts.put(requireNonNull(kind, "kind"), parse("text of " + kind, template));
      return this;
    }

    private static Template parse(String what, String template) {
      requireNonNull(template, what);
      try {
        return Template.parse(template);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("invalid " + what + " template: " + e.getMessage(), e);
      }
    }

    /**
     * Builds the template.
     *
     * @throws IllegalStateException if the title or the text is missing
     */
    public MessageTemplate build() {
      if (title == null || text == null) {
        throw new IllegalStateException("a message template needs a title and a text");
      }
      return new MessageTemplate(this);
    }
  }
}
