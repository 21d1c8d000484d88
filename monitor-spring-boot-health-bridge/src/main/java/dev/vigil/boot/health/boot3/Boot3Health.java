package dev.vigil.boot.health.boot3;

import dev.vigil.Redactor;
import dev.vigil.boot.health.bridge.internal.HealthMapping;
import dev.vigil.boot.health.bridge.internal.Reading;
import dev.vigil.boot.health.bridge.internal.VigilContributor;
import dev.vigil.health.CheckStatus;
import dev.vigil.health.HealthMonitor;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.actuate.health.CompositeHealthContributor;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthContributor;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.NamedContributor;

/** The Spring Boot 3.5 types of the bridge. */
final class Boot3Health {

  private Boot3Health() {}

  /**
   * Reads a contributor: an indicator's health, or each component of a composite (an indicator
   * that throws reads DOWN with the exception as {@code error}). Other contributors read UNKNOWN.
   */
  static Reading read(Object contributor) {
    if (contributor instanceof HealthIndicator indicator) {
      try {
        Health health = indicator.health();
        return health == null ? Reading.indicator("UNKNOWN", Map.of())
            : Reading.indicator(health.getStatus().getCode(), health.getDetails());
      } catch (RuntimeException failed) {
        return Reading.indicator("DOWN", Map.of("error", failed.getClass().getName()
            + (failed.getMessage() == null ? "" : ": " + failed.getMessage())));
      }
    }
    if (contributor instanceof CompositeHealthContributor composite) {
      Map<String, Reading> components = new LinkedHashMap<>();
      for (NamedContributor<HealthContributor> c : composite) {
        if (!(c.getContributor() instanceof VigilContributor)) {
          components.put(c.getName(), read(c.getContributor()));
        }
      }
      return Reading.composite(components);
    }
    return Reading.indicator("UNKNOWN", Map.of("reason", "not a blocking health contributor"));
  }

  /**
   * Vigil's checks as a composite contributor, one indicator per check, read from the health
   * monitor at each request (it never runs a check). Thread-safe.
   */
  static final class VigilHealthContributor implements CompositeHealthContributor,
      VigilContributor {

    private final HealthMonitor health;
    private final String degraded;
    private final Redactor redactor;

    VigilHealthContributor(HealthMonitor health, String degraded, Redactor redactor) {
      this.health = health;
      this.degraded = degraded;
      this.redactor = redactor;
    }

    @Override
    public HealthContributor getContributor(String name) {
      for (CheckStatus s : health.statuses()) {
        if (s.check().equals(name)) {
          return indicator(name);
        }
      }
      return null;
    }

    @Override
    public Iterator<NamedContributor<HealthContributor>> iterator() {
      return health.statuses().stream()
          .map(s -> NamedContributor.<HealthContributor>of(s.check(), indicator(s.check())))
          .iterator();
    }

    private HealthIndicator indicator(String check) {
      return () -> {
        CheckStatus s = health.status(check);
        return Health.status(HealthMapping.actuatorCode(s.status(), degraded))
            .withDetails(HealthMapping.details(s, redactor)).build();
      };
    }
  }
}
