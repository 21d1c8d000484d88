package dev.vigil.notify.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.notify.Outbox;
import dev.vigil.notify.OutboxContract;
import dev.vigil.notify.OutboxEntry;
import dev.vigil.notify.OutboxEntry.State;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class InMemoryOutboxTest extends OutboxContract {

  @Override
  protected Outbox newOutbox() {
    return Outbox.inMemory();
  }

  @Test
  void keepsTheLatestDeadLettersUpToItsBound() {
    Outbox small = new InMemoryOutbox(2);
    for (String rule : List.of("a", "b", "c")) {
      OutboxEntry e = entry(rule);
      small.save(e);
      small.save(e.with(State.DEAD, "HTTP 400"));
    }

    assertThat(small.deadLetters()).extracting(OutboxEntry::id)
        .containsExactly(entry("c").id(), entry("b").id());
    assertThatThrownBy(() -> new InMemoryOutbox(0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxDead must be positive but was 0");
  }

  @Test
  void aDeliveredEntryIsLostToItsOwnerThoughItsContentIsNotKept() {
    OutboxEntry e = entry("a");
    outbox.save(e);
    outbox.claim("x", T0, Duration.ofSeconds(10), 10);
    outbox.save(e.with(State.DELIVERED));

    assertThat(outbox.get(e.id())).isNull();
    assertThat(outbox.renew("x", List.of(e.id()), T0, Duration.ofSeconds(10)))
        .containsExactly(e.id());
  }
}
