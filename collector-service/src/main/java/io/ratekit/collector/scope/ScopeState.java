package io.ratekit.collector.scope;

import java.time.Instant;

/** How far collection of one scope from one source got, and what went wrong on the way. */
public record ScopeState(String scopeId, String source, String scopeKey, String fetcher,
                         Instant firstPeriodBegin, Instant lastProcessedEnd, boolean active,
                         Instant activationToggledAt, long lateEvents, long outOfOrderEvents,
                         Instant lastLateEventAt, Instant updatedAt) {

    /** Nothing collected yet: the start may still move back for an earlier event. */
    public boolean untouched() {
        return firstPeriodBegin.equals(lastProcessedEnd);
    }
}
