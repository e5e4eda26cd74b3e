package io.ratekit.collector.schedule;

import io.ratekit.service.security.RowAccess;
import io.agroal.api.AgroalDataSource;
import io.ratekit.collector.CollectorConfig;
import io.ratekit.collector.event.Timeline;
import io.ratekit.collector.scope.ScopeState;
import io.ratekit.collector.scope.ScopeStates;
import io.ratekit.collector.usage.AllocationUsage;
import io.ratekit.collector.usage.MetricCatalog;
import io.ratekit.collector.usage.MetricDefinitions;
import io.ratekit.collector.usage.SampledUsage;
import io.ratekit.frames.AmqpNames;
import io.ratekit.frames.DataPoint;
import io.ratekit.frames.Frame;
import io.ratekit.frames.Period;
import io.ratekit.service.messaging.ConfirmingPublisher;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Collects the next due period of one scope, in one transaction: lock the scope (advisory lock,
 * so one replica at a time), compute the usage, publish the frame and wait for the broker's
 * confirm, advance the state, commit. If the commit fails after the publish, the period is
 * collected again and the same frame id is published again: storage keeps one copy.
 */
@ApplicationScoped
public class PeriodCollector {

    public enum Outcome { COLLECTED, NOT_DUE, LOCKED_ELSEWHERE, INACTIVE }

    @Inject
    AgroalDataSource dataSource;
    @Inject
    ScopeStates scopes;
    @Inject
    ConfirmingPublisher publisher;
    @Inject
    CollectorConfig config;

    private final AllocationUsage usage;
    private final MetricDefinitions definitions;
    private final Counter framesPublished;
    private final Counter emptyPeriods;

    @Inject
    public PeriodCollector(CollectorConfig config, MetricCatalog catalog, MeterRegistry registry) {
        this.usage = new AllocationUsage(config.allocations().entrySet().stream()
                .map(e -> new AllocationUsage.Metric(e.getKey(), e.getValue().metric(), e.getValue().unit())).toList(),
                config.scopeKey());
        definitions = catalog.definitions().orElse(null);
        framesPublished = Counter.builder("ratekit.frames.published").description("Unrated frames published").register(registry);
        emptyPeriods = Counter.builder("ratekit.periods.empty").description("Periods collected with no usage (no frame sent)").register(registry);
    }

    public Outcome collectNext(String scopeId, Instant now) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            RowAccess.ALL.apply(c); // the collector's own work covers every scope
            try {
                Outcome outcome = collectNextIn(c, scopeId, now);
                c.commit();
                return outcome;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("collection of scope " + scopeId + " failed: " + e.getMessage(), e);
        }
    }

    private Outcome collectNextIn(Connection c, String scopeId, Instant now) throws SQLException {
        Optional<ScopeState> locked = scopes.tryLockForCollection(c, scopeId, ScopeStates.EVENTS_SOURCE);
        if (locked.isEmpty()) {
            return Outcome.LOCKED_ELSEWHERE;
        }
        ScopeState state = locked.get();
        if (!state.active()) {
            return Outcome.INACTIVE;
        }
        Period period = new Period(state.lastProcessedEnd(), state.lastProcessedEnd().plus(config.period()));
        if (!isDue(period, now)) {
            return Outcome.NOT_DUE;
        }
        collectPeriod(c, scopeId, period, state.reprocesses(period.begin()));
        scopes.advance(c, scopeId, ScopeStates.EVENTS_SOURCE, period.end());
        return Outcome.COLLECTED;
    }

    /**
     * Computes one period of a scope and publishes its frame (broker confirm awaited). A
     * replacement ({@code reprocess}) is sent even empty: storage then clears what the period held.
     */
    public void collectPeriod(Connection c, String scopeId, Period period, boolean reprocess) throws SQLException {
        Map<String, List<DataPoint>> points = usage(c, scopeId, period);
        if (points.isEmpty() && !reprocess) {
            emptyPeriods.increment(); // CloudKitty too advances without storing when nothing was collected
            return;
        }
        publisher.publish(AmqpNames.USAGE_EXCHANGE, Frame.of(scopeId, ScopeStates.EVENTS_SOURCE, period, points, reprocess));
        framesPublished.increment();
    }

    /** The usage of one period of a scope: allocations from the timelines, sampled gauges, then the metric definitions. */
    public Map<String, List<DataPoint>> usage(Connection c, String scopeId, Period period) throws SQLException {
        Map<String, List<DataPoint>> points = new java.util.TreeMap<>(usage.compute(scopeId, period, Timeline.read(c, scopeId, period)));
        SampledUsage.addTo(c, scopeId, period, config.scopeKey(), points);
        return definitions == null ? points : definitions.apply(points, config.scopeKey());
    }

    /** CloudKitty: {@code begin + wait_periods × period < now}; and never a period that has not ended. */
    boolean isDue(Period period, Instant now) {
        Instant waitedUntil = period.begin().plus(config.period().multipliedBy(config.waitPeriods()));
        return waitedUntil.isBefore(now) && !period.end().isAfter(now);
    }
}
