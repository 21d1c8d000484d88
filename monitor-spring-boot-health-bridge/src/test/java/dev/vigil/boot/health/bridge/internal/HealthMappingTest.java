package dev.vigil.boot.health.bridge.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.Redactor;
import dev.vigil.boot.health.bridge.VigilHealthIndicatorsProperties;
import dev.vigil.health.CheckStatus;
import dev.vigil.health.FailureKind;
import dev.vigil.health.HealthRecord;
import dev.vigil.health.HealthResult;
import dev.vigil.health.HealthStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;

class HealthMappingTest {

  private static final Redactor REDACTOR = Redactor.defaults();

  @Test
  void vigilStatusesBecomeActuatorCodes() {
    assertThat(HealthMapping.actuatorCode(HealthStatus.UP, "UP")).isEqualTo("UP");
    assertThat(HealthMapping.actuatorCode(HealthStatus.DEGRADED, "UP")).isEqualTo("UP");
    assertThat(HealthMapping.actuatorCode(HealthStatus.DEGRADED, "DEGRADED")).isEqualTo("DEGRADED");
    assertThat(HealthMapping.actuatorCode(HealthStatus.DOWN, "UP")).isEqualTo("DOWN");
    assertThat(HealthMapping.actuatorCode(HealthStatus.UNKNOWN, "UP")).isEqualTo("UNKNOWN");
  }

  @Test
  void degradedStatusMustBeACode() {
    assertThat(HealthMapping.statusCode("p", " degraded ")).isEqualTo("DEGRADED");
    assertThatThrownBy(() -> HealthMapping.statusCode("vigil.health.actuator.degraded-status",
        "not ok"))
        .isInstanceOf(InvalidConfigurationPropertyValueException.class)
        .hasMessageContaining("vigil.health.actuator.degraded-status")
        .hasMessageContaining("not ok");
  }

  @Test
  void detailsOfACheckAreRedactedAndHoldNoError() {
    Instant at = Instant.parse("2026-11-21T10:00:00Z");
    HealthRecord last = new HealthRecord("api", at, HealthStatus.DOWN, FailureKind.BAD_STATUS,
        "HTTP 503 from https://bob:hunter2@api.example/health", Duration.ofMillis(87),
        "java.io.IOException: password=hunter2", HealthRecord.Trigger.AUTOMATIC, false, null,
        false);
    Map<String, Object> details = HealthMapping.details(
        new CheckStatus("api", HealthStatus.DOWN, at, last, 2, 0), REDACTOR);
    assertThat(details).containsEntry("status", "DOWN").containsEntry("failure", "BAD_STATUS")
        .containsEntry("latencyMillis", 87L).containsEntry("since", "2026-11-21T10:00:00Z")
        .containsEntry("checkedAt", "2026-11-21T10:00:00Z").containsEntry("failuresInARow", 2)
        .doesNotContainKey("error");
    assertThat(details.toString()).doesNotContain("hunter2");
    assertThat(HealthMapping.details(new CheckStatus("api", HealthStatus.UNKNOWN, at, null, 0, 0),
        REDACTOR)).containsOnlyKeys("status", "since");
  }

  @Test
  void actuatorCodesBecomeVigilResults() {
    assertThat(HealthMapping.result(Reading.indicator("UP", Map.of("database", "PostgreSQL")),
        REDACTOR)).isEqualTo(HealthResult.up("UP {database=PostgreSQL}"));
    HealthResult down = HealthMapping.result(Reading.indicator("DOWN",
        Map.of("error", "java.net.ConnectException: refused")), REDACTOR);
    assertThat(down.status()).isEqualTo(HealthStatus.DOWN);
    assertThat(down.failure()).isEqualTo(FailureKind.ERROR);
    assertThat(HealthMapping.result(Reading.indicator("DOWN", Map.of()), REDACTOR).failure())
        .isEqualTo(FailureKind.BAD_STATE);
    assertThat(HealthMapping.result(Reading.indicator("OUT_OF_SERVICE", Map.of()), REDACTOR))
        .isEqualTo(HealthResult.down(FailureKind.BAD_STATE, "OUT_OF_SERVICE"));
    assertThat(HealthMapping.result(Reading.indicator("UNKNOWN", Map.of()), REDACTOR).status())
        .isEqualTo(HealthStatus.UNKNOWN);
    assertThat(HealthMapping.result(Reading.indicator("WARNING", Map.of()), REDACTOR))
        .isEqualTo(HealthResult.degraded(FailureKind.BAD_STATE, "WARNING"));
  }

  @Test
  void secretsInIndicatorDetailsAreRedacted() {
    HealthResult r = HealthMapping.result(Reading.indicator("UP",
        Map.of("password", "hunter2", "url", "jdbc:postgresql://u:hunter2@db/x")), REDACTOR);
    assertThat(r.detail()).doesNotContain("hunter2").contains(Redactor.REDACTED);
  }

  @Test
  void aCompositeTakesItsWorstComponent() {
    Map<String, Reading> components = new LinkedHashMap<>();
    components.put("primary", Reading.indicator("UP", Map.of()));
    components.put("replica", Reading.indicator("DOWN", Map.of("error", "timeout")));
    components.put("cache", Reading.indicator("UNKNOWN", Map.of()));
    HealthResult r = HealthMapping.result(Reading.composite(components), REDACTOR);
    assertThat(r.status()).isEqualTo(HealthStatus.DOWN);
    assertThat(r.failure()).isEqualTo(FailureKind.ERROR);
    assertThat(r.detail()).isEqualTo("primary UP; replica DOWN {error=timeout}; cache UNKNOWN");
    assertThat(HealthMapping.result(Reading.composite(Map.of()), REDACTOR).status())
        .isEqualTo(HealthStatus.UNKNOWN);
  }

  @Test
  void longDetailsAreCutOnOneLine() {
    HealthResult r = HealthMapping.result(Reading.indicator("UP",
        Map.of("text", "a\nb" + "x".repeat(1000))), REDACTOR);
    assertThat(r.detail()).hasSize(HealthMapping.MAX_DETAIL).endsWith("…").contains("a | b")
        .doesNotContain("\n");
  }

  @Test
  void contributorNamesDropBootsSuffixes() {
    assertThat(ContributorNames.of("dbHealthIndicator")).isEqualTo("db");
    assertThat(ContributorNames.of("diskSpaceHealthContributor")).isEqualTo("diskSpace");
    assertThat(ContributorNames.of("payments")).isEqualTo("payments");
    assertThat(ContributorNames.of("HealthIndicator")).isEqualTo("HealthIndicator");
  }

  @Test
  void includeAndExcludeSelectTheIndicators() {
    Map<String, String> found = new LinkedHashMap<>();
    found.put("db", "dbHealthContributor");
    found.put("diskSpace", "diskSpaceHealthIndicator");
    found.put("ping", "pingHealthContributor");
    found.put("readinessState", "readinessStateHealthIndicator");
    VigilHealthIndicatorsProperties p = new VigilHealthIndicatorsProperties();
    assertThat(IndicatorWatchRegistrar.select(p, found)).containsExactly("db", "diskSpace");
    p.setExclude(List.of("db", "absent"));
    assertThat(IndicatorWatchRegistrar.select(p, found))
        .containsExactly("diskSpace", "ping", "readinessState");
    p.setExclude(List.of("ping"));
    p.setInclude(List.of("diskSpace", " db "));
    assertThat(IndicatorWatchRegistrar.select(p, found)).containsExactly("diskSpace", "db");
    p.setInclude(List.of("db", "dbx"));
    assertThatThrownBy(() -> IndicatorWatchRegistrar.select(p, found))
        .isInstanceOf(InvalidConfigurationPropertyValueException.class)
        .hasMessageContaining("vigil.health.indicators.include[1]")
        .hasMessageContaining("there is no health indicator named 'dbx'; indicators: [db, diskSpace, ping, readinessState]");
  }
}
