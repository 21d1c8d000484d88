package dev.vigil.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.Severity;
import dev.vigil.alerts.Acknowledgement;
import dev.vigil.alerts.Alert;
import dev.vigil.alerts.AlertState;
import dev.vigil.alerts.AlertStore;
import dev.vigil.alerts.Silence;
import dev.vigil.alerts.Transition;
import dev.vigil.store.jdbc.internal.JdbcAlertStore;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** What the JDBC alert store does beyond the contract: any text, the bounded history, schema. */
class JdbcAlertStoreTest {

  private static final Instant T = Instant.parse("2026-03-02T10:00:00.123456789Z");

  /** Text a label, an annotation or a group's tag value may hold. */
  private static final String HOSTILE = "it's \"quoted\" \\ back\\slash <script>alert('x')</script>"
      + " &amp; '; DROP TABLE vigil_alert_active; -- é ü 中文 עברית 🔥👩‍💻 e\u0301 \t tab\nline"
      + " \u0000 nul \u2028 \uFFFF \uD800 lone surrogate {{value}} ${x} %s";

  private static Alert opened(String ruleId, Map<String, String> group, AlertState to) {
    return Alert.builder().ruleId(ruleId).group(group).state(to).severity(Severity.ERROR)
        .value(5).activeSince(T).notifiedAt(T)
        .history(List.of(new Transition(null, to, T, "condition met: 5 > 3", 5)))
        .build();
  }

  private static Alert moved(Alert alert, AlertState to, Instant at, String reason) {
    List<Transition> history = new ArrayList<>(alert.history());
    history.add(new Transition(alert.state(), to, at, reason, alert.value()));
    return alert.toBuilder().state(to).history(history).notifiedAt(at)
        .resolvedAt(to == AlertState.RESOLVED ? at : null).build();
  }

  private static void assertSameAlert(Alert actual, Alert expected) {
    assertThat(actual).usingRecursiveComparison().ignoringFields("matchLabels", "key")
        .withComparatorForType(Double::compare, Double.class).isEqualTo(expected);
  }

  private static long count(TestDatabase db, String table) {
    try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + table)) {
      rs.next();
      return rs.getLong(1);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  @ParameterizedTest
  @EnumSource(TestDatabase.Kind.class)
  void anyTextInLabelsAnnotationsGroupsAndSilencesComesBackAsSaved(TestDatabase.Kind kind) {
    Map<String, String> group = new LinkedHashMap<>();
    group.put("platform", HOSTILE);
    group.put(HOSTILE, "key too");
    group.put("long", "x".repeat(20_000));
    Alert alert = opened("hostile", group, AlertState.FIRING).toBuilder()
        .labels(Map.of("team", HOSTILE, "html", "<b onmouseover=\"x()\">"))
        .annotations(Map.of("summary", HOSTILE, "description", "line\r\nline"))
        .acknowledgement(new Acknowledgement(HOSTILE, HOSTILE, T, T.plusSeconds(60)))
        .build();
    Silence silence = Silence.builder().id(HOSTILE).matching(HOSTILE, HOSTILE)
        .matchingRegex("team", "\\Q" + HOSTILE.replace("\\E", "") + "\\E|pay.*")
        .notMatching("env", "'; --").createdBy(HOSTILE).comment(HOSTILE)
        .endsAt(T.plusSeconds(3_600)).build();
    try (TestDatabase db = TestDatabase.create(kind)) {
      try (JdbcStore jdbc = db.store().build()) {
        assertThat(jdbc.alerts().save(alert)).isTrue();
        jdbc.alerts().saveSilence(silence);
      }
      try (JdbcStore restarted = db.store().build()) { // read back by another instance
        AlertStore store = restarted.alerts();
        assertThat(store.active("hostile")).singleElement().satisfies(a -> {
          assertSameAlert(a, alert);
          assertThat(a.key()).isEqualTo(alert.key());
          assertThat(a.group().get("platform")).isEqualTo(HOSTILE);
        });
        assertThat(store.silences()).containsExactly(silence);

        Alert resolved = moved(store.active().get(0), AlertState.RESOLVED, T.plusSeconds(1),
            HOSTILE);
        assertThat(store.save(resolved)).isTrue();
        assertThat(store.lastResolved(alert.key())).satisfies(a -> assertSameAlert(a, resolved));
        assertThat(store.removeSilence(HOSTILE)).isTrue();
        assertThat(store.silences()).isEmpty();
      }
      assertThat(count(db, "vigil_alert_active")).isZero();
    }
  }

  @ParameterizedTest
  @EnumSource(TestDatabase.Kind.class)
  void theResolvedHistoryKeepsTheMostRecentAndIsTrimmedInBatches(TestDatabase.Kind kind) {
    try (TestDatabase db = TestDatabase.create(kind); JdbcStore jdbc = db.store().build()) {
      // keeps 5, trims at the 1st, 11th, 21st... resolved alert saved, 3 rows per statement
      JdbcAlertStore store = new JdbcAlertStore(jdbc.db(), 5, 10, 3);
      for (int i = 1; i <= 21; i++) {
        Alert a = opened("r", Map.of("n", Integer.toString(i)), AlertState.FIRING);
        store.save(a);
        store.save(moved(a, AlertState.RESOLVED, T.plusSeconds(i), "cleared"));
        if (i == 20) {
          assertThat(count(db, "vigil_alert_resolved")).as("5 kept at the 11th, 9 since")
              .isEqualTo(14);
          assertThat(store.resolved()).extracting(r -> r.group().get("n"))
              .containsExactly("20", "19", "18", "17", "16");
        }
      }

      assertThat(count(db, "vigil_alert_resolved")).isEqualTo(5);
      assertThat(store.resolved()).extracting(r -> r.group().get("n"))
          .containsExactly("21", "20", "19", "18", "17");
      assertThat(store.lastResolved("r{n=16}")).as("trimmed").isNull();
      assertThat(store.lastResolved("r{n=17}")).isNotNull();
    }
  }

  @ParameterizedTest
  @EnumSource(TestDatabase.Kind.class)
  void theStoreKeepsAsManyResolvedAlertsAsConfigured(TestDatabase.Kind kind) {
    try (TestDatabase db = TestDatabase.create(kind);
        JdbcStore jdbc = db.store().maxResolvedAlerts(2).build()) {
      AlertStore store = jdbc.alerts();
      assertThat(jdbc.alerts()).isSameAs(store);
      for (int i = 1; i <= 3; i++) {
        Alert a = opened("r", Map.of("n", Integer.toString(i)), AlertState.PENDING);
        store.save(a);
        store.save(moved(a, AlertState.RESOLVED, T.plusSeconds(i), "cleared"));
      }

      assertThat(store.resolved()).extracting(r -> r.group().get("n"))
          .containsExactly("3", "2");
    }
  }

  @ParameterizedTest
  @EnumSource(TestDatabase.Kind.class)
  void theSchemaCreatedTwiceIsHarmlessAndTwoInstancesShareTheAlerts(TestDatabase.Kind kind) {
    try (TestDatabase db = TestDatabase.create(kind);
        JdbcStore a = db.store().build();
        JdbcStore b = db.store().build()) {
      Alert alert = opened("shared", Map.of(), AlertState.FIRING);
      a.alerts().save(alert);
      b.alerts().saveSilence(Silence.builder().id("s").matching("alertname", "shared")
          .createdBy("alice").endsAt(T.plusSeconds(60)).build());

      assertThat(b.alerts().active()).singleElement()
          .satisfies(read -> assertSameAlert(read, alert));
      assertThat(a.alerts().silences()).extracting(Silence::id).containsExactly("s");
    }
  }

  @ParameterizedTest
  @EnumSource(TestDatabase.Kind.class)
  void aBadBoundOrAClosedStoreIsRefusedWithTheReason(TestDatabase.Kind kind) {
    try (TestDatabase db = TestDatabase.create(kind)) {
      assertThatThrownBy(() -> db.store().maxResolvedAlerts(0))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("maxResolvedAlerts must be at least 1 but was 0");
      JdbcStore jdbc = db.store().build();
      jdbc.close();
      assertThatThrownBy(jdbc::alerts).isInstanceOf(IllegalStateException.class)
          .hasMessage("the JDBC store is closed");
    }
  }

  @ParameterizedTest
  @EnumSource(TestDatabase.Kind.class)
  void aDatabaseFailureIsReportedNamingTheAlert(TestDatabase.Kind kind) {
    try (TestDatabase db = TestDatabase.create(kind); JdbcStore jdbc = db.store().build()) {
      AlertStore store = jdbc.alerts();
      db.execute("DROP TABLE vigil_alert_active");

      assertThatThrownBy(() -> store.save(opened("db", Map.of("p", "1"), AlertState.FIRING)))
          .isInstanceOf(JdbcStoreException.class)
          .hasMessageStartingWith("cannot save the alert 'db{p=1}': ");
    }
  }
}
