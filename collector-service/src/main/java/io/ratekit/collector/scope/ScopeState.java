package io.ratekit.collector.scope;

import java.time.Instant;

/** How far collection of one scope from one source got, and what went wrong on the way. */
public record ScopeState(String scopeId, String source, String scopeKey, String fetcher,
                         Instant firstPeriodBegin, Instant lastProcessedEnd, boolean active,
                         Instant activationToggledAt, long lateEvents, long outOfOrderEvents,
                         Instant lastLateEventAt, Instant updatedAt, Instant reprocessUntil) {

    /** A period starting before {@code reprocessUntil} was collected before: collect it again as a replacement. */
    public boolean reprocesses(Instant periodBegin) {
        return reprocessUntil != null && periodBegin.isBefore(reprocessUntil);
    }

    /** Nothing collected yet: the start may still move back for an earlier event. */
    public boolean untouched() {
        return firstPeriodBegin.equals(lastProcessedEnd);
    }
}
