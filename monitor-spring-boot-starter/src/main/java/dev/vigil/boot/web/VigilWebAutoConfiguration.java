package dev.vigil.boot.web;

import dev.vigil.Monitor;
import dev.vigil.boot.InvalidVigilPropertyException;
import dev.vigil.boot.VigilAlertsAutoConfiguration;
import dev.vigil.boot.VigilAutoConfiguration;
import dev.vigil.boot.actuate.VigilEndpoint;
import dev.vigil.boot.internal.Settings;
import java.util.Map;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.autoconfigure.endpoint.expose.EndpointExposure;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.web.HttpRequestHandler;
import org.springframework.web.servlet.handler.SimpleUrlHandlerMapping;

/**
 * The parts of Vigil's web surface that live in the application's context: the live stream's
 * hub (an alert listener, so it must exist before the alert engine) and the ingest endpoint. The
 * stream, exports and dashboard themselves are served beside the Actuator endpoint by {@link
 * VigilManagementContextConfiguration}.
 */
@AutoConfiguration(after = VigilAutoConfiguration.class, before = VigilAlertsAutoConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass(HttpRequestHandler.class)
@ConditionalOnBean(Monitor.class)
@EnableConfigurationProperties(VigilWebProperties.class)
public class VigilWebAutoConfiguration {

  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(Endpoint.class)
  @ConditionalOnAvailableEndpoint(endpoint = VigilEndpoint.class, exposure = EndpointExposure.WEB)
  static class StreamConfiguration {

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    LiveStream vigilLiveStream(Monitor monitor, VigilWebProperties properties) {
      VigilWebProperties.Stream s = properties.getStream();
      return new LiveStream(monitor,
          Settings.positive("vigil.web.stream.max-clients", s.getMaxClients()),
          Settings.positive("vigil.web.stream.heartbeat", s.getHeartbeat()),
          Settings.positive("vigil.web.stream.timeout", s.getTimeout()));
    }

    @Bean
    StreamCloser vigilLiveStreamCloser(LiveStream stream, ApplicationContext context) {
      return new StreamCloser(stream, context);
    }
  }

  /**
   * Ends the stream's clients as soon as the context, or its management context (a child, on
   * the management port), starts closing: the web server's graceful shutdown waits for the
   * requests under way, and a stream never ends by itself.
   */
  static final class StreamCloser implements ApplicationListener<ContextClosedEvent> {

    private final LiveStream stream;
    private final ApplicationContext context;

    StreamCloser(LiveStream stream, ApplicationContext context) {
      this.stream = stream;
      this.context = context;
    }

    @Override
    public void onApplicationEvent(ContextClosedEvent event) {
      ApplicationContext closing = event.getApplicationContext();
      if (closing == context || closing.getParent() == context) {
        stream.close();
      }
    }
  }

  @Configuration(proxyBeanMethods = false)
  @ConditionalOnBooleanProperty("vigil.web.ingest.enabled")
  static class IngestConfiguration {

    @Bean
    SimpleUrlHandlerMapping vigilIngestHandlerMapping(Monitor monitor,
        VigilWebProperties properties) {
      VigilWebProperties.Ingest in = properties.getIngest();
      String path = in.getPath();
      if (path == null || !path.startsWith("/") || path.contains("*") || path.contains("{")) {
        throw new InvalidVigilPropertyException("vigil.web.ingest.path", path,
            "must be a plain path starting with '/'");
      }
      String token = in.getToken();
      if (in.isRequireToken() && (token == null || token.length() < 16)) {
        throw new InvalidVigilPropertyException("vigil.web.ingest.token", null,
            token == null || token.isEmpty() ? "is required while vigil.web.ingest.enabled is"
                + " true (or set vigil.web.ingest.require-token=false when Spring Security"
                + " protects " + path + ")" : "must be at least 16 characters long");
      }
      if (in.getTokenHeader() == null || in.getTokenHeader().isBlank()) {
        throw new InvalidVigilPropertyException("vigil.web.ingest.token-header",
            in.getTokenHeader(), "is required");
      }
      if (in.getMaxBodySize() == null || in.getMaxBodySize().toBytes() < 1) {
        throw new InvalidVigilPropertyException("vigil.web.ingest.max-body-size",
            in.getMaxBodySize(), "must be positive");
      }
      IngestHandler handler = new IngestHandler(monitor, in.isRequireToken() ? token : null,
          in.getTokenHeader().strip(), in.getMaxBodySize().toBytes());
      SimpleUrlHandlerMapping mapping = new SimpleUrlHandlerMapping(Map.of(path, handler));
      mapping.setOrder(VigilManagementContextConfiguration.ORDER);
      return mapping;
    }
  }
}
