package dev.vigil.boot.internal;

import dev.vigil.alerts.AlertRule;
import dev.vigil.alerts.AlertRules;
import dev.vigil.alerts.InvalidAlertRuleException;
import dev.vigil.alerts.Slo;
import dev.vigil.boot.InvalidVigilPropertyException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the inline {@code vigil.alerts.rules}, {@code slos}, {@code maintenance} and {@code
 * inhibit} properties with the rule file reader of monitor-alerts ({@link AlertRules#parse(Map,
 * String)}), and reports its problems as {@link InvalidVigilPropertyException}s naming the
 * properties. Stateless.
 */
public final class InlineAlerts {

  /** The prefix of the properties. */
  public static final String PREFIX = "vigil.alerts";

  /** The fields whose value is a map of labels or label matchers. */
  static final Set<String> LABEL_MAPS =
      Set.of("where", "labels", "annotations", "matchers", "source", "target");
  /** The fields whose value is a list that may be written as a comma-separated string. */
  static final Set<String> LIST_FIELDS = Set.of("groupBy", "denominator", "equal", "days");

  private static final List<String> SECTIONS = List.of("rules", "slos", "maintenance", "inhibit");

  /**
   * The rules read, with the property that declared each alert rule (an SLO's burn-rate rules
   * are declared by the SLO).
   */
  public record Result(AlertRules rules, Map<String, String> origins) {}

  private InlineAlerts() {}

  /**
   * Reads the sections, or returns {@code null} when all are empty.
   *
   * @throws InvalidVigilPropertyException naming the first property at fault, its reason listing
   *     every problem with its property
   */
  public static Result read(List<Map<String, Object>> rules, List<Map<String, Object>> slos,
      List<Map<String, Object>> maintenance, List<Map<String, Object>> inhibit) {
    List<List<Map<String, Object>>> sections = List.of(nonNull(rules), nonNull(slos),
        nonNull(maintenance), nonNull(inhibit));
    if (sections.stream().allMatch(List::isEmpty)) {
      return null;
    }
    Map<String, Object> document = new LinkedHashMap<>();
    // the reader names an entry by its id, or by its position such as rules[2]
    Map<String, String> entries = new HashMap<>();
    for (int s = 0; s < SECTIONS.size(); s++) {
      String section = SECTIONS.get(s);
      List<Map<String, Object>> items = sections.get(s);
      if (items.isEmpty()) {
        continue;
      }
      List<Object> normalized = new ArrayList<>();
      for (int i = 0; i < items.size(); i++) {
        Object item = PropertyDocuments.normalize(items.get(i), LABEL_MAPS, LIST_FIELDS);
        normalized.add(item);
        String property = PREFIX + "." + section + "[" + i + "]";
        entries.put(section + "[" + i + "]", property);
        if (item instanceof Map<?, ?> m && m.get("id") instanceof String id) {
          entries.putIfAbsent(id, property);
        }
      }
      document.put(section, normalized);
    }
    AlertRules parsed;
    try {
      parsed = AlertRules.parse(document, PREFIX);
    } catch (InvalidAlertRuleException e) {
      throw toPropertyException(e, entries);
    }
    Map<String, String> origins = new LinkedHashMap<>();
    for (AlertRule r : parsed.rules()) {
      origins.put(r.id(), entries.getOrDefault(r.id(), PREFIX + ".rules"));
    }
    for (Slo slo : parsed.slos()) {
      for (AlertRule r : slo.alertRules()) {
        origins.put(r.id(), entries.getOrDefault(slo.id(), PREFIX + ".slos"));
      }
    }
    return new Result(parsed, origins);
  }

  private static InvalidVigilPropertyException toPropertyException(InvalidAlertRuleException e,
      Map<String, String> entries) {
    List<String> lines = new ArrayList<>();
    String first = null;
    String firstReason = null;
    for (InvalidAlertRuleException.Problem p : e.problems()) {
      String entry = entries.getOrDefault(p.ruleId(), PREFIX);
      String property = PropertyDocuments.propertyPath(entry, p.field(), LABEL_MAPS);
      if (first == null) {
        first = property;
        firstReason = p.reason();
      } else {
        lines.add(property + ": " + p.reason());
      }
    }
    String reason = lines.isEmpty() ? firstReason
        : firstReason + "\nand " + lines.size() + " more:\n" + String.join("\n", lines);
    return new InvalidVigilPropertyException(first, null, reason, e);
  }

  private static List<Map<String, Object>> nonNull(List<Map<String, Object>> list) {
    return list == null ? List.of() : list;
  }
}
