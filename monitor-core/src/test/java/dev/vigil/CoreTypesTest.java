package dev.vigil;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CoreTypesTest {

  @Test
  void severitiesAreOrderedBySeriousness() {
    assertThat(Severity.CRITICAL.isAtLeast(Severity.ERROR)).isTrue();
    assertThat(Severity.WARN.isAtLeast(Severity.ERROR)).isFalse();
    assertThat(Severity.INFO.isAtLeast(Severity.INFO)).isTrue();
  }

  @Test
  void parsesSeveritiesAndTheirAlias() {
    assertThat(Severity.parse(" warning ")).isEqualTo(Severity.WARN);
    assertThat(Severity.parse("critical")).isEqualTo(Severity.CRITICAL);
    assertThatThrownBy(() -> Severity.parse("SEVER"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("unknown severity 'SEVER' (expected INFO, WARN, ERROR or CRITICAL)");
  }

  @Test
  void parsesTheLevelNamesOfCommonLoggingFrameworks() {
    assertThat(LogLevel.parse("SEVERE")).isEqualTo(LogLevel.ERROR);   // java.util.logging
    assertThat(LogLevel.parse("finest")).isEqualTo(LogLevel.TRACE);
    assertThat(LogLevel.parse("notice")).isEqualTo(LogLevel.INFO);    // syslog
    assertThat(LogLevel.parse("EMERG")).isEqualTo(LogLevel.FATAL);
    assertThat(LogLevel.parse("Warning")).isEqualTo(LogLevel.WARN);
    assertThat(LogLevel.ERROR.isAtLeast(LogLevel.WARN)).isTrue();
    assertThatThrownBy(() -> LogLevel.parse("LOUD"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("unknown log level 'LOUD'");
  }

  @Test
  void classificationsAreValues() {
    Classification a = Classification.of("db.down", Severity.CRITICAL, "database");
    assertThat(a).isEqualTo(Classification.of("db.down", Severity.CRITICAL, "database"))
        .hasSameHashCodeAs(Classification.of("db.down", Severity.CRITICAL, "database"))
        .isNotEqualTo(Classification.NONE);
    assertThat(a.matched()).isTrue();
    assertThat(a).hasToString("CRITICAL/database (rule db.down)");
    assertThat(Classification.NONE.matched()).isFalse();
    assertThat(Classification.NONE.severity()).isNull();
    assertThat(Classification.NONE).hasToString("NONE");
    assertThatThrownBy(() -> Classification.of("x", null, "c"))
        .isInstanceOf(NullPointerException.class).hasMessage("severity");
  }
}
