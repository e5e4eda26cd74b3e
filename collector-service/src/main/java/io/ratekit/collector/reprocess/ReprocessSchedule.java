package io.ratekit.collector.reprocess;

import java.time.Duration;
import java.time.Instant;

/** A reprocessing of the periods starting in {@code [start, end]} of one scope; {@code current} is the last period done. */
public record ReprocessSchedule(long id, String scopeId, String reason, Instant start, Instant end, Instant current, Instant createdAt) {

    public Instant next(Duration period) {
        return current == null ? start : current.plus(period);
    }

    public boolean finished(Duration period) {
        return next(period).isAfter(end);
    }

    public long total(Duration period) {
        return Duration.between(start, end).dividedBy(period) + 1;
    }

    public long done(Duration period) {
        return current == null ? 0 : Duration.between(start, current).dividedBy(period) + 1;
    }
}
