package io.ratekit.rating;

import io.ratekit.frames.Frame;

/** CloudKitty's {@code noop}: always enabled, priority 1, returns the frame unchanged. */
public final class NoopRatingModule implements RatingModule {

    public static final String NAME = "noop";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "Dummy test module: leaves every price as it is.";
    }

    @Override
    public int priority() {
        return 1;
    }

    @Override
    public boolean enabled() {
        return true;
    }

    @Override
    public Frame rate(Frame frame) {
        return frame;
    }
}
