package dev.vigil.store.jdbc;

import dev.vigil.alerts.AlertStore;
import dev.vigil.alerts.AlertStoreContract;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;

/** The JDBC alert store passes the {@link AlertStore} contract on PostgreSQL and on H2. */
class JdbcAlertStoreContractTest {

  /** The contract on a fresh database of one kind per test. */
  abstract static class OnDatabase extends AlertStoreContract {
    private TestDatabase db;
    private JdbcStore jdbc;

    abstract TestDatabase.Kind kind();

    @Override
    protected AlertStore newStore() {
      db = TestDatabase.create(kind());
      jdbc = db.store().build();
      return jdbc.alerts();
    }

    @AfterEach
    void closeDatabase() {
      jdbc.close();
      db.close();
    }
  }

  @Nested
  class Postgresql extends OnDatabase {
    @Override
    TestDatabase.Kind kind() {
      return TestDatabase.Kind.POSTGRESQL;
    }
  }

  @Nested
  class H2 extends OnDatabase {
    @Override
    TestDatabase.Kind kind() {
      return TestDatabase.Kind.H2;
    }
  }
}
