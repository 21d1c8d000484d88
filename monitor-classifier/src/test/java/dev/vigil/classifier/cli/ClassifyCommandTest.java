package dev.vigil.classifier.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.vigil.Classification;
import dev.vigil.classifier.Corpus;
import dev.vigil.classifier.Explanation;
import dev.vigil.classifier.InvalidRulesException;
import dev.vigil.classifier.RuleClassifier;
import dev.vigil.classifier.RulePack;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClassifyCommandTest {

  static final String RULES = "[\n"
      + "{\"id\": \"db.down\", \"keyword\": \"database down\", \"severity\": \"CRITICAL\","
      + " \"category\": \"database\"},\n"
      + "{\"id\": \"api.slow\", \"regex\": \"took \\\\d+ ms\", \"severity\": \"WARN\","
      + " \"category\": \"api\"},\n"
      + "{\"id\": \"auth.fail\", \"keyword\": \"login failed\", \"severity\": \"ERROR\","
      + " \"category\": \"security\", \"levelAtLeast\": \"WARN\", \"wholeWord\": true},\n"
      + "{\"id\": \"odd.bytes\", \"keyword\": \"bad\\ufffdbyte\", \"severity\": \"INFO\","
      + " \"category\": \"encoding\"}\n"
      + "]";

  @TempDir
  Path dir;

  Path rules;

  record Result(int status, String out, String err) {
    /** Returns the lines of the output, each without its terminator. */
    List<String> lines() {
      assertThat(out.isEmpty() || out.endsWith("\n")).as("output ends with a newline").isTrue();
      return out.isEmpty() ? List.of()
          : Arrays.asList(out.substring(0, out.length() - 1).split("\n", -1));
    }
  }

  @BeforeEach
  void writeRules() throws IOException {
    rules = write("rules.json", RULES);
  }

  Path write(String name, String content) throws IOException {
    return write(name, content.getBytes(UTF_8));
  }

  Path write(String name, byte[] content) throws IOException {
    Path file = dir.resolve(name);
    Files.write(file, content);
    return file;
  }

  static Result run(InputStream stdin, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    AtomicLong clock = new AtomicLong(1_000_000_000L);
    int status = ClassifyCommand.run(args, stdin, new PrintStream(out, false, UTF_8),
        new PrintStream(err, false, UTF_8), () -> clock.getAndAdd(1_250_000_000L));
    return new Result(status, out.toString(UTF_8), err.toString(UTF_8));
  }

  static Result run(String stdin, String... args) {
    return run(new ByteArrayInputStream(stdin.getBytes(UTF_8)), args);
  }

  String rulesArg() {
    return "--rules=" + rules;
  }

  /** The object the command prints for a line, computed with the public API. */
  static String expected(RuleClassifier c, String file, long number, String line) {
    Classification k = c.classify(line);
    StringBuilder sb = new StringBuilder("{");
    if (file != null) {
      Json.string(sb.append("\"file\":"), file).append(',');
    }
    sb.append("\"line\":").append(number).append(",\"level\":");
    Json.string(sb, k.matched() ? k.severity().name() : null);
    Json.string(sb.append(",\"category\":"), k.category());
    Json.string(sb.append(",\"rule\":"), k.ruleId());
    return sb.append('}').toString();
  }

  // --- output ---

  @Test
  void printsOneObjectPerLineOfStandardInputInOrder() {
    Result r = run("ok\nWARN request took 350 ms\r\n\nERROR the database down again\nlast",
        rulesArg());

    assertThat(r.status()).isZero();
    assertThat(r.err()).isEmpty();
    assertThat(r.out()).isEqualTo(""
        + "{\"line\":1,\"level\":null,\"category\":null,\"rule\":null}\n"
        + "{\"line\":2,\"level\":\"WARN\",\"category\":\"api\",\"rule\":\"api.slow\"}\n"
        + "{\"line\":3,\"level\":null,\"category\":null,\"rule\":null}\n"
        + "{\"line\":4,\"level\":\"CRITICAL\",\"category\":\"database\",\"rule\":\"db.down\"}\n"
        + "{\"line\":5,\"level\":null,\"category\":null,\"rule\":null}\n");
  }

  @Test
  void withFilesNumberingRestartsAndTheFileComesFirst() throws IOException {
    Path a = write("a.log", "database down\r\nnothing\r\n");
    Path b = write("b \"q\".log", "took 5 ms");
    Path empty = write("empty.log", "");

    Result r = run("database down from stdin\n", rulesArg(), a.toString(), empty.toString(),
        "-", b.toString());

    assertThat(r.status()).isZero();
    String bName = b.toString().replace("\"", "\\\"");
    assertThat(r.lines()).containsExactly(
        "{\"file\":\"" + a + "\",\"line\":1,\"level\":\"CRITICAL\",\"category\":\"database\","
            + "\"rule\":\"db.down\"}",
        "{\"file\":\"" + a + "\",\"line\":2,\"level\":null,\"category\":null,\"rule\":null}",
        "{\"file\":\"-\",\"line\":1,\"level\":\"CRITICAL\",\"category\":\"database\","
            + "\"rule\":\"db.down\"}",
        "{\"file\":\"" + bName + "\",\"line\":1,\"level\":\"WARN\",\"category\":\"api\","
            + "\"rule\":\"api.slow\"}");
  }

  @Test
  void anEmptyInputPrintsNothing() {
    Result r = run("");

    assertThat(r.status()).isZero();
    assertThat(r.out()).isEmpty();
    assertThat(r.err()).isEmpty();
  }

  @Test
  void withoutRulesTheDefaultPackIsUsed() {
    RuleClassifier defaults = RuleClassifier.withDefaults();
    String[] lines = {"FATAL kernel panic", "connect ETIMEDOUT 10.0.0.1:443",
        "slow query: 2.1 s", "all good", "unhandledException in worker"};

    Result r = run(String.join("\n", lines) + "\n");

    List<String> expected = new ArrayList<>();
    for (int i = 0; i < lines.length; i++) {
      expected.add(expected(defaults, null, i + 1, lines[i]));
    }
    assertThat(r.lines()).isEqualTo(expected);
  }

  @Test
  void rulesFilesAreCombinedInOrder() throws IOException {
    Path more = write("more.yaml", "- {id: db.down2, keyword: database down, severity: CRITICAL,"
        + " category: database2}\n- {id: disk.full, keyword: disk full, severity: ERROR,"
        + " category: disk}\n");

    Result r = run("database down\ndisk full\ntook 1 ms\n", rulesArg(), "--rules", more.toString());

    assertThat(r.status()).isZero();
    assertThat(r.lines()).extracting(l -> l.replaceAll(".*\"rule\":", ""))
        .containsExactly("\"db.down\"}", "\"disk.full\"}", "\"api.slow\"}");
    assertThat(run("database down\n", "--rules", more.toString(), rulesArg()).out())
        .contains("\"rule\":\"db.down2\"");
  }

  @Test
  void explainAddsTheMatchesAndTheEventLevel() throws IOException {
    RuleClassifier c = RuleClassifier.builder().add(RulePack.load(rules)).build();
    String rejected = "DEBUG login failed, request took 3 ms";
    Explanation e = c.explain(rejected);
    Explanation.Match slow = e.matches().stream()
        .filter(m -> m.rule().id().equals("api.slow")).findFirst().orElseThrow();
    Explanation.Match fail = e.matches().stream()
        .filter(m -> m.rule().id().equals("auth.fail")).findFirst().orElseThrow();

    Result r = run("ERROR login failed\n" + rejected + "\nnothing\n", rulesArg(), "--explain");

    assertThat(r.status()).isZero();
    StringBuilder reason = Json.string(new StringBuilder(), fail.rejectedBecause());
    String failMatch = "{\"rule\":\"auth.fail\",\"start\":6,\"end\":18,\"accepted\":false,\"reason\":"
        + reason + "}";
    String slowMatch = "{\"rule\":\"api.slow\",\"start\":" + slow.start() + ",\"end\":" + slow.end()
        + ",\"accepted\":true}";
    assertThat(r.lines()).containsExactly(
        "{\"line\":1,\"level\":\"ERROR\",\"category\":\"security\",\"rule\":\"auth.fail\","
            + "\"eventLevel\":\"ERROR\",\"matches\":[{\"rule\":\"auth.fail\",\"start\":6,"
            + "\"end\":18,\"accepted\":true}]}",
        "{\"line\":2,\"level\":\"WARN\",\"category\":\"api\",\"rule\":\"api.slow\","
            + "\"eventLevel\":\"DEBUG\",\"matches\":[" + failMatch + "," + slowMatch + "]}",
        "{\"line\":3,\"level\":null,\"category\":null,\"rule\":null,\"matches\":[]}");
    assertThat(fail.rejectedBecause()).isNotBlank();
  }

  @Test
  void summaryCountsLinesSeveritiesCategoriesAndRules() {
    Result r = run("database down\ndatabase down\ntook 1 ms\nWARN login failed\nnothing\n"
        + "took 2 ms\ntook 3 ms\n", rulesArg(), "--summary");

    assertThat(r.status()).isZero();
    assertThat(r.out()).isEqualTo(""
        + "lines read: 7\n"
        + "matched:    6 (85.7%)\n"
        + "by severity:\n"
        + "  CRITICAL: 2\n"
        + "  ERROR:    1\n"
        + "  WARN:     3\n"
        + "  INFO:     0\n"
        + "by category:\n"
        + "  api:      3\n"
        + "  database: 2\n"
        + "  security: 1\n"
        + "top rules:\n"
        + "  api.slow:  3\n"
        + "  db.down:   2\n"
        + "  auth.fail: 1\n"
        + "elapsed: 1.250 s (6 lines/s)\n");
  }

  @Test
  void summaryOfNothing() {
    Result r = run("", "--summary");

    assertThat(r.out()).startsWith("lines read: 0\nmatched:    0\n")
        .contains("by category:\n  (none)\ntop rules:\n  (none)\n");
  }

  @Test
  void maxScanLimitsWhatIsExamined() {
    String line = "x".repeat(20) + " database down";

    assertThat(run(line + "\n", rulesArg(), "--max-scan", "34").out()).contains("db.down");
    assertThat(run(line + "\n", rulesArg(), "--max-scan=33").out()).contains("\"rule\":null");
    assertThat(run(line + "\n", rulesArg()).out()).contains("db.down");
  }

  // --- usage and exit status ---

  @Test
  void helpPrintsTheUsage() {
    Result r = run("", "--help");

    assertThat(r.status()).isZero();
    assertThat(r.out()).isEqualTo(ClassifyCommand.USAGE).startsWith("Usage: java -jar"
        + " vigil-classify.jar [OPTIONS] [FILE...]\n");
    assertThat(r.err()).isEmpty();
    assertThat(run("", "-h").out()).isEqualTo(ClassifyCommand.USAGE);
  }

  @Test
  void badUsageExitsWithTwoAndTheUsageOnStandardError() {
    String[][] cases = {
        {"--bogus"}, {"-x", "file"}, {"--rules"}, {"--max-scan", "abc"}, {"--max-scan", "0"},
        {"--max-scan=-3"}, {"--summary=yes"}, {"--summary", "--explain"}};
    String[] messages = {
        "unknown option '--bogus'", "unknown option '-x'", "--rules needs a value",
        "--max-scan needs a whole number from 1 to 2147483647, not 'abc'",
        "--max-scan needs a whole number from 1 to 2147483647, not '0'",
        "--max-scan needs a whole number from 1 to 2147483647, not '-3'",
        "--summary takes no value", "--summary and --explain cannot be used together"};
    for (int i = 0; i < cases.length; i++) {
      Result r = run("line\n", cases[i]);

      assertThat(r.status()).as(Arrays.toString(cases[i])).isEqualTo(2);
      assertThat(r.out()).isEmpty();
      assertThat(r.err()).isEqualTo("vigil-classify: " + messages[i] + "\n" + ClassifyCommand.USAGE);
    }
  }

  @Test
  void afterDoubleDashEverythingIsAFile() throws IOException {
    Path odd = write("--odd.log", "database down\n");

    Result r = run("", rulesArg(), "--", odd.getFileName().toString());

    // relative to the working directory, where it does not exist
    assertThat(r.status()).isEqualTo(1);
    assertThat(r.err()).isEqualTo("vigil-classify: cannot read input file --odd.log: no such file\n");
    assertThat(run("", rulesArg(), "--", odd.toString()).out()).contains("db.down");
  }

  @Test
  void anInvalidRuleFileExitsWithOneAndEveryProblem() throws IOException {
    Path bad = write("bad.yaml", "- id: a\n  keyword: x\n  severity: SEVER\n  category: Db\n"
        + "- {keyword: y, severity: INFO, category: c, colour: red}\n");
    String message = catchThrowableOfType(InvalidRulesException.class,
        () -> RulePack.load(bad)).getMessage();

    Result r = run("line\n", "--rules", bad.toString());

    assertThat(r.status()).isEqualTo(1);
    assertThat(r.out()).isEmpty();
    assertThat(message).startsWith("4 problems in bad.yaml:\n");
    assertThat(r.err()).isEqualTo("vigil-classify: " + message + "\n");
  }

  @Test
  void everyBadRuleFileIsReported() throws IOException {
    Path bad = write("bad.json", "{");

    Result r = run("line\n", "--rules", bad.toString(), "--rules", dir.resolve("none.json").toString(),
        "--rules", rules.toString(), "--rules", dir.resolve("rules.txt").toString());

    assertThat(r.status()).isEqualTo(1);
    assertThat(r.err()).startsWith("vigil-classify: 1 problem in bad.json:\n"
        + "  rule '(document)', field '(syntax)': ")
        .contains("\nvigil-classify: cannot read rule file " + dir.resolve("none.json")
            + ": no such file\n")
        .endsWith("\nvigil-classify: cannot use rule file " + dir.resolve("rules.txt")
            + ": cannot tell the format of rule file '" + dir.resolve("rules.txt")
            + "': its name must end in .json, .yaml or .yml\n");
  }

  @Test
  void rulesThatCannotBeCombinedExitWithOne() {
    Result r = run("line\n", rulesArg(), rulesArg());

    assertThat(r.status()).isEqualTo(1);
    assertThat(r.err()).startsWith("vigil-classify: the rule files cannot be used together: ")
        .contains("rule 'db.down', field 'id': is used by more than one rule");
  }

  @Test
  void missingInputFilesExitWithOneBeforeAnyOutput() throws IOException {
    Path ok = write("ok.log", "database down\n");

    Result r = run("", rulesArg(), ok.toString(), dir.resolve("gone.log").toString(),
        dir.toString());

    assertThat(r.status()).isEqualTo(1);
    assertThat(r.out()).isEmpty();
    assertThat(r.err()).isEqualTo(""
        + "vigil-classify: cannot read input file " + dir.resolve("gone.log") + ": no such file\n"
        + "vigil-classify: cannot read input file " + dir + ": it is a directory\n");
  }

  @Test
  void stopsWhenTheOutputIsClosed() {
    AtomicLong read = new AtomicLong();
    InputStream endless = new GeneratedInput(100L << 20, "", "database down\n", read);
    PrintStream closed = new PrintStream(new OutputStream() {
      @Override
      public void write(int b) throws IOException {
        throw new IOException("Broken pipe");
      }

      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        throw new IOException("Broken pipe");
      }
    }, false, UTF_8);
    ByteArrayOutputStream err = new ByteArrayOutputStream();

    int status = ClassifyCommand.run(new String[0], endless, closed,
        new PrintStream(err, true, UTF_8));

    assertThat(status).isEqualTo(1);
    assertThat(err.toString(UTF_8)).isEqualTo("vigil-classify: cannot write the output\n");
    assertThat(read.get()).isLessThan(10L << 20);
  }

  // --- hostile input ---

  @Test
  void invalidUtf8IsReplacedNotFatal() {
    byte[] input = {'b', 'a', 'd', (byte) 0xFF, 'b', 'y', 't', 'e', '\n', (byte) 0xC3, '\n',
        (byte) 0xF0, (byte) 0x9F};

    Result r = run(new ByteArrayInputStream(input), rulesArg());

    assertThat(r.status()).isZero();
    assertThat(r.lines()).hasSize(3);
    assertThat(r.lines().get(0)).contains("\"rule\":\"odd.bytes\"");
  }

  @Test
  void nulBytesAreOrdinaryCharacters() {
    Result r = run("\0\0\n\0database down\0\n\0", rulesArg());

    assertThat(r.lines()).hasSize(3);
    assertThat(r.lines().get(1)).contains("db.down");
  }

  @Test
  void aTwoMegabyteLineIsCutToTheScannedPart() {
    String longLine = "database down " + "y".repeat(2 << 20) + " took 5 ms";
    String hidden = "z".repeat(5000) + " database down";

    Result r = run(longLine + "\n" + hidden + "\r\ntook 7 ms\n", rulesArg());

    assertThat(r.lines()).containsExactly(
        "{\"line\":1,\"level\":\"CRITICAL\",\"category\":\"database\",\"rule\":\"db.down\"}",
        "{\"line\":2,\"level\":null,\"category\":null,\"rule\":null}",
        "{\"line\":3,\"level\":\"WARN\",\"category\":\"api\",\"rule\":\"api.slow\"}");
  }

  @Test
  void aFiftyMegabyteLineWithoutNewlineTakesBoundedMemoryAndTime() {
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    AtomicLong read = new AtomicLong();
    long allocatedBefore = threads.getCurrentThreadAllocatedBytes();
    long start = System.nanoTime();

    Result r = run(new GeneratedInput(50L << 20, "database down ", "x", read), rulesArg());

    long allocated = threads.getCurrentThreadAllocatedBytes() - allocatedBefore;
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(20));
    assertThat(read.get()).isEqualTo(50L << 20);
    assertThat(r.lines()).containsExactly(
        "{\"line\":1,\"level\":\"CRITICAL\",\"category\":\"database\",\"rule\":\"db.down\"}");
    // the input is 50 MB; buffering the line would allocate at least twice that
    assertThat(allocated).isLessThan(16L << 20);
  }

  @Test
  void tenThousandEmptyLinesGiveTenThousandObjects() {
    long start = System.nanoTime();

    Result r = run("\n".repeat(10_000), rulesArg());

    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    List<String> lines = r.lines();
    assertThat(lines).hasSize(10_000);
    for (int i = 0; i < 10_000; i++) {
      assertThat(lines.get(i)).isEqualTo(
          "{\"line\":" + (i + 1) + ",\"level\":null,\"category\":null,\"rule\":null}");
    }
  }

  @Test
  void outputMatchesAnOracleOnSeededRandomInput() throws IOException {
    RuleClassifier c = RuleClassifier.builder().add(RulePack.load(rules)).maxScanLength(40).build();
    Random random = new Random(7);
    String[] words = {"database", "down", "took", "12", "ms", "login", "failed", "WARN", "DEBUG",
        "\r", "\0", "\u00e9", "\uD83D\uDE00", " ", " ", " "};
    ByteArrayOutputStream input = new ByteArrayOutputStream();
    List<String> expected = new ArrayList<>();
    for (int n = 1; n <= 3000; n++) {
      StringBuilder line = new StringBuilder();
      int length = random.nextInt(30);
      for (int i = 0; i < length; i++) {
        line.append(words[random.nextInt(words.length)]);
      }
      String text = line.toString();
      input.writeBytes((text + (random.nextBoolean() ? "\r\n" : "\n")).getBytes(UTF_8));
      String cut = text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
      expected.add(expected(c, null, n, cut.length() > 41 ? cut.substring(0, 41) : cut));
    }

    Result r = run(new ByteArrayInputStream(input.toByteArray()), rulesArg(), "--max-scan", "40");

    assertThat(r.lines()).isEqualTo(expected);
  }

  @Test
  void classifiesTheLogHubCorpusOneObjectPerLine() throws IOException {
    List<String> files = new ArrayList<>();
    long lines = 0;
    for (Path p : Corpus.logFiles()) {
      files.add(p.toString());
      lines += Corpus.lines(p).size();
    }
    long start = System.nanoTime();

    Result r = run("", files.toArray(new String[0]));

    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(30));
    assertThat(r.status()).isZero();
    assertThat((long) r.lines().size()).isEqualTo(lines);
    String previousFile = null;
    long previous = 0;
    for (String l : r.lines()) {
      String file = l.substring(9, l.indexOf("\",\"line\":"));
      long number = Long.parseLong(l.replaceAll(".*\"line\":(\\d+),.*", "$1"));
      assertThat(number).isEqualTo(file.equals(previousFile) ? previous + 1 : 1);
      previousFile = file;
      previous = number;
    }
  }

  /**
   * A stream of {@code size} bytes, {@code head} and then {@code fill} repeated, made as it is
   * read, without storing it; counts the bytes read.
   */
  static final class GeneratedInput extends InputStream {
    private final byte[] head;
    private final byte[] fill;
    private final long size;
    private final AtomicLong position;

    GeneratedInput(long size, String head, String fill, AtomicLong position) {
      this.size = size;
      this.head = head.getBytes(UTF_8);
      this.fill = fill.getBytes(UTF_8);
      this.position = position;
    }

    @Override
    public int read() {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) {
      long pos = position.get();
      if (pos >= size) {
        return -1;
      }
      int n = (int) Math.min(len, size - pos);
      for (int i = 0; i < n; i++) {
        long p = pos + i;
        b[off + i] = p < head.length ? head[(int) p] : fill[(int) ((p - head.length) % fill.length)];
      }
      position.addAndGet(n);
      return n;
    }

    @Override
    public int available() {
      return (int) Math.min(Integer.MAX_VALUE, size - position.get());
    }
  }
}
