package dev.vigil.boot.health.bridge.internal;

import static java.util.Objects.requireNonNull;

import dev.vigil.boot.health.bridge.VigilHealthIndicatorsProperties;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.env.Environment;

/**
 * Registers one {@link WatchedIndicatorCheck} bean (a Vigil {@code HealthCheck}) for each health
 * contributor bean of the application that {@code vigil.health.indicators.*} selects, before any
 * bean is created, so that the health monitor finds them among the {@code HealthCheck} beans.
 * Vigil's own contributor is never watched. Runs once, on the thread that starts the application.
 */
public final class IndicatorWatchRegistrar implements BeanFactoryPostProcessor, EnvironmentAware {

  /** The prefix of the properties. */
  public static final String PREFIX = "vigil.health.indicators";

  /** The prefix of the names of the registered check beans. */
  public static final String BEAN_PREFIX = "vigilWatchedIndicator.";

  private final Class<?> contributorType;
  private final Function<Object, Reading> reader;
  private Environment environment;

  /**
   * @param contributorType the blocking contributor type of the application's Spring Boot line
   * @param reader reads a contributor of that type
   */
  public IndicatorWatchRegistrar(Class<?> contributorType, Function<Object, Reading> reader) {
    this.contributorType = requireNonNull(contributorType, "contributorType");
    this.reader = requireNonNull(reader, "reader");
  }

  @Override
  public void setEnvironment(Environment environment) {
    this.environment = environment;
  }

  @Override
  public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
    VigilHealthIndicatorsProperties properties = Binder.get(environment)
        .bindOrCreate(PREFIX, VigilHealthIndicatorsProperties.class);
    if (!properties.isWatch() || !(beanFactory instanceof BeanDefinitionRegistry registry)) {
      return;
    }
    Map<String, String> found = new LinkedHashMap<>(); // contributor name -> bean name
    Set<String> own = Set.of(beanFactory.getBeanNamesForType(VigilContributor.class, true, false));
    for (String bean : beanFactory.getBeanNamesForType(contributorType, true, false)) {
      String name = ContributorNames.of(bean);
      if (!own.contains(bean) && !bean.equals(ContributorNames.VIGIL_CONTRIBUTOR_BEAN)
          && !bean.startsWith(BEAN_PREFIX)) {
        found.putIfAbsent(name, bean);
      }
    }
    for (String name : select(properties, found)) {
      String check = properties.getNamePrefix() == null ? name : properties.getNamePrefix() + name;
      String bean = found.get(name);
      RootBeanDefinition definition = new RootBeanDefinition(WatchedIndicatorCheck.class,
          () -> new WatchedIndicatorCheck(check, bean, beanFactory, reader));
      definition.setRole(BeanDefinition.ROLE_INFRASTRUCTURE);
      registry.registerBeanDefinition(BEAN_PREFIX + name, definition);
    }
  }

  /** Returns the names to watch, in order. */
  static List<String> select(VigilHealthIndicatorsProperties properties, Map<String, String> found) {
    List<String> include = properties.getInclude();
    List<String> names = new ArrayList<>();
    if (include.isEmpty()) {
      names.addAll(found.keySet());
    } else {
      for (int i = 0; i < include.size(); i++) {
        String name = include.get(i) == null ? "" : include.get(i).strip();
        if (!found.containsKey(name)) {
          throw new InvalidConfigurationPropertyValueException(PREFIX + ".include[" + i + "]",
              include.get(i), "there is no health indicator named '" + name + "'; indicators: "
              + found.keySet());
        }
        if (!names.contains(name)) {
          names.add(name);
        }
      }
    }
    names.removeAll(properties.getExclude().stream().filter(java.util.Objects::nonNull)
        .map(String::strip).toList());
    return names;
  }

  @Override
  public String toString() {
    return "IndicatorWatchRegistrar{" + contributorType.getName() + "}";
  }
}
