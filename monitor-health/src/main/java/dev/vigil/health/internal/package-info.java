/** Internals of the health module; not an API: may change in any release. */
package dev.vigil.health.internal;
