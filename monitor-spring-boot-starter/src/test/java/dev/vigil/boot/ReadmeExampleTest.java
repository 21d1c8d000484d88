package dev.vigil.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.alerts.AlertEngine;
import dev.vigil.alerts.AlertRule;
import dev.vigil.classifier.RulePack;
import dev.vigil.health.HealthMonitor;
import dev.vigil.health.MaintenanceScheduler;
import dev.vigil.notify.Notifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** The application.yml of the README's "Configuration properties" starts as it says. */
class ReadmeExampleTest {

  @Test
  void theReadmeExampleStarts() throws Exception {
    String readme = Files.readString(Path.of("README.md"), StandardCharsets.UTF_8);
    int start = readme.indexOf("```yaml\n", readme.indexOf("### A realistic `application.yml`"));
    String yaml = readme.substring(start + "```yaml\n".length(), readme.indexOf("```\n", start + 8));
    PGSimpleDataSource pg = new PGSimpleDataSource();
    pg.setServerNames(new String[] {"127.0.0.1"});
    pg.setDatabaseName("test");
    pg.setUser("postgres");
    new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(VigilAutoConfiguration.class,
            VigilHealthAutoConfiguration.class, VigilNotifyAutoConfiguration.class,
            VigilAlertsAutoConfiguration.class))
        .withInitializer(YamlProperties.of(yaml))
        .withBean(DataSource.class, () -> pg)
        .withPropertyValues("vigil.appender.enabled=false",
            "SLACK_WEBHOOK_URL=https://hooks.slack.com/services/T000/B000/XXXX",
            "SMTP_PASSWORD=secret", "PAGERDUTY_KEY=0123456789abcdef0123456789abcdef")
        .run(context -> {
          assertThat(context).hasNotFailed();
          assertThat(context.getBean(AlertEngine.class).rules()).extracting(AlertRule::id)
              .contains("upload-error-rate", "token-refresh-failures", "webhook-latency",
                  "oauth-failures");
          assertThat(context.getBean(Notifier.class).channels())
              .containsExactly("ops-slack", "ops-email", "pager");
          assertThat(context.getBean(HealthMonitor.class).statuses()).extracting(s -> s.check())
              .containsExactlyInAnyOrder("tiktok-api", "database", "disk");
          assertThat(context.getBean(MaintenanceScheduler.class).nextRun("nightly-restart"))
              .isPresent();
          assertThat(RulePack.defaults().rules()).isNotEmpty();
        });
  }
}
