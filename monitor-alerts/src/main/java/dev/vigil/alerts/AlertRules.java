package dev.vigil.alerts;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The alert rules, SLOs, maintenance windows and inhibit rules of a JSON or YAML rule file: the
 * same {@link AlertRule}s, {@link Slo}s, {@link MaintenanceWindow}s and {@link InhibitRule}s the
 * builders make, read from a file whose format the module's README describes ("Rule files").
 *
 * <pre>{@code
 * AlertRules file = AlertRules.load(Path.of("alerts.yaml"));
 * AlertEngine engine = AlertEngine.builder().monitor(monitor)
 *     .rules(file.allRules())   // or rule(r) for each
 *     .maintenance(file.maintenanceWindows())
 *     .inhibit(file.inhibitRules())
 *     .build();
 * }</pre>
 *
 * <p>Loading needs Jackson 3 on the class path ({@code tools.jackson.core:jackson-databind}, and for
 * YAML {@code tools.jackson.dataformat:jackson-dataformat-yaml}), an optional dependency of this
 * module. Files are limited to 1 MiB, 10,000 rules, SLOs, maintenance windows and inhibit
 * rules together and 12 levels of nesting; YAML aliases are rejected and YAML tags never construct objects.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class AlertRules {

  private final String origin;
  private final List<AlertRule> rules;
  private final List<Slo> slos;
  private final List<MaintenanceWindow> maintenanceWindows;
  private final List<InhibitRule> inhibitRules;

  AlertRules(String origin, List<AlertRule> rules, List<Slo> slos,
      List<MaintenanceWindow> maintenanceWindows, List<InhibitRule> inhibitRules) {
    this.origin = origin;
    this.rules = List.copyOf(rules);
    this.slos = List.copyOf(slos);
    this.maintenanceWindows = List.copyOf(maintenanceWindows);
    this.inhibitRules = List.copyOf(inhibitRules);
  }

  /**
   * Loads a rule file, whose format the file name's extension tells: {@code .json}, or {@code
   * .yaml} or {@code .yml} (in any case).
   *
   * @param file the rule file
   * @return its rules, SLOs, maintenance windows and inhibit rules, in file order
   * @throws IOException if the file cannot be read
   * @throws InvalidAlertRuleException listing every problem of the file, each naming the rule (its
   *     id, or its position such as {@code rules[2]}), the field path, the reason and the line and
   *     column; {@link InvalidAlertRuleException#origin()} is the file's name
   * @throws IllegalArgumentException if the file name has none of the extensions above
   * @throws IllegalStateException if Jackson (or, for YAML, its YAML module) is not on the class
   *     path; the message names the artifact to add
   */
  public static AlertRules load(Path file) throws IOException {
    requireNonNull(file, "file");
    return RuleFileReader.load(file);
  }

  /**
   * Parses the text of a rule file; see {@link #load(Path)}.
   *
   * @param content the text, JSON or YAML
   * @param name what the text is, such as a file name, for messages
   * @param yaml {@code true} if {@code content} is YAML, {@code false} if it is JSON
   * @throws InvalidAlertRuleException listing every problem of the text
   * @throws IllegalStateException if Jackson is not on the class path
   */
  public static AlertRules parse(String content, String name, boolean yaml) {
    requireNonNull(content, "content");
    requireNonNull(name, "name");
    return RuleFileReader.parse(content, name, yaml);
  }

  /**
   * Reads rules from a document already in memory, in the structure of a rule file: maps with
   * string keys for objects, lists (or arrays) for arrays, and strings, numbers, booleans and
   * {@code null} for scalars; such as what Spring Boot binds from application properties. Since
   * property sources give every scalar as a string, a string is also accepted where the format
   * expects a number ({@code "0.05"}, {@code "10"}) or a boolean ({@code "true"}). The checks and
   * messages are those of {@link #parse(String, String, boolean)}, without line and column. Needs
   * no Jackson.
   *
   * @param document the document's root object, with {@code rules}, {@code slos}, {@code
   *     maintenance} and/or {@code inhibit}
   * @param origin what the document is, for messages, such as {@code vigil.alerts}
   * @throws InvalidAlertRuleException listing every problem of the document
   */
  public static AlertRules parse(Map<String, ?> document, String origin) {
    requireNonNull(document, "document");
    requireNonNull(origin, "origin");
    return RuleFileReader.parse(document, origin);
  }

  /** Returns where the rules were read from, such as the file's name. */
  public String origin() {
    return origin;
  }

  /** Returns the rules of the file's {@code rules} section, in file order; unmodifiable. */
  public List<AlertRule> rules() {
    return rules;
  }

  /** Returns the SLOs of the file's {@code slos} section, in file order; unmodifiable. */
  public List<Slo> slos() {
    return slos;
  }

  /**
   * Returns the maintenance windows of the file's {@code maintenance} section, in file order;
   * unmodifiable.
   */
  public List<MaintenanceWindow> maintenanceWindows() {
    return maintenanceWindows;
  }

  /**
   * Returns the inhibit rules of the file's {@code inhibit} section, in file order, for {@link
   * AlertEngine.Builder#inhibit(Iterable)}; unmodifiable.
   */
  public List<InhibitRule> inhibitRules() {
    return inhibitRules;
  }

  /**
   * Returns the rules followed by each SLO's {@linkplain Slo#alertRules() burn-rate rules}: all
   * an engine needs; unmodifiable.
   */
  public List<AlertRule> allRules() {
    List<AlertRule> all = new ArrayList<>(rules);
    for (Slo slo : slos) {
      all.addAll(slo.alertRules());
    }
    return List.copyOf(all);
  }

  @Override
  public String toString() {
    return "AlertRules[" + origin + ", " + rules.size() + " rules, " + slos.size() + " SLOs, "
        + maintenanceWindows.size() + " maintenance windows, " + inhibitRules.size()
        + " inhibit rules]";
  }
}
