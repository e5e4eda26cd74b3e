package io.ratekit.rating.hashmap;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * A hashmap threshold: on a service (compared with qty) or on a field (compared with the field's
 * numeric value); applies from {@code level} up, inclusive.
 */
public record Threshold(long id, String service, String field, BigDecimal level, CostType type, BigDecimal cost,
                        String group, String tenantId, Validity validity) {

    public Threshold {
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(level, "level");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(cost, "cost");
        validity = validity == null ? Validity.ALWAYS : validity;
    }

    public boolean isServiceThreshold() {
        return field == null;
    }
}
