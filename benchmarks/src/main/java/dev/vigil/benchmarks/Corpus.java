package dev.vigil.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * The LogHub sample corpus: the 16 {@code *_2k.log} files of a directory, 32,000 lines in all,
 * read as UTF-8 with line terminators ({@code \n}, {@code \r\n}) removed.
 *
 * <p>The data is not part of this repository. Its directory is the system property
 * {@value #PROPERTY}, by default {@value #DEFAULT_DIRECTORY} resolved against the current directory
 * (run benchmarks from the repository root). Forked JMH JVMs inherit the property from the
 * {@code java -D...} command line. Loaded corpora are cached per directory; the returned arrays are
 * shared and must not be modified. Thread-safe.
 */
public final class Corpus {

  /** The system property naming the corpus directory. */
  public static final String PROPERTY = "vigil.corpus";
  /** The corpus directory used when {@value #PROPERTY} is not set. */
  public static final String DEFAULT_DIRECTORY = "../shared/corpus/loghub";
  /** The number of lines the benchmarks expect; a corpus of any other size is rejected. */
  public static final int LINES = 32_000;

  private static final Map<Path, String[]> CACHE = new ConcurrentHashMap<>();

  private Corpus() {}

  /** Returns the corpus directory named by {@value #PROPERTY} or the default, made absolute. */
  public static Path directory() {
    return Paths.get(System.getProperty(PROPERTY, DEFAULT_DIRECTORY)).toAbsolutePath().normalize();
  }

  /** Returns the lines of the corpus in {@link #directory()}. */
  public static String[] lines() {
    return lines(directory());
  }

  /**
   * Returns the {@value #LINES} lines of the {@code *.log} files of {@code dir}, files in name
   * order.
   *
   * @throws IllegalStateException with what was expected and how to point at the corpus, if the
   *     directory or its files are missing, or the line count is not {@value #LINES}
   */
  public static String[] lines(Path dir) {
    return CACHE.computeIfAbsent(dir.toAbsolutePath().normalize(), Corpus::load);
  }

  private static String[] load(Path dir) {
    String hint = "The benchmarks need the LogHub sample corpus (16 *_2k.log files, " + LINES
        + " lines). Run from the repository root so that the default " + DEFAULT_DIRECTORY
        + " resolves, or pass -D" + PROPERTY + "=/path/to/corpus/loghub.";
    if (!Files.isDirectory(dir)) {
      throw new IllegalStateException("Corpus directory " + dir + " does not exist. " + hint);
    }
    List<Path> files;
    try (Stream<Path> s = Files.list(dir)) {
      files = s.filter(p -> p.getFileName().toString().endsWith(".log")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot list corpus directory " + dir, e);
    }
    if (files.isEmpty()) {
      throw new IllegalStateException("Corpus directory " + dir + " has no *.log file. " + hint);
    }
    List<String> lines = new ArrayList<>(LINES);
    for (Path f : files) {
      splitLines(read(f), lines);
    }
    if (lines.size() != LINES) {
      throw new IllegalStateException("Corpus directory " + dir + " has " + files.size()
          + " *.log files with " + lines.size() + " lines, expected " + LINES + ". " + hint);
    }
    return lines.toArray(new String[0]);
  }

  private static String read(Path f) {
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(java.nio.ByteBuffer.wrap(Files.readAllBytes(f)))
          .toString();
    } catch (CharacterCodingException e) {
      throw new IllegalStateException("Corpus file " + f + " is not UTF-8", e);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read corpus file " + f, e);
    }
  }

  /**
   * Splits on {@code \n}, drops one {@code \r} ending a line (the last one too), and ignores a
   * final empty line.
   */
  static void splitLines(String text, List<String> out) {
    int start = 0;
    int n = text.length();
    while (start < n) {
      int nl = text.indexOf('\n', start);
      int end = nl < 0 ? n : nl;
      int contentEnd = end > start && text.charAt(end - 1) == '\r' ? end - 1 : end;
      out.add(text.substring(start, contentEnd));
      start = nl < 0 ? n : nl + 1;
    }
  }
}
