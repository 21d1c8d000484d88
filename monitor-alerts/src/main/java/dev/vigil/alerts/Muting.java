package dev.vigil.alerts;

import static java.util.Objects.requireNonNull;

/**
 * What keeps a SILENCED alert quiet: a {@link Silence}, a {@link MaintenanceWindow}, or another
 * alert that {@linkplain InhibitRule inhibits} it.
 *
 * @param kind which of the three
 * @param id the silence's id, the maintenance window's id, or the {@linkplain Alert#key() key} of
 *     the inhibiting alert
 */
public record Muting(Kind kind, String id) {

  /** The three ways an alert is muted. */
  public enum Kind {
    /** A {@link Silence} added by someone, until its end. */
    SILENCE,
    /** A recurring {@link MaintenanceWindow} of the engine. */
    MAINTENANCE,
    /** A firing alert matched by an {@link InhibitRule} of the engine. */
    INHIBITION
  }

  /** Checks that neither component is null. */
  public Muting {
    requireNonNull(kind, "kind");
    requireNonNull(id, "id");
  }

  @Override
  public String toString() {
    return switch (kind) {
      case SILENCE -> "silence " + id;
      case MAINTENANCE -> "maintenance window " + id;
      case INHIBITION -> "inhibition by " + id;
    };
  }
}
