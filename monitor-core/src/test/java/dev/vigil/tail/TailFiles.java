package dev.vigil.tail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

/** Test helpers: writing files as another process would, and a sink that collects. */
final class TailFiles {

  private TailFiles() {}

  /** Appends text in UTF-8, creating the file if needed (open, write, close: like a logger). */
  static void append(Path file, String text) {
    appendBytes(file, text.getBytes(StandardCharsets.UTF_8));
  }

  static void appendBytes(Path file, byte[] bytes) {
    try {
      Files.write(file, bytes, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Returns how many of this process's file descriptors point to {@code file} (deleted or not),
   * or 0 where {@code /proc/self/fd} does not exist (not Linux): the checks then pass vacuously.
   */
  static long openDescriptors(Path file) throws IOException {
    Path fds = Path.of("/proc/self/fd");
    if (!Files.isDirectory(fds)) {
      return 0;
    }
    String target = file.getParent().toRealPath().resolve(file.getFileName()).toString();
    try (Stream<Path> s = Files.list(fds)) {
      return s.filter(fd -> {
        try {
          String link = Files.readSymbolicLink(fd).toString();
          return link.equals(target) || link.equals(target + " (deleted)");
        } catch (IOException e) {
          return false; // closed meanwhile (the listing's own descriptor)
        }
      }).count();
    }
  }

  /** A sink that keeps what it receives, safe to read from another thread. */
  static final class Collector implements LineSink {
    final List<String> lines = new CopyOnWriteArrayList<>();
    final List<String> sources = new CopyOnWriteArrayList<>();
    final List<String> threads = new CopyOnWriteArrayList<>();

    @Override
    public void accept(String source, String line) {
      sources.add(source);
      lines.add(line);
      threads.add(Thread.currentThread().getName());
    }

    /** Returns the lines received so far and forgets them. */
    List<String> take() {
      List<String> copy = List.copyOf(lines);
      lines.clear();
      return copy;
    }
  }
}
