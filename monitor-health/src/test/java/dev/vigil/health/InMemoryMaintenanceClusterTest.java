package dev.vigil.health;

/** Schedulers of one process sharing the in-memory queue, as instances share a database. */
class InMemoryMaintenanceClusterTest extends MaintenanceClusterContract {

  @Override
  protected MaintenanceQueue newQueue() {
    return MaintenanceQueue.inMemory();
  }

  @Override
  protected MaintenanceQueue sameRunsElsewhere(MaintenanceQueue queue) {
    return queue;
  }
}
