package dev.vigil.store.jdbc;

import dev.vigil.notify.Outbox;
import dev.vigil.notify.OutboxContract;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;

/** The outbox contract on each database the JDBC store supports. */
class JdbcOutboxContractTest {

  /** The contract on one database: a new one for each test. */
  abstract static class OnDatabase extends OutboxContract {
    private final TestDatabase.Kind kind;
    private TestDatabase db;
    private JdbcStore store;

    OnDatabase(TestDatabase.Kind kind) {
      this.kind = kind;
    }

    @Override
    protected Outbox newOutbox() {
      db = TestDatabase.create(kind);
      store = db.store().build();
      return store.outbox();
    }

    @AfterEach
    void closeDatabase() {
      store.close();
      db.close();
    }
  }

  @Nested
  class OnPostgresql extends OnDatabase {
    OnPostgresql() {
      super(TestDatabase.Kind.POSTGRESQL);
    }
  }

  @Nested
  class OnH2 extends OnDatabase {
    OnH2() {
      super(TestDatabase.Kind.H2);
    }
  }
}
