package io.ratekit.processor.rating;

/** Whether a rating module runs, and in which order (higher priority first). */
public record ModuleState(boolean enabled, int priority) {

    /** CloudKitty: a module without state is disabled; a priority of 0 reads as 1. */
    public static final ModuleState DEFAULT = new ModuleState(false, 1);
}
