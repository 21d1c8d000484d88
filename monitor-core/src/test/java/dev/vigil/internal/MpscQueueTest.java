package dev.vigil.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MpscQueueTest {

  @Test
  void aHeldCellStaysTakenUntilReleasedInAnyOrder() {
    MpscQueue<String> queue = new MpscQueue<>(4);
    assertThat(queue.capacity()).isEqualTo(4);
    for (int i = 0; i < 4; i++) {
      assertThat(queue.offer("e" + i)).isTrue();
    }
    assertThat(queue.pollHeld()).isEqualTo("e0");
    assertThat(queue.pollHeld()).isEqualTo("e1");
    assertThat(queue.polled()).isEqualTo(2);
    assertThat(queue.offer("full")).as("both polled cells are still held").isFalse();

    queue.release(1); // a later cell first: the producers' next cell is still 0's
    assertThat(queue.offer("full")).isFalse();
    queue.release(0);
    assertThat(queue.offer("e4")).isTrue();
    assertThat(queue.offer("e5")).isTrue();
    assertThat(queue.offer("full")).isFalse();

    assertThat(queue.poll()).isEqualTo("e2"); // poll frees its cell at once
    assertThat(queue.offer("e6")).isTrue();
    assertThat(queue.poll()).isEqualTo("e3");
    assertThat(queue.poll()).isEqualTo("e4");
    assertThat(queue.poll()).isEqualTo("e5");
    assertThat(queue.poll()).isEqualTo("e6");
    assertThat(queue.poll()).isNull();
  }
}
