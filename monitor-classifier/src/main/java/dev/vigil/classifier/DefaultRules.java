package dev.vigil.classifier;

import static dev.vigil.Severity.CRITICAL;
import static dev.vigil.Severity.ERROR;
import static dev.vigil.Severity.WARN;

import java.util.List;

/** Vigil's default rule pack. Keep the table in the module README in step with it. */
final class DefaultRules {

  static final RulePack PACK = RulePack.of("vigil-default", List.of(
      Rule.keywords("system.fatal", "FATAL", "unhandledException").wholeWord(true)
          .classify(CRITICAL, "system").build(),
      Rule.keywords("api.timeout", "ETIMEDOUT").classify(ERROR, "api").build(),
      Rule.keywords("database.slow-query", "slow query").classify(WARN, "database").build()));

  private DefaultRules() {}
}
