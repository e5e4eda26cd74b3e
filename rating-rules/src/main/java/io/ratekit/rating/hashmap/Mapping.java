package io.ratekit.rating.hashmap;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * A hashmap mapping: a service mapping (no field, no value) or a field mapping (field and value).
 * {@code group} null is CloudKitty's implicit default group; {@code tenantId} null is global.
 */
public record Mapping(long id, String service, String field, String value, CostType type, BigDecimal cost,
                      String group, String tenantId, Validity validity) {

    public Mapping {
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(cost, "cost");
        if (field != null && value == null) {
            throw new IllegalArgumentException("a field mapping needs a value");
        }
        validity = validity == null ? Validity.ALWAYS : validity;
    }

    public boolean isServiceMapping() {
        return field == null;
    }
}
