package dev.vigil.boot.health.bridge.internal;

import java.util.Locale;

/** The names Spring Boot gives health contributors. Stateless. */
public final class ContributorNames {

  /** The bean name of Vigil's own contributor, shown as {@code vigil} in /actuator/health. */
  public static final String VIGIL_CONTRIBUTOR_BEAN = "vigilHealthContributor";

  private static final String[] SUFFIXES = {"healthindicator", "healthcontributor"};

  private ContributorNames() {}

  /**
   * Returns the name /actuator/health shows for the contributor bean {@code beanName}: the bean
   * name without a {@code HealthIndicator} or {@code HealthContributor} suffix, as Spring Boot
   * 3.5 and 4 derive it.
   */
  public static String of(String beanName) {
    String lower = beanName.toLowerCase(Locale.ROOT);
    for (String suffix : SUFFIXES) {
      if (lower.endsWith(suffix) && lower.length() > suffix.length()) {
        return beanName.substring(0, beanName.length() - suffix.length());
      }
    }
    return beanName;
  }
}
