/**
 * The properties of the health bridge between Vigil and Spring Boot Actuator, shared by its
 * Spring Boot 4 half (in the starter) and its Spring Boot 3.5 half ({@code
 * dev.vigil.boot.health.boot3}): {@code vigil.health.actuator.*} (Vigil's checks in {@code
 * /actuator/health}) and {@code vigil.health.indicators.*} (the application's indicators watched
 * by Vigil).
 */
package dev.vigil.boot.health.bridge;
