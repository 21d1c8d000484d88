package dev.vigil;

/**
 * Supplies the {@link Classifier} a {@link Monitor} uses when none is given to its builder.
 *
 * <p>{@link Monitor.Builder#build()} looks providers up with {@link java.util.ServiceLoader};
 * {@code monitor-classifier} registers one that returns its default rule pack. Implementations
 * need a public no-argument constructor.
 */
public interface ClassifierProvider {

  /** Returns the classifier to use; called once per monitor built. */
  Classifier classifier();
}
