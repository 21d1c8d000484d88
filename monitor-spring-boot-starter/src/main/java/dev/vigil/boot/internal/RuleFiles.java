package dev.vigil.boot.internal;

import dev.vigil.boot.InvalidVigilPropertyException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.util.Locale;
import org.springframework.core.io.Resource;
import org.springframework.core.io.ResourceLoader;

/** Reads the rule files named by properties (Spring resource locations). */
public final class RuleFiles {

  /** The most a rule file may hold; the parsers have the same limit. */
  private static final int MAX_BYTES = 1 << 20;

  /** A file's text, a name for messages, and whether it is YAML. */
  public record Content(String text, String name, boolean yaml) {}

  private RuleFiles() {}

  /**
   * Reads a JSON ({@code .json}) or YAML ({@code .yaml}, {@code .yml}) file.
   *
   * @throws InvalidVigilPropertyException naming {@code property} if the file is missing,
   *     unreadable, too large, not UTF-8 or has another extension
   */
  public static Content read(ResourceLoader loader, String location, String property) {
    if (location == null || location.isBlank()) {
      throw new InvalidVigilPropertyException(property, location, "is empty");
    }
    String lower = location.toLowerCase(Locale.ROOT);
    boolean yaml = lower.endsWith(".yaml") || lower.endsWith(".yml");
    if (!yaml && !lower.endsWith(".json")) {
      throw new InvalidVigilPropertyException(property, location,
          "must name a .json, .yaml or .yml file");
    }
    Resource resource = loader.getResource(location.strip());
    if (!resource.exists()) {
      throw new InvalidVigilPropertyException(property, location, "no such file");
    }
    try (InputStream in = resource.getInputStream()) {
      byte[] bytes = in.readNBytes(MAX_BYTES + 1);
      if (bytes.length > MAX_BYTES) {
        throw new InvalidVigilPropertyException(property, location, "is larger than 1 MiB");
      }
      String text = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes)).toString();
      return new Content(text, location.strip(), yaml);
    } catch (CharacterCodingException e) {
      throw new InvalidVigilPropertyException(property, location, "is not valid UTF-8", e);
    } catch (IOException e) {
      throw new InvalidVigilPropertyException(property, location,
          "cannot be read: " + e.getMessage(), e);
    }
  }
}
