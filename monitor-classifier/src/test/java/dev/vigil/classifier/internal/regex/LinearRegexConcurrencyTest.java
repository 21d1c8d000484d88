package dev.vigil.classifier.internal.regex;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** One compiled regex shared by many threads; matching allocates nothing. */
class LinearRegexConcurrencyTest {
  private static final int THREADS = 8;

  @Test
  void sharedRegexGivesTheSameResultsOnEveryThread() throws Exception {
    LinearRegex regex = LinearRegex.compile("\\b(?:error|fail(?:ed|ure))\\b.*\\d{3,}", true, false);
    Random random = new Random(7);
    List<String> texts = new ArrayList<>();
    String[] words = {"error", "ERROR", "failed", "failure", "ok", "123", "4567", " ", "x", "_", "é"};
    for (int i = 0; i < 2_000; i++) {
      StringBuilder sb = new StringBuilder();
      for (int n = random.nextInt(12); n > 0; n--) {
        sb.append(words[random.nextInt(words.length)]);
      }
      texts.add(sb.toString());
    }
    long[] expected = new long[texts.size()];
    for (int i = 0; i < expected.length; i++) {
      expected[i] = result(regex, texts.get(i));
    }
    CountDownLatch ready = new CountDownLatch(THREADS);
    CountDownLatch go = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    try {
      List<Future<Integer>> mismatches = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        mismatches.add(pool.submit(() -> {
          ready.countDown();
          go.await();
          int wrong = 0;
          for (int round = 0; round < 20; round++) {
            for (int i = 0; i < expected.length; i++) {
              if (result(regex, texts.get(i)) != expected[i]) {
                wrong++;
              }
            }
          }
          return wrong;
        }));
      }
      assertThat(ready.await(10, TimeUnit.SECONDS)).isTrue();
      go.countDown();
      for (Future<Integer> f : mismatches) {
        assertThat(f.get(60, TimeUnit.SECONDS)).isZero();
      }
    } finally {
      pool.shutdownNow();
    }
  }

  /** find and findFirst folded into one value: -2 when find is false. */
  private static long result(LinearRegex regex, String text) {
    return regex.find(text, text.length()) ? regex.findFirst(text, text.length()) : -2;
  }

  @Test
  void matchingAllocatesNothing() {
    java.lang.management.ThreadMXBean bean = ManagementFactory.getThreadMXBean();
    if (!(bean instanceof com.sun.management.ThreadMXBean sun) || !sun.isThreadAllocatedMemorySupported()) {
      return; // not measurable on this JVM
    }
    LinearRegex regex = LinearRegex.compile("\\bfail(?:ed|ure)\\b|[0-9]{4}-\\d\\d", true, true);
    String text = "2026-11-21 12:00:00 INFO everything is fine here, nothing failed_ at all. é";
    StringBuilder builder = new StringBuilder(text);
    int sink = 0;
    for (int i = 0; i < 20_000; i++) { // warm up, so the JIT compiles and escape-analyses
      sink += work(regex, text, builder);
    }
    long threadId = Thread.currentThread().getId();
    long before = sun.getThreadAllocatedBytes(threadId);
    for (int i = 0; i < 10_000; i++) {
      sink += work(regex, text, builder);
    }
    long allocated = sun.getThreadAllocatedBytes(threadId) - before;
    assertThat(sink).isPositive();
    assertThat(allocated).as("bytes allocated by 10,000 rounds").isLessThan(10_000);
  }

  private static int work(LinearRegex regex, String text, StringBuilder builder) {
    int n = regex.find(text, text.length()) ? 1 : 0;
    n += regex.find(builder, builder.length()) ? 1 : 0;
    n += regex.findFirst(text, 14) >= 0 ? 1 : 0;
    n += regex.findFirst(text, text.length()) >= 0 ? 1 : 0;
    return n;
  }
}
