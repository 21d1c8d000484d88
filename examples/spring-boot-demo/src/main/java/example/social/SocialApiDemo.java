package example.social;

import dev.vigil.Monitor;
import java.time.Duration;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * A social-integration service (seed 001: uploads to TikTok and Instagram, webhooks, OAuth, token
 * refreshes) on Spring Boot, watched by Vigil through {@code monitor-spring-boot-starter}. All of
 * Vigil's configuration is in {@code application.yml}; the code only logs through SLF4J and counts
 * through the {@link Monitor} bean.
 *
 * <p>Run: {@code java -jar examples/spring-boot-demo/target/spring-boot-demo.jar}, then open
 * {@code http://localhost:8080/vigil}. {@code --demo.duration=2m} stops it by itself.
 */
@SpringBootApplication
@EnableConfigurationProperties(DemoProperties.class)
public class SocialApiDemo {

  @Bean
  FlakyDependency tiktokClient(DemoProperties settings) {
    return new FlakyDependency(settings.getDependency(), settings.getSeed());
  }

  @Bean
  Traffic traffic(Monitor monitor, FlakyDependency tiktokClient, DemoProperties settings) {
    return new Traffic(monitor, tiktokClient, settings);
  }

  @Bean
  Neighbour neighbour(Environment environment, DemoProperties settings) {
    return new Neighbour(environment, settings);
  }

  public static void main(String[] args) throws InterruptedException {
    ConfigurableApplicationContext context = SpringApplication.run(SocialApiDemo.class, args);
    Duration duration = context.getBean(DemoProperties.class).getDuration();
    if (duration != null) {
      Thread.sleep(duration.toMillis());
      System.exit(SpringApplication.exit(context));
    }
  }
}
