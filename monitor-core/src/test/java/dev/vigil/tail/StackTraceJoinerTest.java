package dev.vigil.tail;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class StackTraceJoinerTest {

  @Test
  void recognisesJavaStackTraceContinuationLines() {
    assertThat(StackTraceJoiner.isContinuation("\tat com.acme.A.b(A.java:1)")).isTrue();
    assertThat(StackTraceJoiner.isContinuation("    at com.acme.A.b(A.java:1)")).isTrue();
    assertThat(StackTraceJoiner.isContinuation("Caused by: java.io.IOException: x")).isTrue();
    assertThat(StackTraceJoiner.isContinuation("\tSuppressed: java.lang.Exception")).isTrue();
    assertThat(StackTraceJoiner.isContinuation("  Suppressed: java.lang.Exception")).isTrue();
    assertThat(StackTraceJoiner.isContinuation("\t... 12 more")).isTrue();
    assertThat(StackTraceJoiner.isContinuation("... 3 more")).isTrue();
    assertThat(StackTraceJoiner.isContinuation(" ... 3 common frames omitted")).isTrue();
    assertThat(StackTraceJoiner.isContinuation("\tanything after a tab")).isTrue();

    assertThat(StackTraceJoiner.isContinuation("")).isFalse();
    assertThat(StackTraceJoiner.isContinuation("at com.acme.A.b(A.java:1)")).isFalse();
    assertThat(StackTraceJoiner.isContinuation("  attention please")).isFalse();
    assertThat(StackTraceJoiner.isContinuation("   ")).isFalse();
    assertThat(StackTraceJoiner.isContinuation("... more")).isFalse();
    assertThat(StackTraceJoiner.isContinuation("... 3 lines skipped")).isFalse();
    assertThat(StackTraceJoiner.isContinuation("2024-01-01 ERROR Caused by: x")).isFalse();
  }

  @Test
  void joinsAndCutsAtTheRecordLimit() {
    List<String> out = new ArrayList<>();
    int[] cuts = new int[1];
    StackTraceJoiner j = new StackTraceJoiner(12, out::add, () -> cuts[0]++);
    j.line("\tat x"); // nothing to continue: starts a record
    j.line("abc");
    assertThat(out).containsExactly("\tat x");
    j.line("\tat defgh"); // "abc\n\tat defg" is 12 characters
    j.line("\tat more");
    assertThat(j.hasPendingRecord()).isTrue();
    j.flush();
    j.flush();
    assertThat(out).containsExactly("\tat x", "abc\n\tat defg");
    assertThat(cuts[0]).isEqualTo(1);
    assertThat(j.hasPendingRecord()).isFalse();
  }
}
