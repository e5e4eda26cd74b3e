package io.ratekit.collector;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Map;

/** Every knob of the collector, with its default and unit. */
@ConfigMapping(prefix = "ratekit.collector")
public interface CollectorConfig {

    /** Length of a collection period (CloudKitty {@code [collect] period}, 3600 s). Periods are aligned on the Unix epoch. */
    @WithDefault("PT1H")
    Duration period();

    /**
     * CloudKitty's {@code wait_periods}: the period starting at {@code b} is collected once
     * {@code b + wait_periods × period < now}. A period is never collected before it has ended,
     * whatever this says.
     */
    @WithDefault("2")
    int waitPeriods();

    /** How often the scheduler looks for due periods. */
    @WithDefault("10s")
    String tick();

    /** At most this many periods per scope per tick, so one scope catching up cannot starve the others. */
    @WithDefault("500")
    int maxPeriodsPerTick();

    /** The groupby key that carries the scope id on every data point (CloudKitty {@code scope_key}). */
    @WithDefault("project_id")
    String scopeKey();

    /**
     * A CloudKitty {@code metrics.yml} (unit, factor, offset, alt_name, groupby, metadata, mutate):
     * when set, only the metrics it lists are sent, converted as it says. Checked at start.
     */
    java.util.Optional<String> metricsFile();

    /** Events dated further ahead than this are refused (clock skew allowance). */
    @WithDefault("PT1H")
    Duration maxFutureSkew();

    /**
     * Allocation metrics: for each resource attribute named here (e.g. {@code vcpus}), a metric
     * whose qty is the attribute's value × the fraction of the period the resource held it.
     * Every resource also yields a metric named after its resource type with qty = fraction alive.
     */
    Map<String, Allocation> allocations();

    interface Allocation {
        /** Metric type of the data points (e.g. {@code vcpu}). */
        String metric();

        /** Unit written on the data points (e.g. {@code vcpu}). */
        String unit();
    }
}
