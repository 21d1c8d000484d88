package dev.vigil.boot.web;

import dev.vigil.Monitor;
import dev.vigil.alerts.AlertEngine;
import dev.vigil.boot.actuate.VigilEndpoint;
import dev.vigil.boot.internal.Settings;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.autoconfigure.endpoint.expose.EndpointExposure;
import org.springframework.boot.actuate.autoconfigure.web.ManagementContextConfiguration;
import org.springframework.boot.actuate.endpoint.EndpointId;
import org.springframework.boot.actuate.endpoint.web.PathMappedEndpoints;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.web.HttpRequestHandler;
import org.springframework.web.servlet.handler.SimpleUrlHandlerMapping;

/**
 * Serves the live stream, the exports and the dashboard under the {@code vigil} endpoint's path
 * ({@code /actuator/vigil/stream}, {@code /actuator/vigil/export/…},
 * {@code /actuator/vigil/dashboard/}), in the management context: on the management port when
 * there is one, exposed only when the endpoint is exposed over the web, and matched by Spring
 * Security's {@code EndpointRequest.to("vigil")} like the endpoint itself.
 */
@ManagementContextConfiguration(proxyBeanMethods = false)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass(HttpRequestHandler.class)
@ConditionalOnAvailableEndpoint(endpoint = VigilEndpoint.class, exposure = EndpointExposure.WEB)
public class VigilManagementContextConfiguration {

  /** Before Actuator's endpoint mapping (-100), which would take these paths as selectors. */
  static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 100;

  @Bean
  SimpleUrlHandlerMapping vigilWebHandlerMapping(ObjectProvider<Monitor> monitors,
      PathMappedEndpoints endpoints,
      ObjectProvider<LiveStream> stream, ObjectProvider<AlertEngine> alerts,
      ObjectProvider<VigilWebProperties> properties) {
    VigilWebProperties web = properties.getIfAvailable(VigilWebProperties::new);
    String base = endpoints.getPath(EndpointId.of("vigil"));
    Map<String, Object> urls = new LinkedHashMap<>();
    Monitor monitor = monitors.getIfAvailable();
    if (monitor == null || base == null) { // Vigil or its endpoint is switched off
      return new SimpleUrlHandlerMapping(urls, ORDER);
    }
    int maxRows = Settings.positive("vigil.web.export.max-rows", web.getExport().getMaxRows());
    LiveStream live = stream.getIfAvailable();
    if (live != null) {
      urls.put(base + "/stream", new StreamHandler(live, monitor));
    }
    urls.put(base + "/export/*", new ExportHandler(monitor, alerts.getIfAvailable(), maxRows));
    if (web.getDashboard().isEnabled()) {
      DashboardHandler dashboard = new DashboardHandler();
      urls.put(base + "/dashboard", dashboard);
      urls.put(base + "/dashboard/", dashboard);
      urls.put(base + "/dashboard/*", dashboard);
    }
    return new SimpleUrlHandlerMapping(urls, ORDER);
  }
}
