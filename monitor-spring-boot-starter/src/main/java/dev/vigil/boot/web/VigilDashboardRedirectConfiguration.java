package dev.vigil.boot.web;

import dev.vigil.boot.actuate.VigilEndpoint;
import java.util.Map;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.autoconfigure.endpoint.expose.EndpointExposure;
import org.springframework.boot.actuate.autoconfigure.web.ManagementContextConfiguration;
import org.springframework.boot.actuate.autoconfigure.web.ManagementContextType;
import org.springframework.boot.actuate.endpoint.EndpointId;
import org.springframework.boot.actuate.endpoint.web.PathMappedEndpoints;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.web.HttpRequestHandler;
import org.springframework.web.servlet.handler.SimpleUrlHandlerMapping;

/**
 * {@code /vigil} redirects to the dashboard when Actuator shares the application's port (with a
 * management port, open the dashboard there).
 */
@ManagementContextConfiguration(value = ManagementContextType.SAME, proxyBeanMethods = false)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass(HttpRequestHandler.class)
@ConditionalOnAvailableEndpoint(endpoint = VigilEndpoint.class, exposure = EndpointExposure.WEB)
@ConditionalOnBooleanProperty(name = "vigil.web.dashboard.enabled", matchIfMissing = true)
public class VigilDashboardRedirectConfiguration {

  @Bean
  SimpleUrlHandlerMapping vigilDashboardRedirect(PathMappedEndpoints endpoints) {
    String base = endpoints.getPath(EndpointId.of("vigil"));
    if (base == null || base.equals("/vigil")) { // Actuator at the root: /vigil is the endpoint
      return new SimpleUrlHandlerMapping(Map.of(), VigilManagementContextConfiguration.ORDER);
    }
    String target = base + "/dashboard/";
    HttpRequestHandler redirect = (request, response) -> {
      response.setStatus(302);
      response.setHeader("Location", request.getContextPath() + target);
    };
    SimpleUrlHandlerMapping mapping = new SimpleUrlHandlerMapping(
        Map.of("/vigil", redirect, "/vigil/", redirect));
    mapping.setOrder(VigilManagementContextConfiguration.ORDER);
    return mapping;
  }
}
