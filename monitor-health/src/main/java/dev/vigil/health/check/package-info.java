/**
 * The built-in health checks: {@link dev.vigil.health.check.HttpCheck}, {@link
 * dev.vigil.health.check.TcpCheck}, {@link dev.vigil.health.check.DnsCheck}, {@link
 * dev.vigil.health.check.MemoryCheck}, {@link dev.vigil.health.check.DiskSpaceCheck}, {@link
 * dev.vigil.health.check.JdbcCheck}, {@link dev.vigil.health.check.PoolSaturationCheck}, {@link
 * dev.vigil.health.check.ProcessCheck} and {@link dev.vigil.health.check.CommandCheck}.
 *
 * <p>Each is built by its builder, which checks every setting at {@code build()} and reports all
 * problems in one {@link java.lang.IllegalArgumentException} naming the settings. What it builds
 * is immutable and thread-safe, its {@code toString()} shows no secrets, and each run returns a
 * result with a precise {@link dev.vigil.health.FailureKind} and a one-line detail rather than
 * throwing. Checks that do I/O use their own timeouts so that they report {@code TIMEOUT}
 * themselves, before the monitor has to cut them.
 */
package dev.vigil.health.check;
