package dev.vigil.boot;

import dev.vigil.Monitor;
import dev.vigil.notify.Channel;
import dev.vigil.notify.Notifier;
import dev.vigil.notify.Outbox;
import dev.vigil.notify.Route;
import dev.vigil.notify.channel.ConsoleChannel;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * The notifier: the application's {@link Channel} and {@link Route} beans and those of
 * {@code vigil.notify}. Without a channel, alerts are logged by a {@link ConsoleChannel} named
 * {@code console}; without a route, every alert goes to every channel. The
 * notifier is an {@code AlertListener} bean, so the alert engine publishes to it.
 */
@AutoConfiguration(after = VigilAutoConfiguration.class, before = VigilAlertsAutoConfiguration.class)
@ConditionalOnBean(Monitor.class)
@ConditionalOnBooleanProperty(name = "vigil.notify.enabled", matchIfMissing = true)
@EnableConfigurationProperties(VigilNotifyProperties.class)
public class VigilNotifyAutoConfiguration {

  @Bean(destroyMethod = "close")
  @ConditionalOnMissingBean
  Notifier vigilNotifier(Monitor monitor, VigilNotifyProperties properties,
      ObjectProvider<Channel> channels, ObjectProvider<Route> routes, ObjectProvider<Outbox> outbox) {
    Notifier.Builder builder = Notifier.builder().monitor(monitor);
    outbox.ifAvailable(builder::outbox);
    List<Channel> all = channels.orderedStream().toList();
    if (all.isEmpty()) { // alerts still reach someone: the application's log
      all = List.of(ConsoleChannel.builder().name("console").build());
    }
    all.forEach(builder::channel);
    List<Route> declared = routes.orderedStream().toList();
    declared.forEach(builder::route);
    if (declared.isEmpty()) {
      builder.route(Route.builder().name("default")
          .channels(all.stream().map(Channel::name).toArray(String[]::new)).build());
    }
    return builder.build().start();
  }
}
