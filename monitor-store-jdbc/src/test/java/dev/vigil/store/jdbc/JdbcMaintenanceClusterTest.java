package dev.vigil.store.jdbc;

import dev.vigil.health.MaintenanceClusterContract;
import dev.vigil.health.MaintenanceQueue;
import java.util.ArrayDeque;
import java.util.Deque;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** Instances of an application, each with its JdbcStore, sharing one database's queue. */
@ParameterizedClass
@EnumSource(TestDatabase.Kind.class)
class JdbcMaintenanceClusterTest extends MaintenanceClusterContract {

  @Parameter
  TestDatabase.Kind kind;

  private final Deque<AutoCloseable> open = new ArrayDeque<>();
  private TestDatabase db;
  private int instances;

  @Override
  protected MaintenanceQueue newQueue() {
    db = TestDatabase.create(kind);
    open.push(db);
    return instance();
  }

  @Override
  protected MaintenanceQueue sameRunsElsewhere(MaintenanceQueue queue) {
    return instance();
  }

  private MaintenanceQueue instance() {
    JdbcStore store = db.store().instanceId("instance-" + instances++).build();
    open.push(store);
    return store.maintenanceQueue();
  }

  @AfterEach
  void close() throws Exception {
    while (!open.isEmpty()) {
      open.pop().close();
    }
  }
}
