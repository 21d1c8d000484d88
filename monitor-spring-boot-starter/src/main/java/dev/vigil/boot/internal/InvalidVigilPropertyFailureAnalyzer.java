package dev.vigil.boot.internal;

import dev.vigil.boot.InvalidVigilPropertyException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Explains a startup stopped by an invalid {@code vigil.*} property. */
public final class InvalidVigilPropertyFailureAnalyzer
    extends AbstractFailureAnalyzer<InvalidVigilPropertyException> {

  @Override
  protected FailureAnalysis analyze(Throwable rootFailure, InvalidVigilPropertyException cause) {
    StringBuilder description = new StringBuilder()
        .append("Vigil could not start: an invalid property.\n\n")
        .append("    Property: ").append(cause.property()).append('\n');
    if (cause.value() != null) {
      description.append("    Value: ").append(cause.value()).append('\n');
    }
    description.append("    Reason: ").append(cause.reason().replace("\n", "\n        "));
    return new FailureAnalysis(description.toString(),
        "Update '" + cause.property() + "' in your application's configuration.", cause);
  }
}
