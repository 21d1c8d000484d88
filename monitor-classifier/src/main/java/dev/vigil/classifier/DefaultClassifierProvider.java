package dev.vigil.classifier;

import dev.vigil.Classifier;
import dev.vigil.ClassifierProvider;

/**
 * Registers the {@linkplain RulePack#defaults() default rule pack} with
 * {@link java.util.ServiceLoader}, so that a {@link dev.vigil.Monitor} built without a
 * classifier uses it whenever {@code monitor-classifier} is on the classpath.
 */
public final class DefaultClassifierProvider implements ClassifierProvider {

  /** Called by {@link java.util.ServiceLoader}. */
  public DefaultClassifierProvider() {}

  @Override
  public Classifier classifier() {
    return RuleClassifier.withDefaults();
  }
}
