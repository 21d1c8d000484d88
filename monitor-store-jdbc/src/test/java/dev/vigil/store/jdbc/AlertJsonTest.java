package dev.vigil.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.Severity;
import dev.vigil.alerts.Acknowledgement;
import dev.vigil.alerts.Alert;
import dev.vigil.alerts.AlertState;
import dev.vigil.alerts.Muting;
import dev.vigil.alerts.Transition;
import dev.vigil.store.jdbc.internal.AlertJson;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AlertJsonTest {

  private static final Instant T = Instant.parse("2026-11-21T10:15:30.123456789Z");

  @Test
  void everyPropertySurvivesTheRoundTrip() {
    Alert alert = Alert.builder()
        .ruleId("db-errors")
        .group(Map.of("source", "orders-api", "zone", "é\"<script>"))
        .state(AlertState.SILENCED)
        .severity(Severity.CRITICAL)
        .labels(Map.of("team", "payments"))
        .annotations(Map.of("summary", "5 errors in 5m\nsecond line"))
        .runbook(URI.create("https://wiki.example.com/runbooks/db?x=1&y=2"))
        .value(Double.NaN)
        .activeSince(T)
        .firingSince(T.plusSeconds(60))
        .clearingSince(T.plusSeconds(90))
        .history(List.of(
            new Transition(null, AlertState.PENDING, T, "5 > 3", 5),
            new Transition(AlertState.PENDING, AlertState.FIRING, T.plusSeconds(60), "held 1m",
                Double.POSITIVE_INFINITY),
            new Transition(AlertState.FIRING, AlertState.SILENCED, T.plusSeconds(70), "silence",
                Double.NEGATIVE_INFINITY)))
        .acknowledgement(new Acknowledgement("alice", "looking", T.plusSeconds(65),
            T.plusSeconds(3_665)))
        .mutedBy(new Muting(Muting.Kind.SILENCE, "s-1"))
        .notifiedAt(T.plusSeconds(70))
        .breaches(3)
        .changes(List.of(T, T.plusSeconds(60)))
        .build();

    Alert back = AlertJson.fromJson(AlertJson.toJson(alert));

    assertThat(back).usingRecursiveComparison()
        .withComparatorForType(Double::compare, Double.class).isEqualTo(alert);
    assertThat(back.key()).isEqualTo(alert.key());
    assertThat(back.history().get(1).value()).isInfinite();
  }

  @Test
  void aResolvedAlertWithoutOptionalPropertiesSurvivesTheRoundTrip() {
    Alert alert = Alert.builder()
        .ruleId("r").group(Map.of()).state(AlertState.RESOLVED).severity(Severity.INFO)
        .value(1.5).activeSince(T).resolvedAt(T.plusSeconds(1)).notifiedAt(T.plusSeconds(1))
        .history(List.of(new Transition(null, AlertState.RESOLVED, T, "done", 0)))
        .build();

    Alert back = AlertJson.fromJson(AlertJson.toJson(alert));

    assertThat(back).usingRecursiveComparison()
        .withComparatorForType(Double::compare, Double.class).isEqualTo(alert);
    assertThat(back.runbook()).isNull();
    assertThat(back.acknowledgement()).isNull();
  }
}
