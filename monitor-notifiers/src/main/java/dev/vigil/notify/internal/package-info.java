/** Internals of the notifiers; not an API: may change in any release. */
package dev.vigil.notify.internal;
