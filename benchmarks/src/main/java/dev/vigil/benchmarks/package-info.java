/**
 * JMH benchmarks of Vigil's log classifier against peer multi-pattern matchers, on the LogHub
 * corpus.
 *
 * <p>Every engine implements {@link dev.vigil.benchmarks.LineClassifier} and does the same job as
 * {@link dev.vigil.benchmarks.ReferenceClassifier}: the same winner (highest severity, then highest
 * priority, then earliest declared rule), the same case folding, the same word boundaries, the same
 * 4,096-character scan window. Nothing here is published; the module is never installed.
 */
package dev.vigil.benchmarks;
