package dev.vigil.alerts;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * Who acknowledged an {@link Alert}, when, why and until when; see {@link
 * AlertEngine#acknowledge(String, String, String, Instant)}. Immutable and thread-safe.
 *
 * @param by who acknowledged
 * @param comment why; empty if none was given
 * @param at when
 * @param until when the acknowledgement expires
 */
public record Acknowledgement(String by, String comment, Instant at, Instant until) {
  /** Checks that no component is null. */
  public Acknowledgement {
    requireNonNull(by, "by");
    requireNonNull(comment, "comment");
    requireNonNull(at, "at");
    requireNonNull(until, "until");
  }
}
