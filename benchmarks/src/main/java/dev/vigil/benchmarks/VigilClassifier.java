package dev.vigil.benchmarks;

import dev.vigil.Classification;
import dev.vigil.classifier.Rule;
import dev.vigil.classifier.RuleClassifier;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Vigil's {@link RuleClassifier}, built from the rule specs with
 * {@code maxScanLength(}{@value Text#MAX_SCAN_LENGTH}{@code )}. The benchmark calls
 * {@link #classification(String)}, Vigil's own API; {@link #classify(String)} maps the rule id back
 * to its index for the correctness checks. Thread-safe: the classifier is, and the map is only
 * read after construction.
 */
public final class VigilClassifier implements LineClassifier {

  private final RuleClassifier classifier;
  private final Map<String, Integer> indexOfId = new HashMap<>();

  /** Builds a Vigil classifier for {@code table}. */
  public VigilClassifier(RuleTable table) {
    RuleClassifier.Builder builder = RuleClassifier.builder().maxScanLength(Text.MAX_SCAN_LENGTH);
    List<RuleSpec> rules = table.rules();
    for (int i = 0; i < rules.size(); i++) {
      RuleSpec r = rules.get(i);
      builder.add(Rule.keywords(r.id(), r.keywords().toArray(new String[0]))
          .severity(r.severity())
          .category(r.category())
          .priority(r.priority())
          .wholeWord(r.wholeWord())
          .caseSensitive(!r.caseInsensitive())
          .build());
      indexOfId.put(r.id(), i);
    }
    this.classifier = builder.build();
  }

  /** Returns Vigil's verdict on {@code line}. */
  public Classification classification(String line) {
    return classifier.classify(line);
  }

  @Override
  public int classify(String line) {
    Classification c = classifier.classify(line);
    if (!c.matched()) {
      return -1;
    }
    Integer index = indexOfId.get(c.ruleId());
    if (index == null) {
      throw new IllegalStateException("Vigil returned unknown rule id " + c.ruleId());
    }
    return index;
  }
}
