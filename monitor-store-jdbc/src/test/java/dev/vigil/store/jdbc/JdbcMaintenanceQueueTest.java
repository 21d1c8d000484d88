package dev.vigil.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.health.MaintenanceQueue;
import dev.vigil.health.MaintenanceQueueContract;
import dev.vigil.health.MaintenanceRun;
import dev.vigil.health.MaintenanceRun.State;
import dev.vigil.health.MaintenanceRun.Trigger;
import dev.vigil.store.jdbc.internal.JdbcMaintenanceQueue;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** The queue contract on PostgreSQL and H2, two instances being two stores over one database. */
@ParameterizedClass
@EnumSource(TestDatabase.Kind.class)
class JdbcMaintenanceQueueTest extends MaintenanceQueueContract {

  @Parameter
  TestDatabase.Kind kind;

  private final Deque<AutoCloseable> open = new ArrayDeque<>();
  private TestDatabase db;
  private int capacity;

  @Override
  protected MaintenanceQueue newQueue(int capacity) {
    db = opened(TestDatabase.create(kind));
    this.capacity = capacity;
    return instance("a");
  }

  @Override
  protected MaintenanceQueue sameRunsElsewhere(MaintenanceQueue queue) {
    return instance("b");
  }

  private MaintenanceQueue instance(String id) {
    JdbcStore store = opened(db.store().instanceId(id).build());
    return new JdbcMaintenanceQueue(store.db(), id, capacity);
  }

  private <T extends AutoCloseable> T opened(T resource) {
    open.push(resource);
    return resource;
  }

  @AfterEach
  void close() throws Exception {
    while (!open.isEmpty()) {
      open.pop().close();
    }
  }

  private static MaintenanceRun pending(String id) {
    return new MaintenanceRun(id, "reboot", Trigger.MANUAL, T0, T0, State.PENDING, null, null,
        null);
  }

  private String column(String sql) throws SQLException {
    try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      return rs.next() ? rs.getString(1) : null;
    }
  }

  @Test
  void aClaimRecordsTheInstanceThatMadeIt() throws SQLException {
    MaintenanceQueue a = newQueue(10);
    MaintenanceQueue b = sameRunsElsewhere(a);
    a.add(pending("r1"));
    a.add(pending("r2"));

    assertThat(b.claim(pending("r2"), T0.plusSeconds(1))).isPresent();

    assertThat(column("SELECT claimed_by FROM vigil_maintenance_run WHERE id = 'r2'"))
        .isEqualTo("b");
    assertThat(column("SELECT claimed_by FROM vigil_maintenance_run WHERE id = 'r1'")).isNull();
  }

  @Test
  void theStoreHasOneQueueWhoseSchemaMayBeCreatedTwiceAndTakesThePrefix() throws SQLException {
    db = opened(TestDatabase.create(kind));
    JdbcStore a = opened(db.store().instanceId("a").tablePrefix("ops_").build());
    JdbcStore b = opened(db.store().instanceId("b").tablePrefix("ops_").build());
    MaintenanceQueue queue = a.maintenanceQueue();
    assertThat(a.maintenanceQueue()).isSameAs(queue);
    queue.add(pending("r1"));

    assertThat(b.maintenanceQueue().runs()).containsExactly(pending("r1"));
    assertThat(column("SELECT COUNT(*) FROM ops_maintenance_run")).isEqualTo("1");
    a.close();
    assertThatThrownBy(a::maintenanceQueue).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("closed");
  }

  @Test
  void namesLongerThanTheColumnsAreRefusedWithTheReason() {
    MaintenanceQueue q = newQueue(10);
    String longName = "t".repeat(201);
    assertThatThrownBy(() -> q.add(new MaintenanceRun("r1", longName, Trigger.MANUAL, T0, T0,
        State.PENDING, null, null, null))).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("task name must have at most 200 characters but had 201");
    assertThat(q.runs()).isEmpty();
  }

  @Test
  void timestampsKeepTheirMicroseconds() {
    MaintenanceQueue q = newQueue(10);
    Instant at = Instant.parse("2026-05-01T01:00:00.123456Z");
    MaintenanceRun run = new MaintenanceRun("r1", "reboot", Trigger.AUTOMATIC, at, at,
        State.PENDING, null, null, null);
    q.add(run);

    assertThat(q.runs()).containsExactly(run);
    assertThat(q.claim(run, at.plusNanos(999)).orElseThrow().startedAt()).isEqualTo(at);
  }

  @Test
  void anErrorWithANulCharacterIsRecordedWithAReplacementCharacter() {
    MaintenanceQueue q = newQueue(10);
    MaintenanceRun run = pending("r1");
    q.add(run);
    MaintenanceRun processing = q.claim(run, T0.plusSeconds(1)).orElseThrow();
    // an action's exception may quote binary output; PostgreSQL refuses a NUL in text
    MaintenanceRun failed = new MaintenanceRun("r1", "reboot", Trigger.MANUAL, T0, T0,
        State.FAILED, processing.startedAt(), T0.plusSeconds(2),
        "java.io.IOException: exit 3: \u0000ELF\uD800");

    assertThat(q.update(failed, State.PROCESSING)).isTrue();
    assertThat(q.runs()).singleElement().satisfies(r -> {
      assertThat(r.state()).isEqualTo(State.FAILED);
      assertThat(r.error()).isEqualTo("java.io.IOException: exit 3: \uFFFDELF\uFFFD");
    });
  }
}
