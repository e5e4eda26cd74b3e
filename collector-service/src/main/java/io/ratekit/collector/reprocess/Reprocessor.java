package io.ratekit.collector.reprocess;

import io.ratekit.service.security.RowAccess;
import io.agroal.api.AgroalDataSource;
import io.ratekit.collector.CollectorConfig;
import io.ratekit.collector.schedule.PeriodCollector;
import io.ratekit.frames.Period;
import io.ratekit.service.sql.Jdbc;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.List;

/**
 * Works through the reprocessing schedules, one period per transaction: the schedule row is locked
 * (other replicas skip it), the period is collected again from the event timeline and published
 * as a replacement, and the schedule's {@code current} advances. Progress survives restarts.
 */
@ApplicationScoped
public class Reprocessor {

    @Inject
    AgroalDataSource dataSource;
    @Inject
    ReprocessSchedules schedules;
    @Inject
    PeriodCollector collector;
    @Inject
    CollectorConfig config;

    /** Runs every unfinished schedule for up to {@code max-periods-per-tick} periods each; returns the periods done. */
    public int runAll() {
        List<Long> ids = Jdbc.inTransaction(dataSource, RowAccess.ALL, schedules::unfinishedIds);
        int done = 0;
        for (long id : ids) {
            for (int i = 0; i < config.maxPeriodsPerTick() && next(id); i++) {
                done++;
            }
        }
        return done;
    }

    /** Reprocesses the next period of one schedule; false when it is finished or locked elsewhere. */
    public boolean next(long id) {
        return Jdbc.inTransaction(dataSource, RowAccess.ALL, c -> {
            var locked = schedules.lock(c, id);
            if (locked.isEmpty() || locked.get().finished(config.period())) {
                return false;
            }
            ReprocessSchedule schedule = locked.get();
            var begin = schedule.next(config.period());
            collector.collectPeriod(c, schedule.scopeId(), new Period(begin, begin.plus(config.period())), true);
            schedules.advance(c, id, begin);
            return true;
        });
    }
}
