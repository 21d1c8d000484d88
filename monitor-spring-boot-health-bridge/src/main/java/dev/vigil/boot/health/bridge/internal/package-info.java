/**
 * Internal: the half of the health bridge that does not depend on a Spring Boot line (the status
 * mapping both ways, the names of indicators, and the registration of the watched indicators as
 * Vigil health checks). Public only for the starter's Spring Boot 4 half; not an API.
 */
package dev.vigil.boot.health.bridge.internal;
