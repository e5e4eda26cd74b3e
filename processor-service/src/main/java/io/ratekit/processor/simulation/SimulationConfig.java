package io.ratekit.processor.simulation;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** {@code ratekit.simulation.*}: what-if simulations of candidate rules on stored usage. */
@ConfigMapping(prefix = "ratekit.simulation")
public interface SimulationConfig {

    /** The longest period one simulation may re-rate (a year, leap years included). */
    @WithDefault("P366D")
    Duration maxPeriod();

    /** Simulations kept per replica, finished ones evicted oldest first beyond this. */
    @WithDefault("20")
    int keep();

    /** How long a finished simulation stays readable. */
    @WithDefault("PT1H")
    Duration keepFor();

    /** Simulations waiting or running at once per replica; beyond that a POST is a 429. */
    @WithDefault("4")
    int maxPending();

    /**
     * Stored usage is read one window of periods at a time (storage's function materialises each
     * window before sending it): a day keeps that to tens of thousands of rows at provider scale.
     */
    @WithDefault("P1D")
    Duration readWindow();

    /** Rows fetched per round trip. */
    @WithDefault("5000")
    int fetchSize();

    /** The longest a {@code POST ...?wait=true} holds the request before answering 202 with the progress. */
    @WithDefault("PT60S")
    Duration maxWait();
}
