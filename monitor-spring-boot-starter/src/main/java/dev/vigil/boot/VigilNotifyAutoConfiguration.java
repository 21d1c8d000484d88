package dev.vigil.boot;

import dev.vigil.Monitor;
import dev.vigil.boot.VigilNotifyProperties.ChannelProperties;
import dev.vigil.cluster.Leadership;
import dev.vigil.notify.Channel;
import dev.vigil.notify.Notifier;
import dev.vigil.notify.Outbox;
import dev.vigil.notify.RetryPolicy;
import dev.vigil.notify.Route;
import dev.vigil.notify.channel.ConsoleChannel;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.io.ResourceLoader;

/**
 * The notifier: the application's {@link Channel} and {@link Route} beans and the channels,
 * routes and retry policy of {@code vigil.notify} (bean routes are tried first). Without a
 * channel, alerts are logged by a {@link ConsoleChannel} named {@code console}; without a route,
 * every alert goes to every channel. The notifier is an {@code AlertListener} bean, so the alert
 * engine publishes to it.
 */
@AutoConfiguration(after = VigilAutoConfiguration.class, before = VigilAlertsAutoConfiguration.class)
@ConditionalOnBean(Monitor.class)
@ConditionalOnBooleanProperty(name = "vigil.notify.enabled", matchIfMissing = true)
@EnableConfigurationProperties(VigilNotifyProperties.class)
public class VigilNotifyAutoConfiguration {

  @Bean(destroyMethod = "close")
  @ConditionalOnMissingBean
  Notifier vigilNotifier(Monitor monitor, VigilNotifyProperties properties,
      ObjectProvider<Channel> channels, ObjectProvider<Route> routes, ObjectProvider<Outbox> outbox,
      ObjectProvider<Leadership> leadership, ResourceLoader resources) {
    ClassLoader classLoader = resources.getClassLoader() != null ? resources.getClassLoader()
        : VigilNotifyAutoConfiguration.class.getClassLoader();
    RetryPolicy retry = PropertyChannels.retry(properties.getRetry());
    Notifier.Builder builder = Notifier.builder().monitor(monitor).retry(retry);
    outbox.ifAvailable(builder::outbox);
    leadership.ifAvailable(builder::leadership);
    List<Channel> all = new ArrayList<>(channels.orderedStream().toList());
    Map<String, Channel> names = new LinkedHashMap<>();
    all.forEach(c -> names.put(c.name(), c));
    all.forEach(builder::channel);
    List<Channel> built = new ArrayList<>();
    try {
      for (Map.Entry<String, ChannelProperties> e : properties.getChannels().entrySet()) {
        String name = e.getKey();
        if (names.containsKey(name)) {
          throw new InvalidVigilPropertyException("vigil.notify.channels." + name, null,
              "a Channel bean of the application has the same name");
        }
        Channel channel = PropertyChannels.channel(name, e.getValue(), classLoader);
        built.add(channel);
        names.put(name, channel);
        builder.channel(channel, PropertyChannels.options(name, e.getValue(), retry));
      }
      for (Map.Entry<String, ChannelProperties> e : properties.getChannels().entrySet()) {
        String fallback = e.getValue().getFallback();
        if (fallback != null && !names.containsKey(fallback.strip())) {
          throw new InvalidVigilPropertyException("vigil.notify.channels." + e.getKey()
              + ".fallback", fallback, "is not a channel (channels: " + names.keySet() + ")");
        }
      }
      all.addAll(built);
      if (all.isEmpty()) { // alerts still reach someone: the application's log
        Channel console = ConsoleChannel.builder().name("console").build();
        all.add(console);
        built.add(console);
        names.put(console.name(), console);
        builder.channel(console);
      }
      List<Route> declared = new ArrayList<>(routes.orderedStream().toList());
      for (int i = 0; i < properties.getRoutes().size(); i++) {
        declared.add(PropertyChannels.route(i, properties.getRoutes().get(i), names));
      }
      declared.forEach(builder::route);
      if (declared.isEmpty()) {
        builder.route(Route.builder().name("default")
            .channels(all.stream().map(Channel::name).toArray(String[]::new)).build());
      }
      return builder.build().start();
    } catch (RuntimeException e) {
      built.forEach(Channel::close); // the notifier that would close them was not built
      if (e instanceof IllegalArgumentException && !(e instanceof InvalidVigilPropertyException)) {
        throw new InvalidVigilPropertyException("vigil.notify", null, e.getMessage(), e);
      }
      throw e;
    }
  }
}
