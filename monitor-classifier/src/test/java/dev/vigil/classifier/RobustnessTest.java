package dev.vigil.classifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.Classification;
import dev.vigil.Severity;
import java.lang.management.ManagementFactory;
import java.nio.CharBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Hostile input, many threads, and the promise that classify allocates nothing. */
class RobustnessTest {

  private final RuleClassifier classifier = RuleClassifier.withDefaults();

  @Test
  void examinesOnlyTheConfiguredPrefixOfAHugeLine() {
    String huge = "x".repeat(2_000_000) + " OutOfMemoryError";
    assertThat(classifier.classify(huge)).isEqualTo(Classification.NONE);
    String early = "OutOfMemoryError " + "x".repeat(2_000_000);
    assertThat(classifier.classify(early).ruleId()).isEqualTo("memory.out-of-memory");

    RuleClassifier wide = RuleClassifier.builder().add(RulePack.defaults())
        .maxScanLength(Integer.MAX_VALUE).build();
    assertThat(wide.classify(huge).ruleId()).isEqualTo("memory.out-of-memory");
  }

  @Test
  void aKeywordCutByTheScanLimitDoesNotMatch() {
    RuleClassifier c = RuleClassifier.builder()
        .add(Rule.keywords("refused", "ECONNREFUSED").classify(Severity.CRITICAL, "connection").build())
        .add(Rule.keywords("code", "500").wholeWord(true).classify(Severity.ERROR, "api").build())
        .maxScanLength(22).build();
    assertThat(c.classify("0123456789 ECONNREFUSED").matched()).isFalse();
    assertThat(c.classify("012345678 ECONNREFUSED").ruleId()).isEqualTo("refused");
    // The scan limit is also the end of the line for word boundaries: "500" ends the window.
    assertThat(c.classify("0123456789abcdefgh 500x").ruleId()).isEqualTo("code");
    assertThat(c.explain("0123456789abcdefgh 500x").matches()).singleElement()
        .satisfies(m -> assertThat(m.end()).isEqualTo(22));
  }

  @Test
  void nulBytesSurrogatesAndControlCharactersAreOrdinaryCharacters() {
    assertThat(classifier.classify("\u0000\u0000ECONNREFUSED\u0000").ruleId())
        .isEqualTo("connection.refused");
    assertThat(classifier.classify("\uD800\uDC00\uDFFF\uD800 ECONNREFUSED \uFFFD\uFFFE")
        .ruleId()).isEqualTo("connection.refused");
    assertThat(classifier.classify("\u0000".repeat(10_000))).isEqualTo(Classification.NONE);
    assertThat(classifier.classify("")).isEqualTo(Classification.NONE);
  }

  @Test
  void htmlAndMarkupAreJustText() {
    assertThat(classifier.classify("<script>alert('ECONNREFUSED')</script>").ruleId())
        .isEqualTo("connection.refused");
    assertThat(classifier.classify("<b>&lt;ok&gt;</b> <img src=x onerror=alert(1)>").matched())
        .isFalse();
  }

  @Test
  void acceptsAnyCharSequence() {
    StringBuilder sb = new StringBuilder("ERROR: deadlock detected");
    assertThat(classifier.classify(sb).ruleId()).isEqualTo("database.deadlock");
    assertThat(classifier.classify(CharBuffer.wrap("ERROR: deadlock detected")).ruleId())
        .isEqualTo("database.deadlock");
  }

  @Test
  void rejectsNullLinesWithAClearMessage() {
    assertThatThrownBy(() -> classifier.classify(null)).isInstanceOf(NullPointerException.class)
        .hasMessage("line");
  }

  @Test
  void adversarialKeywordsStayLinear() {
    // Every position is a partial match of a long keyword: the worst case for the filter.
    RuleClassifier c = RuleClassifier.builder()
        .add(Rule.keywords("a", "a".repeat(255) + "b").classify(Severity.ERROR, "x").build())
        .add(Rule.keywords("aa", "aa").wholeWord(true).classify(Severity.WARN, "x").build())
        .maxScanLength(1 << 20).build();
    String line = "a".repeat(1 << 20);
    long start = System.nanoTime();
    for (int i = 0; i < 5; i++) {
      assertThat(c.classify(line)).isEqualTo(Classification.NONE);
    }
    // Linear: about 1M characters per call. A quadratic scan would take minutes.
    assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start)).isLessThan(10);
  }

  @Test
  void manyThreadsShareOneClassifier() throws Exception {
    List<String> lines = new ArrayList<>();
    for (Path file : Corpus.logFiles()) {
      lines.addAll(Corpus.lines(file));
    }
    Classification[] expected = new Classification[lines.size()];
    for (int i = 0; i < expected.length; i++) {
      expected[i] = classifier.classify(lines.get(i));
    }
    int threads = 8;
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<Integer>> results = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int offset = t * 997;
        results.add(pool.submit(() -> {
          start.await();
          int agreed = 0;
          for (int k = 0; k < expected.length; k++) {
            int i = (k + offset) % expected.length;
            if (classifier.classify(lines.get(i)) == expected[i]) {
              agreed++;
            }
          }
          return agreed;
        }));
      }
      start.countDown();
      for (Future<Integer> f : results) {
        assertThat(f.get(60, TimeUnit.SECONDS)).isEqualTo(expected.length);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void classifyAllocatesNothing() {
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    List<String> lines = new ArrayList<>();
    for (Path file : Corpus.logFiles()) {
      lines.addAll(Corpus.lines(file));
    }
    lines.add("ERROR PaymentService failed: database timeout, status=503 ECONNREFUSED");
    lines.add("LOG:  duration: 1523.456 ms  statement: SELECT 1");
    int matched = 0;
    for (int warm = 0; warm < 20; warm++) {
      for (String line : lines) {
        matched += classifier.classify(line).matched() ? 1 : 0;
      }
    }
    long id = Thread.currentThread().getId();
    long before = threads.getThreadAllocatedBytes(id);
    for (String line : lines) {
      matched += classifier.classify(line).matched() ? 1 : 0;
    }
    long allocated = threads.getThreadAllocatedBytes(id) - before;
    assertThat(matched).isPositive();
    // A little slack for the measurement itself; one allocation per line would be > 500 KB.
    assertThat(allocated).as("bytes allocated classifying %d lines", lines.size())
        .isLessThan(1024);
  }
}
