package dev.vigil.boot;

import dev.vigil.Monitor;
import dev.vigil.alerts.AlertEngine;
import dev.vigil.alerts.AlertListener;
import dev.vigil.alerts.AlertRule;
import dev.vigil.alerts.AlertRules;
import dev.vigil.alerts.AlertStore;
import dev.vigil.alerts.InhibitRule;
import dev.vigil.alerts.InvalidAlertRuleException;
import dev.vigil.alerts.MaintenanceWindow;
import dev.vigil.alerts.Slo;
import dev.vigil.boot.internal.InlineAlerts;
import dev.vigil.boot.internal.RuleFiles;
import dev.vigil.cluster.Leadership;
import dev.vigil.health.HealthAlerts;
import dev.vigil.health.HealthMonitor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.io.ResourceLoader;

/**
 * The alert engine: the rules of {@code vigil.alerts.rules-locations}, the inline {@code
 * vigil.alerts.rules}, {@code slos}, {@code maintenance} and {@code inhibit}, and the application's
 * {@link AlertRule}, {@link Slo}, {@link MaintenanceWindow} and {@link InhibitRule} beans,
 * publishing to every {@link AlertListener} bean (the notifier is one).
 */
@AutoConfiguration(after = {VigilAutoConfiguration.class, VigilHealthAutoConfiguration.class})
@ConditionalOnBean(Monitor.class)
@ConditionalOnBooleanProperty(name = "vigil.alerts.enabled", matchIfMissing = true)
@EnableConfigurationProperties(VigilAlertsProperties.class)
public class VigilAlertsAutoConfiguration {

  @Bean(destroyMethod = "close")
  @ConditionalOnMissingBean
  AlertEngine vigilAlertEngine(Monitor monitor, VigilAlertsProperties properties,
      ResourceLoader resources, ObjectProvider<AlertStore> store,
      ObjectProvider<AlertRule> rules, ObjectProvider<Slo> slos,
      ObjectProvider<MaintenanceWindow> maintenance, ObjectProvider<InhibitRule> inhibit,
      ObjectProvider<AlertListener> listeners, ObjectProvider<HealthMonitor> health,
      ObjectProvider<Leadership> leadership) {
    AlertEngine.Builder builder = AlertEngine.builder().monitor(monitor);
    store.ifAvailable(builder::store);
    leadership.ifAvailable(builder::leadership);
    Map<String, String> ids = new LinkedHashMap<>();
    List<String> locations = properties.getRulesLocations();
    for (int i = 0; i < locations.size(); i++) {
      String property = "vigil.alerts.rules-locations[" + i + "]";
      AlertRules file = parse(RuleFiles.read(resources, locations.get(i), property), property);
      add(builder, ids, file.allRules(), property);
      builder.maintenance(file.maintenanceWindows()).inhibit(file.inhibitRules());
    }
    InlineAlerts.Result inline = InlineAlerts.read(properties.getRules(), properties.getSlos(),
        properties.getMaintenance(), properties.getInhibit());
    if (inline != null) {
      for (AlertRule rule : inline.rules().allRules()) {
        add(builder, ids, List.of(rule), inline.origins().get(rule.id()));
      }
      builder.maintenance(inline.rules().maintenanceWindows())
          .inhibit(inline.rules().inhibitRules());
    }
    add(builder, ids, rules.orderedStream().toList(), "AlertRule beans");
    slos.orderedStream().forEach(slo -> add(builder, ids, slo.alertRules(), "Slo bean " + slo.id()));
    if (properties.isHealthCheckDown() && health.getIfAvailable() != null
        && !ids.containsKey(HealthAlerts.down().id())) {
      add(builder, ids, List.of(HealthAlerts.down(), HealthAlerts.escalated()), "vigil.alerts.health-check-down");
    }
    builder.maintenance(maintenance.orderedStream().toList());
    builder.inhibit(inhibit.orderedStream().toList());
    listeners.orderedStream().forEach(builder::listener);
    return builder.build().start();
  }

  private static AlertRules parse(RuleFiles.Content file, String property) {
    try {
      return AlertRules.parse(file.text(), file.name(), file.yaml());
    } catch (InvalidAlertRuleException e) {
      throw new InvalidVigilPropertyException(property, file.name(), e.getMessage(), e);
    }
  }

  private static void add(AlertEngine.Builder builder, Map<String, String> ids,
      List<AlertRule> rules, String origin) {
    for (AlertRule rule : rules) {
      String first = ids.putIfAbsent(rule.id(), origin);
      if (first != null) {
        String property = origin.startsWith("vigil.") ? origin
            : first.startsWith("vigil.") ? first : "vigil.alerts";
        throw new InvalidVigilPropertyException(property, rule.id(), "declares the alert rule '"
            + rule.id() + "' a second time (" + first + ", then " + origin
            + "); rule ids must be unique");
      }
      builder.rule(rule);
    }
  }
}
