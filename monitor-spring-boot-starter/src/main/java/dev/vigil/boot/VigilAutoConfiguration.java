package dev.vigil.boot;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import dev.vigil.Classifier;
import dev.vigil.Monitor;
import dev.vigil.boot.internal.InlineClassifierRules;
import dev.vigil.boot.internal.RuleFiles;
import dev.vigil.boot.internal.Settings;
import dev.vigil.classifier.InvalidRulesException;
import dev.vigil.classifier.RuleClassifier;
import dev.vigil.classifier.RulePack;
import dev.vigil.internal.MonitorRegistry;
import dev.vigil.logback.VigilAppender;
import dev.vigil.store.EventStore;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.ILoggerFactory;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.boot.context.logging.LoggingApplicationListener;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.event.GenericApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.ResolvableType;
import org.springframework.core.env.Environment;
import org.springframework.core.io.ResourceLoader;
import org.springframework.util.ClassUtils;

/**
 * Builds the application's {@link Monitor} from the {@code vigil.*} properties, binds it to the
 * application's Micrometer registry and attaches the Logback appender. Every bean backs off
 * when the application defines its own.
 */
@AutoConfiguration(afterName = {
    "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
    "org.springframework.boot.actuate.autoconfigure.metrics.CompositeMeterRegistryAutoConfiguration"})
@ConditionalOnBooleanProperty(name = "vigil.enabled", matchIfMissing = true)
@EnableConfigurationProperties(VigilProperties.class)
public class VigilAutoConfiguration {

  /**
   * The default classifier: the default rule pack (unless turned off), the rule files, then the
   * rules of {@code vigil.classifier.rules}.
   */
  @Bean
  @ConditionalOnMissingBean
  @ConditionalOnClass(RuleClassifier.class)
  Classifier vigilClassifier(VigilProperties properties, ResourceLoader resources) {
    VigilProperties.Classifier config = properties.getClassifier();
    RuleClassifier.Builder builder = RuleClassifier.builder();
    if (config.isDefaults()) {
      builder.add(RulePack.defaults());
    }
    for (int i = 0; i < config.getRulesLocations().size(); i++) {
      String property = "vigil.classifier.rules-locations[" + i + "]";
      RuleFiles.Content file = RuleFiles.read(resources, config.getRulesLocations().get(i), property);
      try {
        builder.add(RulePack.parse(file.text(), file.name(), file.yaml()));
      } catch (InvalidRulesException e) {
        throw new InvalidVigilPropertyException(property, file.name(), e.getMessage(), e);
      }
    }
    builder.add(InlineClassifierRules.read(config.getRules()));
    try {
      return builder.build();
    } catch (InvalidRulesException e) {
      throw InlineClassifierRules.duplicate(e, config.getRules());
    }
  }

  @Bean(destroyMethod = "close")
  @ConditionalOnMissingBean
  Monitor vigilMonitor(VigilProperties properties, Environment environment,
      ObjectProvider<Classifier> classifier, ObjectProvider<MeterRegistry> registry,
      ObjectProvider<EventStore> store) {
    String name = uniqueName(properties.getName() != null && !properties.getName().isBlank()
        ? properties.getName().strip()
        : environment.getProperty("spring.application.name", Monitor.Builder.DEFAULT_NAME));
    String storeType = Settings.storeType("vigil.store.type", properties.getStore().getType());
    EventStore eventStore = store.getIfAvailable();
    if (storeType.equals("jdbc") && eventStore == null) {
      throw new InvalidVigilPropertyException("vigil.store.type", properties.getStore().getType(),
          "needs dev.vigil:monitor-store-jdbc on the classpath and one DataSource bean "
          + "(spring-boot-starter-jdbc with spring.datasource.url)");
    }
    Monitor.Builder builder = Monitor.builder();
    try {
      builder.name(name);
    } catch (IllegalArgumentException e) {
      throw new InvalidVigilPropertyException(properties.getName() != null ? "vigil.name"
          : "spring.application.name", name, "must be 1 to 128 characters");
    }
    builder
        .queueCapacity(Settings.positive("vigil.queue-capacity", properties.getQueueCapacity()))
        .maxEvents(Settings.positive("vigil.max-events", properties.getMaxEvents()))
        .retention(Settings.positive("vigil.retention", properties.getRetention()))
        .storeThreshold(properties.getStoreThreshold())
        .maxMessageLength(Settings.positive("vigil.max-message-length", properties.getMaxMessageLength()))
        .shutdownTimeout(Settings.positive("vigil.shutdown-timeout", properties.getShutdownTimeout()));
    classifier.ifAvailable(builder::classifier);
    registry.ifAvailable(builder::meterRegistry);
    if (eventStore != null) {
      builder.eventStore(eventStore);
    }
    return builder.build();
  }

  /**
   * Another open monitor may hold the name, such as the monitor of another application context
   * that a test framework keeps open; this one then takes the next free {@code name-2}.
   */
  private static String uniqueName(String name) {
    String candidate = name;
    for (int i = 2; MonitorRegistry.find(candidate) != null; i++) {
      candidate = name + "-" + i;
    }
    return candidate;
  }

  /** Attaches the appender to Logback's root logger when Logback is the slf4j provider. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = "ch.qos.logback.classic.LoggerContext")
  @ConditionalOnBooleanProperty(name = "vigil.appender.enabled", matchIfMissing = true)
  static class LogbackConfiguration {

    @Bean
    @ConditionalOnMissingBean
    VigilLogbackAppender vigilLogbackAppender(Monitor monitor, VigilProperties properties) {
      return VigilLogbackAppender.attach(monitor, properties.getAppender().getMinimumLevel());
    }
  }

  /**
   * The Logback appender attached to the root logger for as long as the application context
   * lives.
   */
  public static final class VigilLogbackAppender implements DisposableBean {

    /** The appenders of the contexts still open, for {@link LogbackReset}. */
    private static final Set<VigilLogbackAppender> ATTACHED = ConcurrentHashMap.newKeySet();

    private final VigilAppender appender;
    private final Logger root;

    private VigilLogbackAppender(VigilAppender appender, Logger root) {
      this.appender = appender;
      this.root = root;
      if (appender != null) {
        ATTACHED.add(this);
      }
    }

    static VigilLogbackAppender attach(Monitor monitor, String minimumLevel) {
      ILoggerFactory factory = LoggerFactory.getILoggerFactory();
      if (!(factory instanceof LoggerContext context)) {
        return new VigilLogbackAppender(null, null); // another slf4j provider: nothing to attach
      }
      Settings.logLevel("vigil.appender.minimum-level", minimumLevel);
      VigilAppender appender = new VigilAppender();
      appender.setName("VIGIL-" + monitor.name());
      appender.setContext(context);
      appender.setMonitor(monitor.name());
      appender.setMinimumLevel(minimumLevel);
      appender.start();
      Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
      root.addAppender(appender);
      return new VigilLogbackAppender(appender, root);
    }

    /** Returns whether the appender is attached (Logback is the application's slf4j provider). */
    public boolean isAttached() {
      return appender != null && root.isAttached(appender);
    }

    @Override
    public synchronized void destroy() {
      if (appender != null) {
        ATTACHED.remove(this);
        root.detachAppender(appender);
        appender.stop();
      }
    }

    /** Attaches (and starts) again the appenders of open contexts that a reset detached. */
    static void reattachAll() {
      for (VigilLogbackAppender a : ATTACHED) {
        synchronized (a) {
          if (ATTACHED.contains(a) && !a.root.isAttached(a.appender)) {
            a.appender.start();
            a.root.addAppender(a.appender);
          }
        }
      }
    }
  }

  /**
   * Every application that starts in this JVM resets Logback's configuration once another has
   * closed (as test frameworks do, keeping other contexts open), which detaches the appenders of
   * every context still open. Right after the logging system is initialized, this attaches them
   * again. Registered in {@code META-INF/spring.factories}, so that it sees every application.
   */
  static final class LogbackReset implements GenericApplicationListener {

    private final boolean logback = ClassUtils.isPresent("ch.qos.logback.classic.LoggerContext",
        LogbackReset.class.getClassLoader());

    @Override
    public boolean supportsEventType(ResolvableType eventType) {
      return logback && ApplicationEnvironmentPreparedEvent.class.isAssignableFrom(
          eventType.toClass());
    }

    @Override
    public void onApplicationEvent(ApplicationEvent event) {
      VigilLogbackAppender.reattachAll();
    }

    @Override
    public int getOrder() {
      return LoggingApplicationListener.DEFAULT_ORDER + 1; // once the logging is initialized
    }
  }
}
