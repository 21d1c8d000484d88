package dev.vigil.health;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class InMemoryMaintenanceQueueTest extends MaintenanceQueueContract {

  @Override
  protected MaintenanceQueue newQueue(int capacity) {
    return MaintenanceQueue.inMemory(capacity);
  }

  @Override
  protected MaintenanceQueue sameRunsElsewhere(MaintenanceQueue queue) {
    return queue; // schedulers of one process share the object
  }

  @Test
  void aCapacityBelowOneIsRefused() {
    assertThatThrownBy(() -> MaintenanceQueue.inMemory(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("capacity must be positive but was 0");
  }
}
