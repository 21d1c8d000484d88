package dev.vigil.boot.testapp;

import dev.vigil.Severity;
import dev.vigil.alerts.AlertRule;
import dev.vigil.alerts.Condition;
import java.time.Duration;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * The smallest application: Spring MVC, Actuator and the starter. No component scan (and a package of
 * its own): the starter's management-context configurations must come only through Actuator's
 * imports, as in an application (on the management port when there is one).
 */
@SpringBootConfiguration
@EnableAutoConfiguration
public class TestApplication {

  /** One alert on any CRITICAL event of the application's own, raised at once. */
  @Bean
  AlertRule criticalEvent() {
    return AlertRule.builder("critical-event")
        .condition(Condition.events(Severity.CRITICAL).source("web-test").over(Duration.ofMinutes(5)).atLeast(1))
        .evaluateOnEvent(true)
        .severity(Severity.CRITICAL)
        .build();
  }
}
