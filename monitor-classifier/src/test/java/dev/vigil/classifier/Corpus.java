package dev.vigil.classifier;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The LogHub sample logs in {@code ../shared/corpus/loghub} beside the repository (research data:
 * read in place, never copied into the repository), or wherever {@code -Dvigil.corpus} points.
 */
public final class Corpus {

  private Corpus() {}

  public static Path dir() {
    String configured = System.getProperty("vigil.corpus");
    if (configured != null) {
      return require(Path.of(configured));
    }
    Path here = Path.of("").toAbsolutePath();
    for (Path p = here; p != null; p = p.getParent()) {
      Path candidate = p.resolve("shared/corpus/loghub");
      if (Files.isDirectory(candidate)) {
        return candidate;
      }
    }
    throw new IllegalStateException("LogHub corpus not found: looked for shared/corpus/loghub in "
        + here + " and its parents; set -Dvigil.corpus=DIR");
  }

  private static Path require(Path dir) {
    if (!Files.isDirectory(dir)) {
      throw new IllegalStateException("-Dvigil.corpus=" + dir + " is not a directory");
    }
    return dir;
  }

  /** Returns the {@code *.log} files, sorted by name. */
  public static List<Path> logFiles() {
    try (Stream<Path> files = Files.list(dir())) {
      List<Path> logs = files.filter(f -> f.getFileName().toString().endsWith(".log")).sorted().toList();
      if (logs.size() != 16) {
        throw new IllegalStateException("expected the 16 LogHub logs in " + dir() + ", found " + logs);
      }
      return logs;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Returns the lines of a file, without their CR LF or LF terminators. */
  public static List<String> lines(Path file) {
    try {
      String text = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
      List<String> lines = new ArrayList<>();
      for (String line : text.split("\n", -1)) {
        lines.add(line.endsWith("\r") ? line.substring(0, line.length() - 1) : line);
      }
      if (!lines.isEmpty() && lines.get(lines.size() - 1).isEmpty()) {
        lines.remove(lines.size() - 1);
      }
      return lines;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
