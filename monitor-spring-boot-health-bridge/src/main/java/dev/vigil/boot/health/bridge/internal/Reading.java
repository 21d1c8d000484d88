package dev.vigil.boot.health.bridge.internal;

import static java.util.Objects.requireNonNull;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a Spring Boot health contributor answered, independent of the Spring Boot line: the status
 * code and details of an indicator, or the readings of the components of a composite.
 *
 * @param code the status code, such as {@code UP}, or {@code null} for a composite
 * @param details the indicator's details; empty for a composite
 * @param components the components of a composite by name, in order; empty for an indicator
 */
public record Reading(String code, Map<String, Object> details, Map<String, Reading> components) {

  /** Copies the maps. */
  public Reading {
    details = details == null ? Map.of() : java.util.Collections.unmodifiableMap(
        new LinkedHashMap<>(details));
    components = components == null ? Map.of() : java.util.Collections.unmodifiableMap(
        new LinkedHashMap<>(components));
  }

  /** Returns the reading of an indicator. */
  public static Reading indicator(String code, Map<String, Object> details) {
    return new Reading(requireNonNull(code, "code"), details, null);
  }

  /** Returns the reading of a composite. */
  public static Reading composite(Map<String, Reading> components) {
    return new Reading(null, null, requireNonNull(components, "components"));
  }

  /** Returns whether this is the reading of a composite. */
  public boolean isComposite() {
    return code == null;
  }
}
