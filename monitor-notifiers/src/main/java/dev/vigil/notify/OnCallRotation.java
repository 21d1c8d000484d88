package dev.vigil.notify;

import static java.util.Objects.requireNonNull;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A weekly on-call rotation: each week, at the hand-off day and local time in a zone, the next
 * person becomes primary and the one after becomes backup, as in
 *
 * <pre>
 * week 1: Alice (primary), Bob (backup)
 * week 2: Bob, Charlie
 * week 3: Charlie, Alice
 * </pre>
 *
 * <pre>{@code
 * OnCallRotation rotation = OnCallRotation.weekly(List.of(alice, bob, charlie),
 *     DayOfWeek.MONDAY, LocalTime.of(9, 0), ZoneId.of("Europe/Paris"), LocalDate.of(2026, 1, 5));
 * rotation.primary(Instant.now());
 * }</pre>
 *
 * <p>Hand-offs follow local time across daylight saving changes. Immutable and thread-safe.
 */
public final class OnCallRotation {

  private final List<Contact> people;
  private final LocalDateTime firstHandoff;
  private final ZoneId zone;

  private OnCallRotation(List<Contact> people, LocalDateTime firstHandoff, ZoneId zone) {
    this.people = List.copyOf(people);
    this.firstHandoff = firstHandoff;
    this.zone = zone;
  }

  /**
   * Returns a weekly rotation through {@code people}, the first of them primary from the first
   * {@code handoffDay} at {@code handoffTime} on or after {@code firstWeek}.
   *
   * @throws IllegalArgumentException if there are fewer than two people or one appears twice
   */
  public static OnCallRotation weekly(List<Contact> people, DayOfWeek handoffDay,
      LocalTime handoffTime, ZoneId zone, LocalDate firstWeek) {
    requireNonNull(people, "people");
    requireNonNull(handoffDay, "handoffDay");
    requireNonNull(handoffTime, "handoffTime");
    requireNonNull(zone, "zone");
    requireNonNull(firstWeek, "firstWeek");
    if (people.size() < 2) {
      throw new IllegalArgumentException("an on-call rotation needs at least two people (a "
          + "primary and a backup) but has " + people.size());
    }
    if (people.stream().map(Contact::name).distinct().count() != people.size()) {
      throw new IllegalArgumentException("a person appears twice in the on-call rotation");
    }
    LocalDate first = firstWeek.with(TemporalAdjusters.nextOrSame(handoffDay));
    return new OnCallRotation(people, first.atTime(handoffTime), zone);
  }

  /** Returns who is primary at {@code t}. */
  public Contact primary(Instant t) {
    return people.get(index(t));
  }

  /** Returns who is backup at {@code t}: the next in the rotation. */
  public Contact backup(Instant t) {
    return people.get((index(t) + 1) % people.size());
  }

  /** Returns everyone in escalation order at {@code t}: primary, backup, then the others. */
  public List<Contact> order(Instant t) {
    int first = index(t);
    List<Contact> order = new ArrayList<>(people.size());
    for (int i = 0; i < people.size(); i++) {
      order.add(people.get((first + i) % people.size()));
    }
    return Collections.unmodifiableList(order);
  }

  private int index(Instant t) {
    LocalDateTime local = LocalDateTime.ofInstant(requireNonNull(t, "t"), zone);
    long weeks = ChronoUnit.WEEKS.between(firstHandoff, local);
    if (firstHandoff.plusWeeks(weeks).isAfter(local)) {
      weeks--; // between() truncates toward zero: before the first hand-off, floor
    }
    return (int) Math.floorMod(weeks, (long) people.size());
  }

  @Override
  public String toString() {
    return "OnCallRotation{" + people + " weekly from " + firstHandoff + " " + zone + "}";
  }
}
