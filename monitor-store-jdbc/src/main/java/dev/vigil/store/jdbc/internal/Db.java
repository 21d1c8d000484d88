package dev.vigil.store.jdbc.internal;

import static java.util.Objects.requireNonNull;

import dev.vigil.store.jdbc.JdbcStoreException;
import dev.vigil.store.jdbc.SchemaInitialization;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * The database the stores share: its {@link DataSource}, {@link Dialect} and table prefix, with
 * the few helpers every store needs (connections, transactions, timestamps, schema scripts, JSON).
 * Thread-safe; holds no connection between calls.
 */
public final class Db {

  private static final Logger LOG = LoggerFactory.getLogger(Db.class);
  private static final Pattern PREFIX = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,29}");
  /** The prefix written in the shipped scripts, replaced by the configured one. */
  private static final Pattern SCRIPT_PREFIX = Pattern.compile("\\bvigil_");
  private static final Pattern CREATE_TABLE =
      Pattern.compile("CREATE TABLE IF NOT EXISTS (\\w+)", Pattern.CASE_INSENSITIVE);
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final DataSource dataSource;
  private final Dialect dialect;
  private final String prefix;
  private final SchemaInitialization initialization;

  private Db(DataSource dataSource, Dialect dialect, String prefix,
      SchemaInitialization initialization) {
    this.dataSource = dataSource;
    this.dialect = dialect;
    this.prefix = prefix;
    this.initialization = initialization;
  }

  /**
   * Connects once to learn the dialect.
   *
   * @throws IllegalArgumentException if {@code prefix} is not a plain SQL identifier of at most 30
   *     characters (it is written into SQL as is)
   * @throws JdbcStoreException if the database cannot be reached or is not supported
   */
  public static Db connect(DataSource dataSource, String prefix,
      SchemaInitialization initialization) {
    requireNonNull(dataSource, "dataSource");
    requireNonNull(initialization, "initialization");
    checkPrefix(prefix);
    try (Connection c = dataSource.getConnection()) {
      return new Db(dataSource, Dialect.of(c), prefix, initialization);
    } catch (SQLException e) {
      throw new JdbcStoreException("cannot connect to the database", e);
    }
  }

  /** Throws if {@code prefix} is not a plain SQL identifier (letters, digits, '_'; 30 at most). */
  public static String checkPrefix(String prefix) {
    requireNonNull(prefix, "tablePrefix");
    if (!PREFIX.matcher(prefix).matches()) {
      throw new IllegalArgumentException("tablePrefix must be a plain SQL identifier (letters, "
          + "digits and '_', not starting with a digit, at most 30 characters) but was '"
          + prefix + "'");
    }
    return prefix;
  }

  public Dialect dialect() {
    return dialect;
  }

  public DataSource dataSource() {
    return dataSource;
  }

  /** Returns the name of table {@code name} with the prefix, e.g. {@code vigil_events}. */
  public String table(String name) {
    return prefix + name;
  }

  /** Returns the shared JSON mapper (Jackson 3; thread-safe). */
  public static JsonMapper json() {
    return JSON;
  }

  /**
   * Creates the tables and indexes of {@code part} (the script {@code <part>.sql} of the dialect)
   * if the {@link SchemaInitialization} says so. Idempotent: every statement is {@code IF NOT
   * EXISTS}; instances creating the same tables at once all succeed.
   */
  public void initialize(String part) {
    boolean run = switch (initialization) {
      case ALWAYS -> true;
      case EMBEDDED -> dialect.embedded();
      case NEVER -> false;
    };
    List<String> statements = script(part);
    if (!run) {
      checkTables(part, statements);
      return;
    }
    // Instances starting together on a new database race to create the same objects, and
    // PostgreSQL and H2 then fail the loser's CREATE … IF NOT EXISTS (a duplicate in their
    // catalogs). Run again, the statement finds the object there: each failure of a race gets
    // one statement further, so the script is tried once more than it has statements.
    for (int attempt = 0; ; attempt++) {
      try {
        run("create the '" + part + "' tables", c -> {
          try (Statement s = c.createStatement()) {
            for (String sql : statements) {
              s.execute(sql);
            }
          }
          return null;
        });
        return;
      } catch (JdbcStoreException e) {
        if (attempt >= statements.size()) {
          throw e;
        }
      }
    }
  }

  /**
   * Checks that the tables of {@code part} exist when the store does not create them, so that a
   * missing schema stops the application at startup with the fix, rather than failing every
   * write later. Only a missing table fails: an unreachable database is the stores' business.
   */
  private void checkTables(String part, List<String> statements) {
    for (String sql : statements) {
      Matcher m = CREATE_TABLE.matcher(sql);
      if (!m.lookingAt()) {
        continue;
      }
      String table = m.group(1);
      try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
        s.executeQuery("SELECT * FROM " + table + " WHERE 1 = 0").close();
      } catch (SQLException e) {
        if (isMissingTable(e)) {
          throw new JdbcStoreException("table " + table + " does not exist: run the script "
              + "dev/vigil/store/jdbc/schema/" + dialect.scriptDir() + "/" + part + ".sql of "
              + "monitor-store-jdbc (with the table prefix '" + prefix + "'), or let the store "
              + "create it with SchemaInitialization.ALWAYS", e);
        }
        return; // unreachable now: the stores retry and count
      }
    }
  }

  private static boolean isMissingTable(SQLException e) {
    String state = e.getSQLState();
    // PostgreSQL: undefined_table; H2: 42S02 table not found, 42S03 with candidates, 42S04 in an
    // empty database
    return state != null && (state.equals("42P01") || state.startsWith("42S0"));
  }

  /** Returns the statements of script {@code part} with the configured prefix. */
  List<String> script(String part) {
    String path = "/dev/vigil/store/jdbc/schema/" + dialect.scriptDir() + "/" + part + ".sql";
    String text;
    try (InputStream in = Db.class.getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalStateException("missing schema script " + path);
      }
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read schema script " + path, e);
    }
    StringBuilder code = new StringBuilder(text.length());
    for (String line : text.split("\n")) { // comments may hold ';': drop them first
      if (!line.strip().startsWith("--")) {
        code.append(line).append('\n');
      }
    }
    List<String> statements = new ArrayList<>();
    for (String raw : code.toString().split(";")) {
      String sql = raw.strip();
      if (!sql.isEmpty()) {
        statements.add(SCRIPT_PREFIX.matcher(sql).replaceAll(Matcher.quoteReplacement(prefix)));
      }
    }
    return statements;
  }

  /** Work on a connection; may throw {@link SQLException}. */
  @FunctionalInterface
  public interface SqlWork<T> {
    T apply(Connection connection) throws SQLException;
  }

  /** Maps the current row of a result set. */
  @FunctionalInterface
  public interface RowMapper<T> {
    T map(ResultSet rs) throws SQLException;
  }

  /**
   * Runs {@code work} on a connection in auto-commit mode; {@code what} names the operation in the
   * exception thrown on failure. A pool that hands connections out without auto-commit (Hikari's
   * {@code autoCommit=false}, common in Spring applications) would roll back every write when the
   * connection goes back: such a connection is switched to auto-commit for the work, and back.
   *
   * @throws JdbcStoreException if {@code work} throws an {@link SQLException}
   */
  public <T> T run(String what, SqlWork<T> work) {
    try (Connection c = dataSource.getConnection()) {
      if (c.getAutoCommit()) {
        return work.apply(c);
      }
      c.setAutoCommit(true);
      T result;
      try {
        result = work.apply(c);
      } catch (SQLException | RuntimeException | Error e) {
        restoreManualCommit(c, e);
        throw e;
      }
      c.setAutoCommit(false);
      return result;
    } catch (SQLException e) {
      throw new JdbcStoreException("cannot " + what, e);
    }
  }

  /** Gives a connection back to its pool as it came, without hiding the failure {@code e}. */
  private static void restoreManualCommit(Connection c, Throwable e) {
    try {
      c.setAutoCommit(false);
    } catch (SQLException suppressed) {
      e.addSuppressed(suppressed);
    }
  }

  /**
   * Runs {@code work} in one transaction, committed if it returns and rolled back if it throws.
   *
   * @throws JdbcStoreException if {@code work} throws an {@link SQLException}
   */
  public <T> T transaction(String what, SqlWork<T> work) {
    return run(what, c -> inTransaction(c, work));
  }

  /**
   * Runs {@code work} on {@code c} in one transaction, committed if it returns and rolled back if
   * it throws, and gives {@code c} its auto-commit back. Once committed, a connection too broken
   * to take its auto-commit back does not make the work fail (the pool discards it).
   */
  public static <T> T inTransaction(Connection c, SqlWork<T> work) throws SQLException {
    boolean autoCommit = c.getAutoCommit();
    if (autoCommit) {
      c.setAutoCommit(false);
    }
    try {
      T result = work.apply(c);
      c.commit();
      return result;
    } catch (SQLException | RuntimeException | Error e) {
      try {
        c.rollback();
      } catch (SQLException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    } finally {
      if (autoCommit) {
        try {
          c.setAutoCommit(true);
        } catch (SQLException e) {
          LOG.debug("Vigil could not restore auto-commit on a connection", e); // a broken one
        }
      }
    }
  }

  /** Executes an update with {@code args} as parameters; returns the update count. */
  public int update(String what, String sql, Object... args) {
    return run(what, c -> {
      try (PreparedStatement ps = c.prepareStatement(sql)) {
        bind(ps, args);
        return ps.executeUpdate();
      }
    });
  }

  /** Runs a query with {@code args} as parameters; returns every row mapped. */
  public <T> List<T> query(String what, String sql, RowMapper<T> mapper, Object... args) {
    return run(what, c -> query(c, sql, mapper, args));
  }

  /** Runs a query on {@code c} with {@code args} as parameters; returns every row mapped. */
  public static <T> List<T> query(Connection c, String sql, RowMapper<T> mapper, Object... args)
      throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      bind(ps, args);
      try (ResultSet rs = ps.executeQuery()) {
        List<T> rows = new ArrayList<>();
        while (rs.next()) {
          rows.add(mapper.map(rs));
        }
        return rows;
      }
    }
  }

  /**
   * Binds {@code args} in order: an {@link Instant} as a timestamp with time zone, {@code null} as
   * SQL NULL, anything else with {@code setObject}.
   */
  public static void bind(PreparedStatement ps, Object... args) throws SQLException {
    for (int i = 0; i < args.length; i++) {
      Object a = args[i];
      if (a instanceof Instant instant) {
        ps.setObject(i + 1, timestamp(instant));
      } else if (a == null) {
        ps.setObject(i + 1, null);
      } else if (a instanceof Enum<?> e) {
        ps.setString(i + 1, e.name());
      } else {
        ps.setObject(i + 1, a);
      }
    }
  }

  /** Returns {@code instant} as a value for a {@code TIMESTAMP WITH TIME ZONE} parameter (UTC). */
  public static OffsetDateTime timestamp(Instant instant) {
    return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
  }

  /** Reads the {@code TIMESTAMP WITH TIME ZONE} column {@code column}, or {@code null}. */
  public static Instant instant(ResultSet rs, String column) throws SQLException {
    Object value = rs.getObject(column);
    if (value == null) {
      return null;
    }
    if (value instanceof OffsetDateTime odt) {
      return odt.toInstant();
    }
    if (value instanceof Timestamp ts) {
      return ts.toInstant();
    }
    return rs.getObject(column, OffsetDateTime.class).toInstant();
  }

  /**
   * Returns the first 128 bits of the SHA-256 of {@code text}'s UTF-16 code units, in 32 hex
   * digits: a fixed-size key for free text, which may be long (PostgreSQL cannot index a value of
   * more than 2,704 bytes) and hold anything (NUL, lone surrogates).
   */
  public static String hash(String text) {
    MessageDigest sha;
    try {
      sha = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
    ByteBuffer chars = ByteBuffer.allocate(text.length() * 2);
    for (int i = 0; i < text.length(); i++) {
      chars.putChar(text.charAt(i));
    }
    sha.update(chars.flip());
    return HexFormat.of().formatHex(sha.digest(), 0, 16);
  }

  /**
   * Returns {@code text} as a text column can keep it everywhere: a NUL, which PostgreSQL refuses
   * (the whole write failing), and a lone surrogate, which has no UTF-8, become U+FFFD; anything
   * else is kept. For the free text the stores write as is (a check's detail, an error), which may
   * quote binary output.
   */
  public static String text(String text) {
    if (text == null) {
      return null;
    }
    int n = text.length();
    int i = 0;
    while (i < n) { // the common case: no NUL, no surrogate at all, nothing allocated
      char c = text.charAt(i);
      if (c == 0 || Character.isSurrogate(c)) {
        break;
      }
      i++;
    }
    if (i == n) {
      return text;
    }
    StringBuilder sb = null;
    for (; i < n; i++) {
      char c = text.charAt(i);
      boolean pair = Character.isHighSurrogate(c) && i + 1 < n
          && Character.isLowSurrogate(text.charAt(i + 1));
      if (pair) {
        if (sb != null) {
          sb.append(c).append(text.charAt(i + 1));
        }
        i++;
      } else if (c == 0 || Character.isSurrogate(c)) {
        if (sb == null) {
          sb = new StringBuilder(n).append(text, 0, i);
        }
        sb.append('\uFFFD');
      } else if (sb != null) {
        sb.append(c);
      }
    }
    return sb == null ? text : sb.toString();
  }

  /**
   * Returns {@code instant} cut to microseconds, the precision of PostgreSQL's timestamps: what a
   * store writes in a timestamp column is what it reads back.
   */
  public static Instant micros(Instant instant) {
    return instant == null ? null : instant.truncatedTo(java.time.temporal.ChronoUnit.MICROS);
  }
}
