package io.ratekit.rating;

import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;

/**
 * A rating module whose switch and priority live outside it (CloudKitty's module state, kept by
 * the processor) and are read each time the pipeline asks.
 */
public abstract class ConfiguredRatingModule implements RatingModule {

    private final String name;
    private final String description;
    private final BooleanSupplier enabled;
    private final IntSupplier priority;

    protected ConfiguredRatingModule(String name, String description, BooleanSupplier enabled, IntSupplier priority) {
        this.name = name;
        this.description = description;
        this.enabled = enabled;
        this.priority = priority;
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final String description() {
        return description;
    }

    @Override
    public final int priority() {
        return priority.getAsInt();
    }

    @Override
    public final boolean enabled() {
        return enabled.getAsBoolean();
    }
}
