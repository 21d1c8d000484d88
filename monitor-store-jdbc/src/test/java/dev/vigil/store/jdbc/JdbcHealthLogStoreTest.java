package dev.vigil.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.health.HealthCheck;
import dev.vigil.health.HealthLogStore;
import dev.vigil.health.HealthLogStoreContract;
import dev.vigil.health.HealthMonitor;
import dev.vigil.health.HealthRecord;
import dev.vigil.health.HealthResult;
import dev.vigil.health.HealthStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** The health log contract on PostgreSQL and H2. */
@ParameterizedClass
@EnumSource(TestDatabase.Kind.class)
class JdbcHealthLogStoreTest extends HealthLogStoreContract {

  @Parameter
  TestDatabase.Kind kind;

  private final Deque<AutoCloseable> open = new ArrayDeque<>();

  @Override
  protected HealthLogStore newStore() {
    TestDatabase db = TestDatabase.create(kind);
    open.push(db);
    JdbcStore store = db.store().build();
    open.push(store);
    return store.healthLog();
  }

  @AfterEach
  void close() throws Exception {
    while (!open.isEmpty()) {
      open.pop().close();
    }
  }

  private static HealthRecord up(String check, Instant at) {
    return new HealthRecord(check, at, HealthStatus.UP, null, "ok", Duration.ofMillis(2), null,
        HealthRecord.Trigger.AUTOMATIC, false, null, false);
  }

  @Test
  void theMonitorKeepsThirtyDaysByItsInjectedClock() throws Exception {
    HealthLogStore store = newStore();
    AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-03-02T10:00:00Z"));
    try (HealthMonitor health = HealthMonitor.builder().clock(now::get).store(store)
        .check(HealthCheck.of("api", () -> HealthResult.up("ok"))).build()) {
      health.runNow("api").get(10, TimeUnit.SECONDS);
      now.set(now.get().plus(Duration.ofDays(20)));
      health.runNow("api").get(10, TimeUnit.SECONDS);
      now.set(now.get().plus(Duration.ofDays(10)).plusMillis(1));

      assertThat(health.purge()).isEqualTo(1);
      assertThat(store.find("api", Instant.EPOCH, now.get())).extracting(HealthRecord::checkedAt)
          .containsExactly(Instant.parse("2026-03-22T10:00:00Z"));
      assertThat(health.stats("api", Duration.ofDays(60)).runs()).isEqualTo(1);
    }
  }

  @Test
  void instancesShareTheRecordsAndTheSchemaMayBeCreatedTwice() {
    TestDatabase db = TestDatabase.create(kind);
    open.push(db);
    JdbcStore a = db.store().build();
    open.push(a);
    JdbcStore b = db.store().build();
    open.push(b);
    Instant t = Instant.parse("2026-03-02T10:00:00Z");
    a.healthLog().append(up("api", t));

    assertThat(a.healthLog()).isSameAs(a.healthLog());
    assertThat(b.healthLog().find("api", t, t.plusSeconds(1))).containsExactly(up("api", t));
  }

  @Test
  void aCheckNameLongerThanTheColumnIsRefusedWithTheReason() {
    HealthLogStore store = newStore();
    assertThatThrownBy(() -> store.append(up("c".repeat(201), Instant.EPOCH)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a check's name must have at most 200 characters but had 201");
  }

  @Test
  void aDetailOrErrorWithANulCharacterIsKeptWithAReplacementCharacter() {
    HealthLogStore store = newStore();
    Instant t = Instant.parse("2026-03-02T10:00:00Z");
    // a command's or an endpoint's binary output, echoed; PostgreSQL refuses a NUL in text
    store.append(new HealthRecord("cmd", t, HealthStatus.DOWN, null, "exit 3: \u0000ELF\uD800",
        Duration.ofMillis(2), "java.io.IOException: \u0000", HealthRecord.Trigger.AUTOMATIC,
        false, null, false));

    assertThat(store.find("cmd", t, t.plusSeconds(1))).singleElement().satisfies(r -> {
      assertThat(r.detail()).isEqualTo("exit 3: \uFFFDELF\uFFFD");
      assertThat(r.error()).isEqualTo("java.io.IOException: \uFFFD");
    });
  }
}
