package dev.vigil.boot.internal;

import dev.vigil.boot.InvalidVigilPropertyException;
import dev.vigil.boot.VigilProperties.ClassifierRule;
import dev.vigil.classifier.InvalidRulesException;
import dev.vigil.classifier.Rule;
import dev.vigil.classifier.RulePack;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads the {@code vigil.classifier.rules} properties with the rule pack reader of
 * monitor-classifier ({@link RulePack#parse}), one rule at a time, so that each problem names its
 * property, such as {@code vigil.classifier.rules[2].level-at-least}. Stateless.
 */
public final class InlineClassifierRules {

  /** The prefix of the properties. */
  public static final String PREFIX = "vigil.classifier.rules";

  private static final JsonMapper JSON = JsonMapper.builder().build();
  /** The place the reader appends to a reason; meaningless for a document made here. */
  private static final Pattern PLACE = Pattern.compile(" at line \\d+, column \\d+");

  private InlineClassifierRules() {}

  /**
   * Returns the pack of the rules, in order; empty without rules.
   *
   * @throws InvalidVigilPropertyException naming the first property at fault, its reason listing
   *     every problem with its property
   */
  public static RulePack read(List<ClassifierRule> rules) {
    List<Rule> out = new ArrayList<>();
    List<String[]> problems = new ArrayList<>();
    for (int i = 0; rules != null && i < rules.size(); i++) {
      String entry = PREFIX + "[" + i + "]";
      String json = JSON.writeValueAsString(Map.of("rules", List.of(fields(rules.get(i)))));
      try {
        out.addAll(RulePack.parse(json, entry, false).rules());
      } catch (InvalidRulesException e) {
        for (InvalidRulesException.Problem p : e.problems()) {
          problems.add(new String[] {PropertyDocuments.propertyPath(entry, p.field(), Set.of()),
              PLACE.matcher(p.reason()).replaceAll("")});
        }
      }
    }
    if (!problems.isEmpty()) {
      throw report(problems);
    }
    return RulePack.of(PREFIX, out);
  }

  /**
   * Returns the exception of a classifier that cannot be built from these rules (two rules with
   * one id), naming the inline rule's property when one of them is inline.
   */
  public static InvalidVigilPropertyException duplicate(InvalidRulesException e,
      List<ClassifierRule> rules) {
    List<String[]> problems = new ArrayList<>();
    for (InvalidRulesException.Problem p : e.problems()) {
      String property = "vigil.classifier";
      for (int i = rules == null ? -1 : rules.size() - 1; i >= 0; i--) {
        if (p.ruleId().equals(rules.get(i).getId())) {
          property = PREFIX + "[" + i + "].id";
          break;
        }
      }
      problems.add(new String[] {property, "'" + p.ruleId() + "' " + p.reason()
          + " (the default pack, the rule files and vigil.classifier.rules together)"});
    }
    return report(problems);
  }

  private static InvalidVigilPropertyException report(List<String[]> problems) {
    StringBuilder reason = new StringBuilder(problems.get(0)[1]);
    if (problems.size() > 1) {
      reason.append("\nand ").append(problems.size() - 1).append(" more:");
      for (String[] p : problems.subList(1, problems.size())) {
        reason.append('\n').append(p[0]).append(": ").append(p[1]);
      }
    }
    return new InvalidVigilPropertyException(problems.get(0)[0], null, reason.toString());
  }

  private static Map<String, Object> fields(ClassifierRule r) {
    Map<String, Object> m = new LinkedHashMap<>();
    put(m, "id", r.getId());
    put(m, "keywords", r.getKeywords());
    put(m, "keyword", r.getKeyword());
    put(m, "regex", r.getRegex());
    put(m, "factors", r.getFactors());
    put(m, "severity", r.getSeverity());
    put(m, "category", r.getCategory());
    put(m, "priority", r.getPriority());
    put(m, "caseSensitive", r.getCaseSensitive());
    put(m, "wholeWord", r.getWholeWord());
    put(m, "levelAtLeast", r.getLevelAtLeast());
    put(m, "levelAtMost", r.getLevelAtMost());
    put(m, "loggerPrefix", r.getLoggerPrefix());
    put(m, "source", r.getSource());
    put(m, "description", r.getDescription());
    return m;
  }

  private static void put(Map<String, Object> m, String name, Object value) {
    if (value != null) {
      m.put(name, value);
    }
  }
}
