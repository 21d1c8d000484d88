package dev.vigil.boot.health.bridge.internal;

/**
 * Marks Vigil's own health contributor, which the watching of indicators skips: watching it would
 * make a loop (Vigil's checks shown as an indicator that Vigil checks).
 */
public interface VigilContributor {}
