package dev.vigil.notify.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.vigil.Severity;
import dev.vigil.alerts.Alert;
import dev.vigil.alerts.AlertState;
import dev.vigil.alerts.Transition;
import dev.vigil.notify.Contact;
import dev.vigil.notify.Escalation;
import dev.vigil.notify.MessageTemplate;
import dev.vigil.notify.Notifier;
import dev.vigil.notify.RecordingServer;
import dev.vigil.notify.Route;
import dev.vigil.notify.channel.GreenApiWhatsAppChannel;
import dev.vigil.notify.channel.TwilioSmsChannel;
import dev.vigil.notify.channel.WebhookChannel;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/**
 * The notifications of the seeds, end to end on real HTTP: seed 003's WhatsApp alerts to support
 * contacts by priority, worded per alert type, and seed 004's per-rule channels with SMS for
 * critical alerts only.
 */
class SeedNotificationsTest {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final String TOKEN = "d75b3a66374942c5b3c019c698abc2067e151558acbd412345";

  private static Alert alert(String rule, Severity severity, Map<String, String> annotations) {
    Instant at = Instant.now();
    return Alert.builder().ruleId(rule).group(Map.of("instance", "8101819298"))
        .state(AlertState.FIRING).severity(severity).annotations(annotations)
        .runbook(URI.create("https://7105.api.greenapi.com")).value(1)
        .activeSince(at).firingSince(at).notifiedAt(at)
        .history(List.of(new Transition(null, AlertState.FIRING, at, "check failed", 1)))
        .build();
  }

  /** Seed 003: three alert types, each with its own wording, to support contacts by priority. */
  @Test
  void seed003WhatsAppAlertsPerTypeToSupportByPriority() {
    Contact principal = Contact.of("Support Principal", "whatsapp", "33620951645@c.us");
    Contact secondaire = Contact.of("Support Secondaire", "whatsapp", "33612345678@c.us");
    Escalation support = Escalation.builder().contacts(principal, secondaire)
        .channels("whatsapp").every(Duration.ofMinutes(15)).build();
    String head = "🚨 *ALERTE GREEN API* 🚨\n\n⏰ {{ since }}\n📱 Instance: {{ labels.instance }}\n\n";
    MessageTemplate notAuthorized = MessageTemplate.builder().title("INSTANCE NON AUTORISÉE")
        .text(head + "⚠️ *INSTANCE NON AUTORISÉE*\n\nÉtat détecté: {{ annotations.state }}\n\n"
            + "ℹ️ *PAS DE REBOOT AUTOMATIQUE*\n\n🔗 Dashboard: {{ runbook }}").build();
    MessageTemplate rebootFailed = MessageTemplate.builder().title("TIMEOUT + REBOOT ÉCHOUÉ")
        .text(head + "❌ *TIMEOUT + REBOOT ÉCHOUÉ*\n\nErreur: {{ annotations.error }}\n\n"
            + "🔗 Dashboard: {{ runbook }}").build();
    MessageTemplate total = MessageTemplate.builder().title("ÉCHEC COMPLET DU SYSTÈME")
        .text(head + "🔴 *ÉCHEC COMPLET DU SYSTÈME*\n\nErreur: {{ annotations.error }}\n\n"
            + "🔗 Dashboard: {{ runbook }}").build();
    try (RecordingServer greenApi = new RecordingServer()) {
      greenApi.otherwise(body -> RecordingServer.Answer.ok("{\"idMessage\":\"3EB0\"}"));
      Notifier notifier = Notifier.builder()
          .channel(GreenApiWhatsAppChannel.builder().name("whatsapp").idInstance("1101000001")
              .apiTokenInstance(TOKEN).apiUrl(greenApi.uri("")).build())
          .route(Route.builder().rules("instance-not-authorized").template(notAuthorized)
              .escalation(support).build())
          .route(Route.builder().rules("timeout-reboot-failed").template(rebootFailed)
              .escalation(support).build())
          .route(Route.builder().rules("total-failure").template(total).escalation(support)
              .build())
          .build().start();
      try {
        notifier.onTransition(alert("instance-not-authorized", Severity.ERROR,
            Map.of("state", "notAuthorized")));
        notifier.onTransition(alert("timeout-reboot-failed", Severity.CRITICAL,
            Map.of("error", "Connection timeout")));
        notifier.onTransition(alert("total-failure", Severity.CRITICAL,
            Map.of("error", "Primary: Connection timeout | Reboot: HTTP 500")));

        await().atMost(Duration.ofSeconds(10)).until(() -> greenApi.delivered().size() == 3);
        List<String> messages = greenApi.delivered().stream()
            .map(r -> JSON.readTree(r.body())).peek(b ->
                assertThat(b.get("chatId").asString()).as("priority 1 first")
                    .isEqualTo("33620951645@c.us"))
            .map(b -> b.get("message").asString()).toList();
        assertThat(messages.get(0)).contains("INSTANCE NON AUTORIS", "notAuthorized",
            "Instance: 8101819298", "PAS DE REBOOT AUTOMATIQUE");
        assertThat(messages.get(1)).contains("TIMEOUT + REBOOT", "Connection timeout");
        assertThat(messages.get(2)).contains("COMPLET DU SYST", "Reboot: HTTP 500");
        // the server has the requests before the notifier has their answers: wait for those
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
            assertThat(notifier.outbox().pending()).as("the secondaire waits 15 minutes each")
                .hasSize(3).allSatisfy(e -> assertThat(e.notification().contact())
                    .isEqualTo(secondaire)));
      } finally {
        notifier.close();
      }
    }
  }

  /** Seed 004: channels per rule, SMS for critical alerts only. */
  @Test
  void seed004ChannelsPerRuleAndSmsOnlyForCritical() throws Exception {
    try (RecordingServer twilio = new RecordingServer();
         RecordingServer hook = new RecordingServer()) {
      twilio.otherwise(body -> new RecordingServer.Answer(201,
          Map.of("Content-Type", "application/json"), "{\"sid\":\"SM1\"}", Duration.ZERO));
      Notifier notifier = Notifier.builder()
          .channel(TwilioSmsChannel.builder().name("sms")
              .accountSid("AC0123456789abcdef0123456789abcdef").authToken("secret-token")
              .from("+15005550006").to("+33612345678").baseUrl(twilio.uri("")).build())
          .channel(WebhookChannel.builder().name("webhook").url(hook.uri("/alerts")).build())
          .route(Route.builder().rules("high_error_rate").channels("sms", "webhook").build())
          .route(Route.builder().rules("slow_response", "database_connections")
              .channels("webhook").build())
          .build().start();
      try {
        notifier.onTransition(alert("high_error_rate", Severity.CRITICAL, Map.of()));
        notifier.onTransition(alert("slow_response", Severity.ERROR, Map.of()));
        notifier.onTransition(alert("database_connections", Severity.WARN, Map.of()));

        await().atMost(Duration.ofSeconds(10)).until(() -> hook.delivered().size() == 3);
        await().atMost(Duration.ofSeconds(10)).until(() -> twilio.delivered().size() == 1);
        assertThat(twilio.delivered().get(0).body()).contains("high_error_rate");
      } finally {
        notifier.close();
      }
    }
  }
}
