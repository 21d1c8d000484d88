package dev.vigil.classifier.cli;

import dev.vigil.Classification;
import dev.vigil.classifier.Explanation;
import dev.vigil.classifier.InvalidRulesException;
import dev.vigil.classifier.RuleClassifier;
import dev.vigil.classifier.RulePack;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * The {@code vigil-classify} command: classifies log lines read from files or standard input and
 * prints one JSON object per line, or a summary. Run {@code java -jar vigil-classify.jar --help}
 * for its usage; the module's README, "Command line", describes it in full.
 *
 * <p>Exit status: 0 when done, 1 when a rule file or an input file cannot be used (or the output
 * cannot be written), 2 for bad usage.
 */
public final class ClassifyCommand {

  static final String NAME = "vigil-classify";

  static final String USAGE = ""
      + "Usage: java -jar vigil-classify.jar [OPTIONS] [FILE...]\n"
      + "\n"
      + "Classifies log lines with Vigil's rules and prints one JSON object per line:\n"
      + "  {\"line\":1,\"level\":\"ERROR\",\"category\":\"database\",\"rule\":\"db.timeout\"}\n"
      + "where level, category and rule are null when no rule matched. Reads the FILEs in\n"
      + "order, or standard input if none is given ('-' also means standard input); with\n"
      + "files, line numbers restart at 1 for each file and a \"file\" key comes first.\n"
      + "\n"
      + "Options:\n"
      + "  --rules FILE   use the rules of a JSON or YAML rule file instead of the default\n"
      + "                 pack; repeat to combine several files, in order\n"
      + "  --summary      print counts per severity, category and rule, and the throughput,\n"
      + "                 instead of one object per line\n"
      + "  --explain      add every rule match (\"matches\") and the level read from the\n"
      + "                 line (\"eventLevel\") to each object\n"
      + "  --max-scan N   examine only the first N characters of each line (default "
      + RuleClassifier.DEFAULT_MAX_SCAN_LENGTH + ")\n"
      + "  --help         print this help and exit\n"
      + "\n"
      + "Exit status: 0 done, 1 a rule file or an input file could not be used, 2 bad usage.\n";

  /** Lines between checks that the output is still open. */
  private static final int CHECK_OUTPUT_EVERY = 1 << 13;

  private ClassifyCommand() {}

  /** Runs the command on this process's standard streams and exits with its status. */
  public static void main(String[] args) {
    int status = run(args, System.in, System.out, System.err);
    System.exit(status);
  }

  /**
   * Runs the command in-process; returns its exit status. Writes JSON to {@code out} in UTF-8,
   * messages to {@code err}, and flushes both; closes neither, nor {@code in}.
   */
  static int run(String[] args, InputStream in, PrintStream out, PrintStream err) {
    return run(args, in, out, err, System::nanoTime);
  }

  static int run(String[] args, InputStream in, PrintStream out, PrintStream err,
      LongSupplier nanoTime) {
    try {
      return new ClassifyCommand.Execution(in, out, err, nanoTime).run(args);
    } finally {
      out.flush();
      err.flush();
    }
  }

  /** Thrown for bad usage: exit status 2. */
  static final class UsageException extends Exception {
    private static final long serialVersionUID = 1L;

    UsageException(String message) {
      super(message);
    }
  }

  /** The command line, parsed. */
  record Options(List<String> rules, boolean summary, boolean explain, Integer maxScan,
      boolean help, List<String> files) {

    static Options parse(String... args) throws UsageException {
      List<String> rules = new ArrayList<>();
      List<String> files = new ArrayList<>();
      boolean summary = false;
      boolean explain = false;
      boolean help = false;
      Integer maxScan = null;
      boolean optionsEnded = false;
      for (int i = 0; i < args.length; i++) {
        String arg = args[i];
        if (optionsEnded || arg.equals("-") || !arg.startsWith("-")) {
          files.add(arg);
          continue;
        }
        if (arg.equals("--")) {
          optionsEnded = true;
          continue;
        }
        int eq = arg.indexOf('=');
        String name = arg.startsWith("--") && eq > 0 ? arg.substring(0, eq) : arg;
        String value = name.length() < arg.length() ? arg.substring(eq + 1) : null;
        switch (name) {
          case "--rules":
            rules.add(value != null ? value : next(args, ++i, name));
            break;
          case "--max-scan":
            maxScan = positive(value != null ? value : next(args, ++i, name), name);
            break;
          case "--summary":
            summary = flag(name, value);
            break;
          case "--explain":
            explain = flag(name, value);
            break;
          case "--help":
          case "-h":
            help = flag(name, value);
            break;
          default:
            throw new UsageException("unknown option '" + arg + "'");
        }
      }
      if (summary && explain) {
        throw new UsageException("--summary and --explain cannot be used together");
      }
      return new Options(List.copyOf(rules), summary, explain, maxScan, help, List.copyOf(files));
    }

    private static String next(String[] args, int i, String option) throws UsageException {
      if (i >= args.length) {
        throw new UsageException(option + " needs a value");
      }
      return args[i];
    }

    private static boolean flag(String option, String value) throws UsageException {
      if (value != null) {
        throw new UsageException(option + " takes no value");
      }
      return true;
    }

    private static int positive(String value, String option) throws UsageException {
      try {
        int n = Integer.parseInt(value);
        if (n > 0) {
          return n;
        }
      } catch (NumberFormatException e) {
        // reported below
      }
      throw new UsageException(option + " needs a whole number from 1 to " + Integer.MAX_VALUE
          + ", not '" + value + "'");
    }
  }

  /** One run of the command. Not thread-safe. */
  private static final class Execution {
    private final InputStream stdin;
    private final PrintStream out;
    private final PrintStream err;
    private final LongSupplier nanoTime;
    private final Writer writer;
    private final StringBuilder sb = new StringBuilder(256);
    private Options options;
    private RuleClassifier classifier;
    private Summary summary;
    private long linesWritten;

    Execution(InputStream stdin, PrintStream out, PrintStream err, LongSupplier nanoTime) {
      this.stdin = stdin;
      this.out = out;
      this.err = err;
      this.nanoTime = nanoTime;
      this.writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
    }

    int run(String[] args) {
      try {
        options = Options.parse(args);
      } catch (UsageException e) {
        err.println(NAME + ": " + e.getMessage());
        err.print(USAGE);
        return 2;
      }
      if (options.help()) {
        out.print(USAGE);
        return 0;
      }
      classifier = classifier();
      if (classifier == null || !inputsReadable()) {
        return 1;
      }
      summary = options.summary() ? new Summary() : null;
      long start = nanoTime.getAsLong();
      try {
        if (options.files().isEmpty()) {
          classify(stdin, null);
        } else {
          for (String file : options.files()) {
            if (file.equals("-")) {
              classify(stdin, file);
            } else {
              try (InputStream in = Files.newInputStream(Path.of(file))) {
                classify(in, file);
              } catch (IOException e) {
                flushQuietly();
                err.println(NAME + ": cannot read input file " + file + ": " + describe(e));
                return 1;
              }
            }
          }
        }
        if (summary != null) {
          writer.write(summary.report(nanoTime.getAsLong() - start));
        }
        writer.flush();
      } catch (OutputClosed | IOException e) {
        err.println(NAME + ": cannot write the output");
        return 1;
      }
      if (out.checkError()) {
        err.println(NAME + ": cannot write the output");
        return 1;
      }
      return 0;
    }

    /** Returns the classifier, or null after reporting every rule file problem. */
    private RuleClassifier classifier() {
      RuleClassifier.Builder builder = RuleClassifier.builder();
      if (options.maxScan() != null) {
        builder.maxScanLength(options.maxScan());
      }
      if (options.rules().isEmpty()) {
        builder.add(RulePack.defaults());
      }
      boolean ok = true;
      for (String file : options.rules()) {
        try {
          builder.add(RulePack.load(Path.of(file)));
        } catch (IOException e) {
          err.println(NAME + ": cannot read rule file " + file + ": " + describe(e));
          ok = false;
        } catch (InvalidRulesException e) {
          err.println(NAME + ": " + e.getMessage());
          ok = false;
        } catch (IllegalArgumentException | IllegalStateException e) {
          err.println(NAME + ": cannot use rule file " + file + ": " + e.getMessage());
          ok = false;
        }
      }
      if (!ok) {
        return null;
      }
      try {
        return builder.build();
      } catch (InvalidRulesException e) {
        err.println(NAME + ": the rule files cannot be used together: " + e.getMessage());
        return null;
      }
    }

    /** Reports every input file that cannot be opened; returns whether all can. */
    private boolean inputsReadable() {
      boolean ok = true;
      for (String file : options.files()) {
        if (file.equals("-")) {
          continue;
        }
        String problem;
        try {
          Path p = Path.of(file);
          problem = !Files.exists(p) ? "no such file"
              : Files.isDirectory(p) ? "it is a directory"
              : !Files.isReadable(p) ? "permission denied"
              : null;
        } catch (InvalidPathException e) {
          problem = "not a valid path";
        }
        if (problem != null) {
          err.println(NAME + ": cannot read input file " + file + ": " + problem);
          ok = false;
        }
      }
      return ok;
    }

    private void classify(InputStream in, String file) throws IOException {
      // one character past the scanned ones, so that the classifier sees whether a match at the
      // end of the scanned part is followed by a word character, as it would in the whole line
      int keep = (int) Math.min(classifier.maxScanLength() + 1L, LineReader.MAX_KEEP);
      LineReader lines = new LineReader(in, keep, LineReader.DEFAULT_BUFFER_SIZE,
          this::flushQuietly);
      long number = 0;
      for (String line = lines.next(); line != null; line = lines.next()) {
        number++;
        if (summary != null) {
          summary.add(classifier.classify(line));
          continue;
        }
        sb.setLength(0);
        sb.append('{');
        if (file != null) {
          Json.string(sb.append("\"file\":"), file).append(',');
        }
        sb.append("\"line\":").append(number);
        if (options.explain()) {
          Explanation e = classifier.explain(line);
          appendClassification(e.classification());
          if (e.level() != null) {
            sb.append(",\"eventLevel\":\"").append(e.level().name()).append('"');
          }
          sb.append(",\"matches\":[");
          for (int i = 0; i < e.matches().size(); i++) {
            Explanation.Match m = e.matches().get(i);
            sb.append(i == 0 ? "{" : ",{");
            Json.string(sb.append("\"rule\":"), m.rule().id());
            sb.append(",\"start\":").append(m.start()).append(",\"end\":").append(m.end())
                .append(",\"accepted\":").append(m.accepted());
            if (!m.accepted()) {
              Json.string(sb.append(",\"reason\":"), m.rejectedBecause());
            }
            sb.append('}');
          }
          sb.append(']');
        } else {
          appendClassification(classifier.classify(line));
        }
        sb.append("}\n");
        writer.append(sb);
        if (++linesWritten % CHECK_OUTPUT_EVERY == 0 && out.checkError()) {
          throw new OutputClosed();
        }
      }
    }

    private void appendClassification(Classification c) {
      sb.append(",\"level\":");
      Json.string(sb, c.matched() ? c.severity().name() : null);
      Json.string(sb.append(",\"category\":"), c.category());
      Json.string(sb.append(",\"rule\":"), c.ruleId());
    }

    private void flushQuietly() {
      try {
        writer.flush();
      } catch (IOException e) {
        // reported when the next line is written
      }
    }
  }

  /** Thrown when the output has been closed, as by a reader that quit. */
  private static final class OutputClosed extends RuntimeException {
    private static final long serialVersionUID = 1L;

    OutputClosed() {
      super(null, null, false, false);
    }
  }

  private static String describe(IOException e) {
    if (e instanceof NoSuchFileException) {
      return "no such file";
    }
    if (e instanceof AccessDeniedException) {
      return "permission denied";
    }
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }
}
