package dev.vigil.classifier;

import static dev.vigil.Severity.CRITICAL;
import static dev.vigil.Severity.ERROR;
import static dev.vigil.Severity.WARN;

import dev.vigil.LogLevel;
import java.util.List;

/**
 * Vigil's default rule pack: the seed table (FATAL, unhandledException, heap out of memory,
 * ECONNREFUSED, 500/502/503, timeout, prisma/database, slow query) with its intent and without its
 * false positives, plus the Java, Node, Prisma, PostgreSQL, MySQL, HTTP and operating-system
 * signatures of the same failures.
 *
 * <p>Two kinds of rule: specific signatures ({@code ECONNREFUSED}, {@code OutOfMemoryError},
 * {@code deadlock detected}) match whatever the event's level, because nobody writes them in a
 * benign sentence; generic words ({@code database}, {@code timeout}, a bare {@code 500}) match only
 * in events logged at WARN or ERROR and above, so {@code INFO Connected to database} and
 * {@code timeout=30s} in a startup banner stay quiet. Numbers match as whole words, so
 * {@code 1500ms} is not a 500. Generic rules have priority -10, so that a specific signature of
 * the same severity names the category; an uncaught exception (a symptom) has -5, so that the
 * cause it names (OutOfMemoryError, No space left on device) wins.
 *
 * <p>Keep the table in the module README in step with this class.
 */
final class DefaultRules {

  static final RulePack PACK = RulePack.of("vigil-default", List.of(
      // system
      Rule.keywords("system.fatal", "FATAL").caseSensitive(true).wholeWord(true).priority(-10)
          .classify(CRITICAL, "system")
          .description("A line at FATAL level (seed 000: FATAL is critical).").build(),
      Rule.keywords("system.fatal-signal", "PHP Fatal error", "Fatal signal").wholeWord(true)
          .classify(CRITICAL, "system")
          .description("A fatal PHP error or native crash signal.").build(),
      Rule.keywords("system.fatal-error", "fatal error", "fatal exception").wholeWord(true)
          .levelAtLeast(LogLevel.ERROR).priority(-10).classify(CRITICAL, "system")
          .description("A fatal error in words, in an error line; never non-fatal warnings.").build(),
      Rule.keywords("system.unhandled-exception", "unhandledException", "unhandledRejection",
              "UnhandledPromiseRejection", "uncaughtException", "Uncaught exception",
              "Unhandled exception", "Exception in thread")
          .priority(-5).classify(CRITICAL, "system")
          .description("An exception nobody caught: the thread or the process died (seed 000).").build(),
      Rule.keywords("system.crash", "kernel panic", "panic:", "Segmentation fault", "segfault",
              "SIGSEGV", "core dumped", "CrashLoopBackOff", "Java-level deadlock")
          .wholeWord(true).classify(CRITICAL, "system")
          .description("A process crashed or hung for good.").build(),
      Rule.keywords("system.startup-failure", "APPLICATION FAILED TO START", "Application run failed",
              "Failed to start").wholeWord(true).classify(ERROR, "system")
          .description("A service or application did not start.").build(),
      Rule.keywords("system.runtime-error", "StackOverflowError", "NoClassDefFoundError",
              "ExceptionInInitializerError", "Traceback (most recent call last)",
              "Too many open files", "EMFILE").wholeWord(true).classify(ERROR, "system")
          .description("A runtime failure: stack overflow, broken class path, Python traceback, "
              + "file descriptors exhausted.").build(),
      // memory
      Rule.keywords("memory.out-of-memory", "OutOfMemoryError", "heap out of memory",
              "out of memory", "OOMKilled", "oom-killer", "Cannot allocate memory", "ENOMEM")
          .wholeWord(true).classify(CRITICAL, "memory")
          .description("Memory exhausted: JVM, Node heap, Linux OOM killer, Kubernetes (seed 000).")
          .build(),
      // connection
      Rule.keywords("connection.refused", "ECONNREFUSED", "Connection refused", "ConnectException")
          .classify(CRITICAL, "connection")
          .description("A service refused connections: it is down (seed 000: ECONNREFUSED).").build(),
      Rule.keywords("connection.reset", "ECONNRESET", "Connection reset", "reset by peer",
              "Broken pipe", "EPIPE", "socket hang up").wholeWord(true).classify(ERROR, "connection")
          .description("A connection dropped while in use.").build(),
      Rule.keywords("connection.unreachable", "UnknownHostException", "NoRouteToHostException",
              "ENOTFOUND", "EAI_AGAIN", "Name or service not known",
              "Temporary failure in name resolution", "No route to host", "EHOSTUNREACH",
              "Network is unreachable", "ENETUNREACH")
          .classify(ERROR, "connection")
          .description("A host could not be resolved or reached.").build(),
      // api
      Rule.keywords("api.timeout", "ETIMEDOUT", "TimeoutException", "DEADLINE_EXCEEDED")
          .classify(ERROR, "api")
          .description("A call timed out: Node ETIMEDOUT, Java Socket/Connect/Http TimeoutException, "
              + "gRPC (seed 000: ETIMEDOUT).").build(),
      Rule.keywords("api.timed-out", "timed out", "deadline exceeded", "Gateway Timeout")
          .wholeWord(true).classify(ERROR, "api")
          .description("A call timed out, in words.").build(),
      Rule.keywords("api.timeout-word", "timeout").wholeWord(true).levelAtLeast(LogLevel.WARN)
          .priority(-10).classify(ERROR, "api")
          .description("The word timeout in a warning or error (seed 000); quiet in INFO lines such "
              + "as timeout=30s.").build(),
      Rule.regex("api.http-5xx-status",
              "\\b(?:status|status code|http status|response code)[\\s\"':=]{0,3}5\\d\\d\\b")
          .classify(ERROR, "api")
          .description("An HTTP 5xx status reported as status=503, \"status\": 500, status code 502.")
          .build(),
      Rule.regex("api.http-5xx-access-log", "HTTP/\\d(?:\\.\\d)?\" 5\\d\\d\\b")
          .classify(ERROR, "api")
          .description("A 5xx response in an access log: \"GET / HTTP/1.1\" 502.").build(),
      Rule.keywords("api.http-5xx-reason", "Internal Server Error", "Bad Gateway",
              "Service Unavailable").wholeWord(true).classify(ERROR, "api")
          .description("A 5xx response by its reason phrase.").build(),
      Rule.keywords("api.http-5xx-code", "500", "502", "503", "504").wholeWord(true)
          .levelAtLeast(LogLevel.ERROR).priority(-10).classify(ERROR, "api")
          .description("A bare 5xx number in an error line (seed 000); never 1500ms, never at INFO.")
          .build(),
      Rule.keywords("api.rate-limited", "Too Many Requests", "rate limit exceeded",
              "RateLimitExceeded").wholeWord(true).classify(WARN, "api")
          .description("A call was rate-limited (HTTP 429).").build(),
      // database
      Rule.keywords("database.unavailable", "Can't reach database server",
              "PrismaClientInitializationError", "Communications link failure",
              "too many connections", "remaining connection slots are reserved",
              "the database system is starting up", "the database system is shutting down",
              "Connection is not available, request timed out", "Unable to acquire JDBC Connection",
              "Could not open JDBC Connection", "CannotGetJdbcConnectionException",
              "could not connect to server")
          .classify(CRITICAL, "database")
          .description("The database cannot be reached or has no connection left: Prisma P1001, "
              + "MySQL, PostgreSQL, HikariCP pool timeout.").build(),
      Rule.keywords("database.deadlock", "deadlock detected", "Deadlock found when trying to get lock",
              "DeadlockLoserDataAccessException", "could not serialize access")
          .classify(ERROR, "database")
          .description("A transaction was aborted by a deadlock or a serialization failure.").build(),
      Rule.keywords("database.error", "PSQLException", "SQLException", "DataAccessException",
              "PrismaClientKnownRequestError", "PrismaClientUnknownRequestError",
              "PrismaClientValidationError", "PrismaClientRustPanicError", "QueryFailedError",
              "SequelizeDatabaseError", "duplicate key value violates unique constraint")
          .classify(ERROR, "database")
          .description("A query failed: JDBC, PostgreSQL, Spring, Prisma, TypeORM, Sequelize.").build(),
      Rule.keywords("database.error-mentioned", "database", "prisma").wholeWord(true)
          .levelAtLeast(LogLevel.ERROR).priority(-10).classify(CRITICAL, "database")
          .description("An error that mentions the database (seed 000: prisma, database); quiet in "
              + "INFO lines such as Connected to database.").build(),
      Rule.keywords("database.slow-query", "slow query", "slow_query").wholeWord(true)
          .classify(WARN, "database")
          .description("A slow query (seed 000).").build(),
      Rule.regex("database.slow-statement", "duration: \\d+(?:\\.\\d+)? ms\\s+(?:statement|execute)")
          .classify(WARN, "database")
          .description("PostgreSQL log_min_duration_statement: duration: 1523.4 ms statement: ...")
          .build(),
      // disk
      Rule.keywords("disk.full", "No space left on device", "ENOSPC", "Disk quota exceeded",
              "EDQUOT", "disk full", "could not extend file").wholeWord(true)
          .classify(CRITICAL, "disk")
          .description("A file system is full.").build(),
      Rule.keywords("disk.io-error", "Input/output error", "I/O error", "EIO",
              "Read-only file system", "EROFS").wholeWord(true).classify(ERROR, "disk")
          .description("A storage device failed or was remounted read-only.").build(),
      // security
      Rule.keywords("security.intrusion", "POSSIBLE BREAK-IN ATTEMPT",
              "Too many authentication failures", "maximum authentication attempts exceeded")
          .classify(ERROR, "security")
          .description("Signs of an attack.").build(),
      Rule.keywords("security.tls", "SSLHandshakeException", "certificate has expired",
              "CertificateExpiredException", "PKIX path building failed",
              "unable to find valid certification path", "certificate verify failed",
              "CERT_HAS_EXPIRED").classify(ERROR, "security")
          .description("A TLS handshake or certificate failed.").build(),
      Rule.keywords("security.auth-failure", "authentication failure", "authentication failed",
              "Failed password", "Invalid user", "Access denied for user",
              "BadCredentialsException", "invalid credentials", "Login failed")
          .wholeWord(true).classify(WARN, "security")
          .description("A failed login: SSH/PAM, PostgreSQL, MySQL, Spring Security.").build(),
      Rule.keywords("security.access-denied", "AccessDeniedException", "Permission denied",
              "EACCES", "403 Forbidden").wholeWord(true).classify(WARN, "security")
          .description("An operation was refused for lack of permission.").build()));

  private DefaultRules() {}
}
