package io.ratekit.rating;

import io.ratekit.frames.Frame;

/**
 * A pluggable rating step, as CloudKitty's rating processors: it sets or adjusts the prices of a
 * frame's data points. Modules run in descending {@link #priority()}; each one sees the frame left
 * by the one before. A module must not change the envelope (id, scope, period), only the usage.
 */
public interface RatingModule {

    /** Stable identifier, used in the API ({@code /v1/rating/modules/{name}}). */
    String name();

    /** One line for operators. */
    String description();

    /** Higher runs first. */
    int priority();

    /** A disabled module is skipped by the pipeline. */
    boolean enabled();

    /** Whether configuration changes apply without a restart (CloudKitty's {@code hot_config}). */
    default boolean hotConfig() {
        return true;
    }

    /**
     * Rates one frame.
     *
     * @throws RatingException when the frame cannot be rated; the frame is then dead-lettered whole
     */
    Frame rate(Frame frame);
}
