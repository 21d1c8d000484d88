package dev.vigil.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.alerts.internal.InMemoryAlertStore;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The in-memory store: the contract, and its bounds. */
class InMemoryAlertStoreTest extends AlertStoreContract {

  @Override
  protected AlertStore newStore() {
    return AlertStore.inMemory();
  }

  private static void openAndResolve(AlertStore store, String ruleId, int i) {
    Alert a = opened(ruleId, Map.of("n", Integer.toString(i)), AlertState.FIRING, T);
    store.save(a);
    store.save(moved(a, AlertState.RESOLVED, T.plusSeconds(i), "cleared"));
  }

  @Test
  void keepsTheMostRecentlyResolvedUpToItsBoundAndTheLastOfEachKeyBeyond() {
    AlertStore small = AlertStore.inMemory(3);
    for (int i = 0; i < 5; i++) {
      openAndResolve(small, "r", i);
    }

    assertThat(small.resolved()).extracting(a -> a.group().get("n"))
        .containsExactly("4", "3", "2");
    assertThat(small.lastResolved("r{n=0}")).as("flap detection still sees it").isNotNull();
  }

  @Test
  void keepsTheLastResolvedAlertOfAtMostMaxKeysKeys() {
    AlertStore none = AlertStore.inMemory(0);
    for (int i = 0; i <= InMemoryAlertStore.MAX_KEYS; i++) {
      openAndResolve(none, "r", i);
    }

    assertThat(none.resolved()).isEmpty();
    assertThat(none.lastResolved("r{n=0}")).as("the least recent key dropped").isNull();
    assertThat(none.lastResolved("r{n=1}")).isNotNull();
    assertThat(none.lastResolved("r{n=" + InMemoryAlertStore.MAX_KEYS + "}")).isNotNull();
  }

  @Test
  void aNegativeBoundIsRefused() {
    assertThatThrownBy(() -> AlertStore.inMemory(-1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxResolved must not be negative but was -1");
  }
}
