package dev.vigil.boot.health.bridge.internal;

import static java.util.Objects.requireNonNull;

import dev.vigil.Redactor;
import dev.vigil.health.HealthCheck;
import dev.vigil.health.HealthResult;
import java.util.function.Function;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;

/**
 * A Vigil health check that asks a Spring Boot health contributor bean: an indicator's {@code
 * health()}, or each indicator of a composite. The bean is looked up once every singleton of the
 * application exists (on the thread that starts the application); until then a run finds UNKNOWN,
 * which changes no status. The {@code HealthMonitor} runs {@link #check()} on its own threads.
 */
public final class WatchedIndicatorCheck implements HealthCheck, SmartInitializingSingleton {

  private final String name;
  private final String beanName;
  private final BeanFactory beans;
  private final Function<Object, Reading> reader;
  private volatile Object contributor;
  private volatile Redactor redactor = Redactor.defaults();

  /**
   * @param name the check's name in Vigil
   * @param beanName the contributor's bean name
   * @param reader reads a contributor of the application's Spring Boot line
   */
  public WatchedIndicatorCheck(String name, String beanName, BeanFactory beans,
      Function<Object, Reading> reader) {
    this.name = requireNonNull(name, "name");
    this.beanName = requireNonNull(beanName, "beanName");
    this.beans = requireNonNull(beans, "beans");
    this.reader = requireNonNull(reader, "reader");
  }

  @Override
  public String name() {
    return name;
  }

  /** Returns the bean name of the watched contributor. */
  public String beanName() {
    return beanName;
  }

  @Override
  public void afterSingletonsInstantiated() {
    redactor = beans.getBeanProvider(Redactor.class).getIfAvailable(Redactor::defaults);
    contributor = beans.getBean(beanName);
  }

  @Override
  public HealthResult check() {
    Object c = contributor;
    if (c == null) {
      return HealthResult.unknown("the application has not started yet");
    }
    return HealthMapping.result(reader.apply(c), redactor);
  }

  @Override
  public String toString() {
    return "WatchedIndicatorCheck{" + name + " <- bean " + beanName + "}";
  }
}
