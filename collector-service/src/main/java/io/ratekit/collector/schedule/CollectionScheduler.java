package io.ratekit.collector.schedule;

import io.ratekit.service.sql.ReadTransaction;
import io.ratekit.service.security.RowAccess;
import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import io.quarkus.scheduler.Scheduled;
import io.ratekit.collector.CollectorConfig;
import io.ratekit.collector.scope.ScopeStates;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Every tick, collects each active scope's due periods, catching up on past ones at once (up to
 * {@code max-periods-per-tick} per scope, then the next scope gets its turn). Scopes are visited
 * in random order, as CloudKitty does, so replicas spread over them.
 */
@Startup // created at start so that the lag gauge exists before the first tick
@ApplicationScoped
public class CollectionScheduler {

    private static final Logger LOG = Logger.getLogger(CollectionScheduler.class);

    @Inject
    AgroalDataSource dataSource;
    @Inject
    ScopeStates scopes;
    @Inject
    PeriodCollector collector;
    @Inject
    CollectorConfig config;
    @Inject
    io.ratekit.collector.reprocess.Reprocessor reprocessor;

    private final AtomicLong lagSeconds = new AtomicLong();
    private io.micrometer.core.instrument.Counter ticks;

    @Inject
    void registerMeters(MeterRegistry registry) {
        registry.gauge("ratekit.collector.lag.seconds", lagSeconds, AtomicLong::get);
        // lets an operator (and a test) see that collection runs, and wait for whole ticks instead of for time
        ticks = registry.counter("ratekit.collector.ticks");
    }

    @Scheduled(every = "${ratekit.collector.tick:10s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void tick() {
        try {
            for (String scope : activeScopes()) {
                collectScope(scope);
            }
            reprocessor.runAll();
            updateLag();
            ticks.increment();
        } catch (RuntimeException | SQLException e) {
            LOG.errorf(e, "collection tick failed; retrying next tick");
        }
    }

    /** Collects due periods of one scope; returns how many. */
    public int collectScope(String scope) {
        return collectScope(scope, null);
    }

    /** As {@link #collectScope(String)}, with a fixed clock when {@code now} is given (tests). */
    public int collectScope(String scope, Instant now) {
        int collected = 0;
        while (collected < config.maxPeriodsPerTick()) {
            PeriodCollector.Outcome outcome = collector.collectNext(scope, now == null ? Instant.now() : now);
            if (outcome != PeriodCollector.Outcome.COLLECTED) {
                break;
            }
            collected++;
        }
        if (collected > 0) {
            LOG.debugf("scope %s: %d period(s) collected", scope, collected);
        }
        return collected;
    }

    private List<String> activeScopes() throws SQLException {
        try (ReadTransaction tx = ReadTransaction.begin(dataSource, RowAccess.ALL)) {
            return scopes.activeScopes(tx.connection(), ScopeStates.EVENTS_SOURCE);
        }
    }

    private void updateLag() throws SQLException {
        try (ReadTransaction tx = ReadTransaction.begin(dataSource, RowAccess.ALL)) {
            scopes.oldestProcessedEnd(tx.connection()).ifPresent(end -> lagSeconds.set(Math.max(0, Duration.between(end, Instant.now()).toSeconds())));
        }
    }
}
