package dev.vigil.classifier;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.Severity;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.core.JsonParser;

/**
 * Loads the classifier in a class loader that sees no Jackson (or only jackson-core), as an
 * application without the optional dependency would.
 */
class RulePackWithoutJacksonTest {

  @TempDir
  Path dir;

  private static URL locationOf(Class<?> type) {
    return type.getProtectionDomain().getCodeSource().getLocation();
  }

  /** Calls RulePack.load(file) in a loader with the given class path; returns what it threw. */
  private static Throwable load(Path file, URL... extra) throws Exception {
    URL[] urls = new URL[2 + extra.length];
    urls[0] = locationOf(RulePack.class);
    urls[1] = locationOf(Severity.class);
    System.arraycopy(extra, 0, urls, 2, extra.length);
    try (URLClassLoader loader = new URLClassLoader(urls, ClassLoader.getPlatformClassLoader())) {
      Class<?> pack = loader.loadClass(RulePack.class.getName());
      assertThat(pack).isNotSameAs(RulePack.class);
      Method m = pack.getMethod("load", Path.class);
      try {
        Object loaded = m.invoke(null, file);
        assertThat(loaded.toString()).startsWith("RulePack[");
        return null;
      } catch (InvocationTargetException e) {
        return e.getCause();
      }
    }
  }

  private Path write(String name, String content) throws IOException {
    Path file = dir.resolve(name);
    Files.writeString(file, content);
    return file;
  }

  @Test
  void withoutJacksonLoadingSaysWhichArtifactToAdd() throws Exception {
    Path json = write("r.json", "[]");
    Path yaml = write("r.yaml", "[]");

    assertThat(load(json)).isInstanceOf(IllegalStateException.class).hasMessage(
        "reading JSON rule files needs Jackson 3 on the class path: add the dependency"
            + " tools.jackson.core:jackson-databind (version 3.x)");
    assertThat(load(yaml)).isInstanceOf(IllegalStateException.class).hasMessage(
        "reading YAML rule files needs Jackson 3 on the class path: add the dependency"
            + " tools.jackson.core:jackson-databind and"
            + " tools.jackson.dataformat:jackson-dataformat-yaml (version 3.x)");
  }

  @Test
  void jsonNeedsOnlyJacksonCore() throws Exception {
    Path json = write("r.json", "[{\"id\": \"a\", \"keyword\": \"k\", \"severity\": \"INFO\","
        + " \"category\": \"c\"}]");
    Path yaml = write("r.yml", "[]");
    URL core = locationOf(JsonParser.class);

    assertThat(load(json, core)).isNull();
    assertThat(load(yaml, core)).isInstanceOf(IllegalStateException.class).hasMessage(
        "reading YAML rule files needs Jackson 3's YAML module on the class path: add the"
            + " dependency tools.jackson.dataformat:jackson-dataformat-yaml (version 3.x)");
  }

  @Test
  void theDefaultPackAndBuiltRulesNeedNoJackson() throws Exception {
    try (URLClassLoader loader = new URLClassLoader(
        new URL[] {locationOf(RulePack.class), locationOf(Severity.class)},
        ClassLoader.getPlatformClassLoader())) {
      Class<?> classifier = loader.loadClass(RuleClassifier.class.getName());
      Object c = classifier.getMethod("withDefaults").invoke(null);
      Object result = classifier.getMethod("classify", CharSequence.class)
          .invoke(c, "connect ETIMEDOUT 10.0.0.1:443");

      assertThat(result.getClass().getName()).isEqualTo("dev.vigil.Classification");
      assertThat(result.getClass().getClassLoader()).isSameAs(loader);
    }
  }
}
