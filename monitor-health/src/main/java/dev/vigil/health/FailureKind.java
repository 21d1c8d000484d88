package dev.vigil.health;

/**
 * Why a check failed, for recovery policies to decide what to do: a
 * timeout may call for a restart, a bad state (seed 003: an instance "notAuthorized") for an
 * alert only, as a restart would make it worse.
 */
public enum FailureKind {
  /** No answer within the check's timeout. */
  TIMEOUT,
  /** The connection was refused or reset: nothing listens, or it crashed. */
  CONNECTION_REFUSED,
  /** The name could not be resolved. */
  DNS,
  /** An answer with an unexpected status code. */
  BAD_STATUS,
  /** An answer whose body does not hold what it must (text, JSON path). */
  BAD_RESPONSE,
  /** The target answered that it is in a wrong state (unauthorised, disabled, read-only). */
  BAD_STATE,
  /** A TLS problem: handshake failure, or a certificate expired or about to. */
  TLS,
  /** A resource is short: memory, disk, connections. */
  RESOURCE,
  /** A process is not running. */
  NOT_RUNNING,
  /** Anything else: the check threw. */
  ERROR
}
