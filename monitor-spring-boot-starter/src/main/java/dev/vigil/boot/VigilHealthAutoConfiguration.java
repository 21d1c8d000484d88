package dev.vigil.boot;

import dev.vigil.Monitor;
import dev.vigil.boot.VigilHealthProperties.CheckProperties;
import dev.vigil.boot.internal.Settings;
import dev.vigil.boot.internal.StartWhenRunning;
import dev.vigil.cluster.Leadership;
import dev.vigil.health.HealthCheck;
import dev.vigil.health.HealthListener;
import dev.vigil.health.HealthLogStore;
import dev.vigil.health.HealthMonitor;
import dev.vigil.health.MaintenanceListener;
import dev.vigil.health.MaintenanceQueue;
import dev.vigil.health.MaintenanceScheduler;
import dev.vigil.health.MaintenanceTask;
import dev.vigil.health.Recoverer;
import dev.vigil.health.RecoveryPolicy;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import javax.sql.DataSource;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.NoSuchBeanDefinitionException;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.AnyNestedCondition;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.ConfigurationCondition;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Runs the application's {@link HealthCheck} beans and the checks of {@code vigil.health.checks}
 * on their schedules, with the recovery policies of {@code vigil.health.checks.<name>.recovery}
 * or the application's {@link Recoverer} bean; and the maintenance tasks of {@code
 * vigil.health.maintenance} and the application's {@link MaintenanceTask} beans on a {@link
 * MaintenanceScheduler}.
 */
@AutoConfiguration(after = VigilAutoConfiguration.class)
@ConditionalOnBean(Monitor.class)
@ConditionalOnBooleanProperty(name = "vigil.health.enabled", matchIfMissing = true)
@EnableConfigurationProperties(VigilHealthProperties.class)
public class VigilHealthAutoConfiguration {

  @Bean(destroyMethod = "close")
  @ConditionalOnMissingBean
  HealthMonitor vigilHealthMonitor(Monitor monitor, VigilHealthProperties properties,
      ObjectProvider<HealthCheck> checks, ObjectProvider<Recoverer> recoverer,
      ObjectProvider<HealthLogStore> store, ObjectProvider<HealthListener> listeners,
      ObjectProvider<DataSource> dataSource, ObjectProvider<Leadership> leadership,
      BeanFactory beans) {
    int maxConcurrency = Settings.positive("vigil.health.max-concurrency",
        properties.getMaxConcurrency());
    if (maxConcurrency > 64) {
      throw new InvalidVigilPropertyException("vigil.health.max-concurrency", maxConcurrency,
          "must be at most 64");
    }
    HealthMonitor.Builder builder = HealthMonitor.builder()
        .monitor(monitor)
        .retention(Settings.positive("vigil.health.retention", properties.getRetention()))
        .maxConcurrency(maxConcurrency);
    store.ifAvailable(builder::store);
    leadership.ifAvailable(builder::leadership);
    listeners.orderedStream().forEach(builder::listener);
    Set<String> names = new LinkedHashSet<>();
    checks.orderedStream().forEach(check -> {
      names.add(check.name());
      builder.check(check);
    });
    Function<String, DataSource> dataSources = name -> {
      if (name == null) {
        return dataSource.getIfUnique();
      }
      try {
        return beans.getBean(name, DataSource.class);
      } catch (NoSuchBeanDefinitionException e) {
        return null;
      }
    };
    Map<String, RecoveryPolicy> policies = new LinkedHashMap<>();
    for (Map.Entry<String, CheckProperties> e : properties.getChecks().entrySet()) {
      String name = e.getKey();
      if (!names.add(name)) {
        throw new InvalidVigilPropertyException("vigil.health.checks." + name, null,
            "a HealthCheck bean of the application has the same name");
      }
      HealthCheck check = PropertyChecks.check(name, e.getValue(), dataSources);
      builder.check(check, PropertyChecks.options(name, e.getValue()));
      RecoveryPolicy policy = PropertyChecks.recovery(name, e.getValue().getRecovery());
      if (policy != null) {
        policies.put(name, policy);
      }
    }
    Recoverer own = recoverer.getIfAvailable();
    if (own != null && !policies.isEmpty()) {
      throw new InvalidVigilPropertyException("vigil.health.checks."
          + policies.keySet().iterator().next() + ".recovery", null,
          "the application defines its own Recoverer bean: give it the policies, or remove it");
    }
    if (own != null) {
      builder.recoverer(own);
    } else if (!policies.isEmpty()) {
      Recoverer.Builder r = Recoverer.builder();
      policies.forEach(r::policy);
      builder.recoverer(r.build());
    }
    try {
      return builder.build(); // started by vigilHealthMonitorStart
    } catch (IllegalArgumentException e) {
      throw new InvalidVigilPropertyException("vigil.health", null, e.getMessage(), e);
    }
  }

  /**
   * The maintenance tasks of {@code vigil.health.maintenance} and the application's {@link
   * MaintenanceTask} beans, started; only when there is at least one.
   */
  @Bean(destroyMethod = "close")
  @ConditionalOnMissingBean
  @Conditional(MaintenanceTasksCondition.class)
  MaintenanceScheduler vigilMaintenanceScheduler(Monitor monitor,
      VigilHealthProperties properties, ObjectProvider<MaintenanceTask> tasks,
      ObjectProvider<MaintenanceQueue> queue, ObjectProvider<MaintenanceListener> listeners,
      ObjectProvider<Leadership> leadership) {
    // the scheduler's name goes into a thread name: no spaces (an application's name may have)
    MaintenanceScheduler.Builder builder = MaintenanceScheduler.builder(
        monitor.name().strip().replaceAll("\\s+", "-")).clock(monitor.clock());
    queue.ifAvailable(builder::queue);
    leadership.ifAvailable(builder::leadership);
    listeners.orderedStream().forEach(builder::listener);
    Set<String> names = new LinkedHashSet<>();
    tasks.orderedStream().forEach(task -> {
      names.add(task.name());
      builder.task(task);
    });
    properties.getMaintenance().forEach((name, m) -> {
      if (!names.add(name)) {
        throw new InvalidVigilPropertyException("vigil.health.maintenance." + name, null,
            "a MaintenanceTask bean of the application has the same name");
      }
      builder.task(PropertyChecks.maintenance(name, m));
    });
    MaintenanceScheduler scheduler;
    try {
      scheduler = builder.build();
    } catch (IllegalArgumentException e) {
      throw new InvalidVigilPropertyException("vigil.health.maintenance", null, e.getMessage(),
          e);
    }
    return scheduler; // started by vigilMaintenanceSchedulerStart
  }

  /** Starts the checks once the application runs: a check of its own URLs must find it up. */
  @Bean
  @ConditionalOnBean(HealthMonitor.class)
  StartWhenRunning vigilHealthMonitorStart(HealthMonitor health) {
    return new StartWhenRunning(health::start);
  }

  /** Starts the maintenance tasks once the application runs. */
  @Bean
  @ConditionalOnBean(MaintenanceScheduler.class)
  StartWhenRunning vigilMaintenanceSchedulerStart(MaintenanceScheduler scheduler) {
    return new StartWhenRunning(scheduler::start);
  }

  /** Matches when {@code vigil.health.maintenance} names a task or a task bean exists. */
  static final class MaintenanceTasksCondition extends AnyNestedCondition {

    MaintenanceTasksCondition() {
      super(ConfigurationPhase.REGISTER_BEAN);
    }

    @Conditional(MaintenanceProperty.class)
    static final class FromProperties {}

    @ConditionalOnBean(MaintenanceTask.class)
    static final class FromBeans {}
  }

  /** Matches when {@code vigil.health.maintenance} names at least one task. */
  static final class MaintenanceProperty implements ConfigurationCondition {

    @Override
    public ConfigurationPhase getConfigurationPhase() {
      return ConfigurationPhase.REGISTER_BEAN;
    }

    @Override
    public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
      return Binder.get(context.getEnvironment())
          .bind("vigil.health.maintenance", Bindable.mapOf(String.class, Object.class))
          .map(m -> !m.isEmpty()).orElse(false);
    }
  }
}
