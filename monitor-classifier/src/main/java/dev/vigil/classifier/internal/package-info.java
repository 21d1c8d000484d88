/**
 * Internal: shared by the classifier's implementation, not API. May change in any release.
 */
package dev.vigil.classifier.internal;
