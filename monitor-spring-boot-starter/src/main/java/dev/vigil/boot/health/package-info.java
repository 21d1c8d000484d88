/**
 * The Spring Boot 4 half of the health bridge ({@code org.springframework.boot.health.contributor},
 * module {@code spring-boot-health}): Vigil's checks as the contributor {@code vigil} of {@code
 * /actuator/health}, and the application's indicators watched as Vigil checks. The Spring Boot 3.5
 * half is {@code dev.vigil.boot.health.boot3} in {@code monitor-spring-boot-health-bridge}, which
 * the starter brings; each turns itself on only on its own line.
 */
package dev.vigil.boot.health;
