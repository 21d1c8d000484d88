package dev.vigil.boot;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.io.ByteArrayResource;

/** Adds an {@code application.yml} text to a test context, as Spring Boot loads one. */
final class YamlProperties implements ApplicationContextInitializer<ConfigurableApplicationContext> {

  private final String yaml;

  private YamlProperties(String yaml) {
    this.yaml = yaml;
  }

  static YamlProperties of(String yaml) {
    return new YamlProperties(yaml);
  }

  @Override
  public void initialize(ConfigurableApplicationContext context) {
    try {
      new YamlPropertySourceLoader()
          .load("application.yml", new ByteArrayResource(yaml.getBytes(StandardCharsets.UTF_8)))
          .forEach(context.getEnvironment().getPropertySources()::addFirst);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
