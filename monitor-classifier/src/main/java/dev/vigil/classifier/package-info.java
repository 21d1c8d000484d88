/**
 * Rule-based log classification.
 *
 * <p>{@link dev.vigil.classifier.Rule}s (keywords or a regular expression, plus conditions on the
 * event) are gathered in {@link dev.vigil.classifier.RulePack}s — {@link
 * dev.vigil.classifier.RulePack#defaults() the default pack}, packs built in code, or packs loaded
 * from JSON or YAML files — and compiled once into a {@link dev.vigil.classifier.RuleClassifier},
 * an immutable, thread-safe, allocation-free {@link dev.vigil.Classifier}.
 *
 * <p>Parameters and return values are non-null unless documented otherwise. The {@code internal}
 * packages are not API.
 */
package dev.vigil.classifier;
