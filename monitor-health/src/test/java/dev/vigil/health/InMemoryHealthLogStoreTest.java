package dev.vigil.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.health.internal.InMemoryHealthLogStore;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class InMemoryHealthLogStoreTest extends HealthLogStoreContract {

  @Override
  protected HealthLogStore newStore() {
    return HealthLogStore.inMemory();
  }

  @Test
  void keepsAtMostItsBoundPerCheckDroppingTheOldest() {
    InMemoryHealthLogStore store = new InMemoryHealthLogStore(3);
    Instant t = Instant.parse("2026-05-01T00:00:00Z");
    for (int i = 0; i < 5; i++) {
      store.append(up("a", t.plusSeconds(i), 1));
    }
    store.append(up("b", t, 1));

    assertThat(store.find("a", t, t.plusSeconds(10))).extracting(HealthRecord::checkedAt)
        .containsExactly(t.plusSeconds(2), t.plusSeconds(3), t.plusSeconds(4));
    assertThat(store.find("b", t, t.plusSeconds(10))).hasSize(1);
    assertThatThrownBy(() -> new InMemoryHealthLogStore(0))
        .hasMessage("maxPerCheck must be positive but was 0");
  }
}
