package dev.vigil.cluster;

/**
 * Says whether this instance may do the work that must happen once per cluster: evaluating alert
 * rules, sending notifications, running scheduled maintenance and recovery actions.
 *
 * <p>A single instance is always the leader ({@link #always()}, the default everywhere). When
 * several instances of an application share one database, a lease in it (the JDBC store's) elects
 * one of them; the others keep capturing and storing their own events and serve the cluster's data,
 * and take over when the leader's lease expires.
 *
 * <p>{@link #isLeader()} is read on every scheduled tick, so it must be cheap (a volatile read) and
 * must never block or throw.
 */
@FunctionalInterface
public interface Leadership {

  /** Returns whether this instance leads now. */
  boolean isLeader();

  /** Returns the leadership of an instance that is alone: always the leader. */
  static Leadership always() {
    return Always.INSTANCE;
  }
}

/** The leadership of a single instance. */
enum Always implements Leadership {
  INSTANCE;

  @Override
  public boolean isLeader() {
    return true;
  }

  @Override
  public String toString() {
    return "Leadership.always()";
  }
}
