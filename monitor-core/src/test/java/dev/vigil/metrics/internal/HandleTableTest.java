package dev.vigil.metrics.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HandleTableTest {

  @Test
  void findsEntriesByEqualStringsAcrossResizes() {
    HandleTable table = new HandleTable(1_000);
    for (int i = 0; i < 1_000; i++) {
      assertThat(table.put("metric", new String[] {"i", Integer.toString(i)}, i)).isTrue();
    }
    assertThat(table.size()).isEqualTo(1_000);
    for (int i = 0; i < 1_000; i++) {
      // fresh strings: found by equals, not identity
      assertThat(table.get(new String("metric"), new String[] {"i", new String("" + i)}))
          .isEqualTo(i);
    }
    assertThat(table.get("metric", new String[] {"i", "1000"})).isNull();
    assertThat(table.get("metric", new String[] {"i"})).isNull();
    assertThat(table.get("metric", new String[0])).isNull();
    assertThat(table.get("other", new String[] {"i", "1"})).isNull();
    assertThat(table.get("metric", new String[] {"i", null})).isNull();
  }

  @Test
  void refusesNewEntriesWhenFullButKeepsTheOldOnes() {
    HandleTable table = new HandleTable(2);
    assertThat(table.put("a", new String[0], "A")).isTrue();
    assertThat(table.put("b", new String[0], "B")).isTrue();
    assertThat(table.put("c", new String[0], "C")).isFalse();
    assertThat(table.put("a", new String[0], "A2")).isTrue(); // present: kept as it was
    assertThat(table.get("a", new String[0])).isEqualTo("A");
    assertThat(table.get("c", new String[0])).isNull();
  }

  @Test
  void keepsItsOwnCopyOfTheTags() {
    HandleTable table = new HandleTable(10);
    String[] tags = {"k", "v"};
    table.put("m", tags, "handle");
    tags[1] = "changed";
    assertThat(table.get("m", new String[] {"k", "v"})).isEqualTo("handle");
    assertThat(table.get("m", tags)).isNull();
  }

  @Test
  void tagOrderIsPartOfTheEntry() {
    HandleTable table = new HandleTable(10);
    table.put("m", new String[] {"a", "1", "b", "2"}, "handle");
    assertThat(table.get("m", new String[] {"b", "2", "a", "1"})).isNull();
  }
}
