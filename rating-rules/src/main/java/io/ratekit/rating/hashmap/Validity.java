package io.ratekit.rating.hashmap;

import java.time.Instant;

/**
 * When a rule applies: to periods that start inside {@code [start, end)}; a null bound is open.
 * This is how price changes are dated (CloudKitty before 2025.2 has no dates at all).
 */
public record Validity(Instant start, Instant end) {

    public static final Validity ALWAYS = new Validity(null, null);

    public Validity {
        if (start != null && end != null && !end.isAfter(start)) {
            throw new IllegalArgumentException("end must be after start");
        }
    }

    public boolean covers(Instant periodBegin) {
        return (start == null || !periodBegin.isBefore(start)) && (end == null || periodBegin.isBefore(end));
    }
}
