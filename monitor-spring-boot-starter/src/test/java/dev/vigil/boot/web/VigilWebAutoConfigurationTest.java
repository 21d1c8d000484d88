package dev.vigil.boot.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.Monitor;
import dev.vigil.boot.InvalidVigilPropertyException;
import dev.vigil.boot.VigilAutoConfiguration;
import dev.vigil.boot.actuate.VigilEndpoint;
import dev.vigil.boot.actuate.VigilEndpointAutoConfiguration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.web.servlet.handler.SimpleUrlHandlerMapping;

class VigilWebAutoConfigurationTest {

  private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
      .withPropertyValues("vigil.name=web-config-test")
      .withConfiguration(AutoConfigurations.of(VigilAutoConfiguration.class,
          VigilEndpointAutoConfiguration.class, VigilWebAutoConfiguration.class));

  @Test
  void theStreamHubExistsOnlyWhenTheEndpointIsExposedOverTheWeb() {
    runner.run(context -> assertThat(context).doesNotHaveBean(LiveStream.class)
        .doesNotHaveBean(VigilEndpoint.class));
    runner.withPropertyValues("management.endpoints.web.exposure.include=vigil")
        .run(context -> assertThat(context).hasSingleBean(LiveStream.class)
            .hasSingleBean(VigilEndpoint.class));
  }

  @Test
  void ingestIsOffByDefaultAndNeedsALongToken() {
    runner.run(context -> assertThat(context).doesNotHaveBean("vigilIngestHandlerMapping"));
    runner.withPropertyValues("vigil.web.ingest.enabled=true").run(context ->
        assertThat(context).getFailure().rootCause().isInstanceOf(InvalidVigilPropertyException.class)
            .hasMessageContaining("vigil.web.ingest.token").hasMessageContaining("is required"));
    runner.withPropertyValues("vigil.web.ingest.enabled=true", "vigil.web.ingest.token=short")
        .run(context -> assertThat(context).getFailure().rootCause()
            .hasMessageContaining("at least 16 characters").hasMessageNotContaining("short"));
    runner.withPropertyValues("vigil.web.ingest.enabled=true", "vigil.web.ingest.require-token=false",
        "vigil.web.ingest.path=no-slash").run(context -> assertThat(context).getFailure().rootCause()
            .hasMessageContaining("vigil.web.ingest.path"));
    runner.withPropertyValues("vigil.web.ingest.enabled=true", "vigil.web.ingest.require-token=false")
        .run(context -> assertThat(context).hasBean("vigilIngestHandlerMapping")
            .getBean("vigilIngestHandlerMapping", SimpleUrlHandlerMapping.class)
            .satisfies(m -> assertThat(m.getUrlMap()).containsOnlyKeys("/vigil/ingest")));
  }

  @Test
  void badStreamSettingsStopStartup() {
    runner.withPropertyValues("management.endpoints.web.exposure.include=vigil",
        "vigil.web.stream.max-clients=0").run(context -> assertThat(context).getFailure()
            .rootCause().hasMessageContaining("vigil.web.stream.max-clients"));
    runner.withPropertyValues("management.endpoints.web.exposure.include=vigil",
        "vigil.web.stream.heartbeat=0s").run(context -> assertThat(context).getFailure()
            .rootCause().hasMessageContaining("vigil.web.stream.heartbeat"));
  }

  @Test
  void vigilOffMeansNoBeans() {
    runner.withPropertyValues("vigil.enabled=false", "management.endpoints.web.exposure.include=vigil")
        .run(context -> assertThat(context).doesNotHaveBean(Monitor.class)
            .doesNotHaveBean(LiveStream.class).doesNotHaveBean(VigilEndpoint.class));
  }

  @Test
  void theApplicationsOwnMonitorIsUsed() {
    runner.withBean(Monitor.class, () -> Monitor.builder().name("own-monitor").build())
        .withPropertyValues("management.endpoints.web.exposure.include=vigil")
        .run(context -> assertThat(context.getBean(Monitor.class).name()).isEqualTo("own-monitor"));
  }
}
