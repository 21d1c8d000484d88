package dev.vigil.boot;

import static dev.vigil.boot.VigilAlertsPropertiesTest.failure;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.Classification;
import dev.vigil.Classifier;
import dev.vigil.LogLevel;
import dev.vigil.Severity;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** {@code vigil.classifier.rules} and {@code vigil.store.type}. */
class VigilClassifierPropertiesTest {

  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(VigilAutoConfiguration.class))
      .withPropertyValues("vigil.appender.enabled=false");

  @Test
  void inlineRulesClassifyAfterTheDefaults() {
    runner.withInitializer(YamlProperties.of("""
        vigil:
          classifier:
            rules:
              - id: app.payment-declined
                keywords: [PaymentDeclined, card declined]
                severity: CRITICAL
                category: payments
                whole-word: true
                level-at-least: WARN
              - id: app.quota
                regex: 'quota \\d+% used'
                severity: WARN
                category: quota
                priority: 5
        """)).run(context -> {
          assertThat(context).hasNotFailed();
          Classifier classifier = context.getBean(Classifier.class);
          Classification declined = classifier.classify("Checkout: card declined by bank",
              LogLevel.ERROR, "com.acme.Checkout", "app");
          assertThat(declined.severity()).isEqualTo(Severity.CRITICAL);
          assertThat(declined.category()).isEqualTo("payments");
          // whole-word: "PaymentDeclinedX" is not the word
          assertThat(classifier.classify("PaymentDeclinedX", LogLevel.ERROR, "x", "app")
              .category()).isNotEqualTo("payments");
          // level-at-least WARN: an INFO line does not match
          assertThat(classifier.classify("card declined", LogLevel.INFO, "x", "app")
              .category()).isNotEqualTo("payments");
          assertThat(classifier.classify("quota 93% used", LogLevel.INFO, "x", "app").category())
              .isEqualTo("quota");
          // the default pack still applies
          assertThat(classifier.classify("java.lang.OutOfMemoryError: Java heap space",
              LogLevel.ERROR, "x", "app").severity()).isEqualTo(Severity.CRITICAL);
        });
  }

  @Test
  void withoutTheDefaultsOnlyTheInlineRulesApply() {
    runner.withPropertyValues("vigil.classifier.defaults=false",
        "vigil.classifier.rules[0].id=only",
        "vigil.classifier.rules[0].keyword=boom",
        "vigil.classifier.rules[0].severity=ERROR",
        "vigil.classifier.rules[0].category=test").run(context -> {
          Classifier classifier = context.getBean(Classifier.class);
          assertThat(classifier.classify("boom", LogLevel.INFO, "x", "app").category())
              .isEqualTo("test");
          assertThat(classifier.classify("java.lang.OutOfMemoryError", LogLevel.ERROR, "x", "app")
              .category()).isNotEqualTo("memory");
        });
  }

  @Test
  void badRulesNameTheirProperties() {
    runner.withPropertyValues(
        "vigil.classifier.rules[0].id=ok",
        "vigil.classifier.rules[0].keyword=x",
        "vigil.classifier.rules[0].severity=ERROR",
        "vigil.classifier.rules[0].category=c",
        "vigil.classifier.rules[1].id=bad",
        "vigil.classifier.rules[1].keyword=y",
        "vigil.classifier.rules[1].severity=SEVER",
        "vigil.classifier.rules[1].category=c",
        "vigil.classifier.rules[1].level-at-least=LOUD",
        "vigil.classifier.rules[2].keyword=z",
        "vigil.classifier.rules[2].regex=(a",
        "vigil.classifier.rules[2].severity=ERROR",
        "vigil.classifier.rules[2].category=c").run(context -> {
          InvalidVigilPropertyException e = failure(context);
          assertThat(e.property()).isEqualTo("vigil.classifier.rules[1].severity");
          assertThat(e.reason()).contains("SEVER", "vigil.classifier.rules[1].level-at-least:",
              "vigil.classifier.rules[2].id: is missing").doesNotContain("line");
        });
  }

  @Test
  void anInlineRuleMayNotReuseAnIdOfTheDefaultPack() {
    String defaultId = dev.vigil.classifier.RulePack.defaults().rules().get(0).id();
    runner.withPropertyValues(
        "vigil.classifier.rules[0].id=" + defaultId,
        "vigil.classifier.rules[0].keyword=x",
        "vigil.classifier.rules[0].severity=ERROR",
        "vigil.classifier.rules[0].category=c").run(context -> {
          InvalidVigilPropertyException e = failure(context);
          assertThat(e.property()).isEqualTo("vigil.classifier.rules[0].id");
          assertThat(e.reason()).contains(defaultId, "more than one rule");
        });
  }

  @Test
  void aBadRuleFileNamesItsLocationProperty() {
    runner.withPropertyValues(
        "vigil.classifier.rules-locations[0]=classpath:vigil-test/bad-rules.yaml")
        .run(context -> {
          InvalidVigilPropertyException e = failure(context);
          assertThat(e.property()).isEqualTo("vigil.classifier.rules-locations[0]");
          assertThat(e.reason()).contains("prority", "did you mean 'priority'?");
        });
  }

  @Test
  void theStoreIsInMemoryByDefault() {
    runner.withPropertyValues("vigil.store.type=MEMORY")
        .run(context -> assertThat(context).hasNotFailed());
  }

  @Test
  void anUnknownStoreTypeIsRefused() {
    runner.withPropertyValues("vigil.store.type=mongo").run(context ->
        assertThat(failure(context).getMessage())
            .contains("vigil.store.type", "'mongo'", "is not a store type", "'jdbc'"));
  }
}
