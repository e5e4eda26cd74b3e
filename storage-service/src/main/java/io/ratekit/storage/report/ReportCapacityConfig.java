package io.ratekit.storage.report;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/**
 * How many report requests run at once ({@link ReportCapacity}). Every report holds a connection
 * of the reporting pool ({@code quarkus.datasource.jdbc.max-size}) while it runs, a CSV export
 * for as long as it streams: the bounds keep one caller, and reports together, from taking the
 * whole pool.
 */
@ConfigMapping(prefix = "ratekit.storage.reports")
public interface ReportCapacityConfig {

    /**
     * Report requests running at once, all callers together. Must be below the pool size: the
     * pool also serves the health check and the groupby key look-ups.
     */
    @WithDefault("12")
    int maxConcurrent();

    /**
     * Report requests one caller runs at once: a tenant (all users whose tokens list the same
     * scopes) or an operator (per token subject). Must be below {@link #maxConcurrent()}, so that
     * one caller never takes every slot.
     */
    @WithDefault("4")
    int maxConcurrentPerCaller();

    /** How long a request waits for a slot before it is answered 503. */
    @WithDefault("PT0.5S")
    Duration queueWait();

    /** The {@code Retry-After} of a 503 (whole seconds, at least 1). */
    @WithDefault("PT2S")
    Duration retryAfter();
}
