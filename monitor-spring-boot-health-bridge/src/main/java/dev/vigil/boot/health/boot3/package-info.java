/**
 * The Spring Boot 3.5 half of the health bridge ({@code org.springframework.boot.actuate.health}):
 * Vigil's checks as the contributor {@code vigil} of {@code /actuator/health}, and the
 * application's indicators watched as Vigil checks. The Spring Boot 4 half is in the starter
 * ({@code dev.vigil.boot.health}); each turns itself on only on its own line.
 */
package dev.vigil.boot.health.boot3;
