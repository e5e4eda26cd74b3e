package io.ratekit.processor.hashmap;

import io.ratekit.rating.hashmap.CostType;
import io.ratekit.service.api.InvalidInputException;
import io.ratekit.service.api.JsonBody;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;

/** Reads and checks mapping and threshold bodies, and writes rules back as CloudKitty's JSON. */
final class RuleRequests {

    static final Set<String> MAPPING_KEYS = Set.of("mapping_id", "value", "type", "map_type", "cost", "service_id", "field_id",
            "group_id", "tenant_id", "start", "end");
    static final Set<String> THRESHOLD_KEYS = Set.of("threshold_id", "level", "type", "map_type", "cost", "service_id", "field_id",
            "group_id", "tenant_id", "start", "end");

    private RuleRequests() {
    }

    static HashmapStore.Rule mapping(JsonBody body, HashmapStore.Rule base) {
        UUID serviceId = pick(body, "service_id", base == null ? null : base.serviceId());
        UUID fieldId = pick(body, "field_id", base == null ? null : base.fieldId());
        parent(serviceId, fieldId);
        String value = body.has("value") ? body.text("value") : base == null ? null : base.value();
        if (fieldId != null && (value == null || value.isEmpty())) {
            throw new InvalidInputException("value", "a field mapping needs the field value it matches");
        }
        if (serviceId != null && value != null && !value.isEmpty()) {
            throw new InvalidInputException("value", "a service mapping has no value (map a field to match values)");
        }
        return new HashmapStore.Rule(base == null ? null : base.id(), 0, serviceId, fieldId, serviceId != null ? null : value, null,
                type(body, base), cost(body, base), groupId(body, base), tenant(body, base), start(body, base), end(body, base));
    }

    static HashmapStore.Rule threshold(JsonBody body, HashmapStore.Rule base) {
        UUID serviceId = pick(body, "service_id", base == null ? null : base.serviceId());
        UUID fieldId = pick(body, "field_id", base == null ? null : base.fieldId());
        parent(serviceId, fieldId);
        BigDecimal level = body.has("level") ? bounded(body.decimal("level"), "level", 12, 8) : base == null ? null : base.level();
        if (level == null) {
            throw new InvalidInputException("level", "is required");
        }
        return new HashmapStore.Rule(base == null ? null : base.id(), 0, serviceId, fieldId, null, level,
                type(body, base), cost(body, base), groupId(body, base), tenant(body, base), start(body, base), end(body, base));
    }

    static HashmapViews.Mapping mappingView(HashmapStore.Rule r) {
        return new HashmapViews.Mapping(r.id().toString(), r.value() == null && r.serviceId() != null ? "" : r.value(), r.type().wire(),
                r.cost().toPlainString(), text(r.serviceId()), text(r.fieldId()), text(r.groupId()), r.tenantId(), text(r.start()), text(r.end()));
    }

    static HashmapViews.Threshold thresholdView(HashmapStore.Rule r) {
        return new HashmapViews.Threshold(r.id().toString(), r.level().toPlainString(), r.type().wire(), r.cost().toPlainString(),
                text(r.serviceId()), text(r.fieldId()), text(r.groupId()), r.tenantId(), text(r.start()), text(r.end()));
    }

    private static String text(Object o) {
        return o == null ? null : o.toString();
    }

    private static void parent(UUID serviceId, UUID fieldId) {
        if ((serviceId == null) == (fieldId == null)) {
            throw new InvalidInputException("service_id", "give exactly one of service_id and field_id");
        }
    }

    private static UUID pick(JsonBody body, String name, UUID fallback) {
        return body.has(name) ? body.uuid(name) : fallback;
    }

    private static CostType type(JsonBody body, HashmapStore.Rule base) {
        String name = body.has("type") ? "type" : "map_type";
        String text = body.text(name);
        if (text == null) {
            return base == null ? CostType.FLAT : base.type();
        }
        try {
            return CostType.of(text);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(name, "must be 'flat' or 'rate', got '" + text + "'");
        }
    }

    private static BigDecimal cost(JsonBody body, HashmapStore.Rule base) {
        if (!body.has("cost")) {
            if (base == null) {
                throw new InvalidInputException("cost", "is required");
            }
            return base.cost();
        }
        return bounded(body.decimal("cost"), "cost", 12, 28);
    }

    /** CloudKitty's columns: cost numeric(40,28), level numeric(20,8). */
    private static BigDecimal bounded(BigDecimal value, String field, int integerDigits, int scale) {
        BigDecimal stripped = value.signum() == 0 ? BigDecimal.ZERO : value.stripTrailingZeros();
        if (stripped.precision() - stripped.scale() > integerDigits || stripped.scale() > scale) {
            throw new InvalidInputException(field, "at most " + integerDigits + " digits before and " + scale + " after the decimal point, got " + value.toPlainString());
        }
        return value;
    }

    private static UUID groupId(JsonBody body, HashmapStore.Rule base) {
        return body.has("group_id") ? body.uuid("group_id") : base == null ? null : base.groupId();
    }

    private static String tenant(JsonBody body, HashmapStore.Rule base) {
        if (!body.has("tenant_id")) {
            return base == null ? null : base.tenantId();
        }
        String tenant = body.text("tenant_id");
        return tenant == null || tenant.isEmpty() ? null : tenant;
    }

    private static Instant start(JsonBody body, HashmapStore.Rule base) {
        return body.has("start") ? body.instant("start") : base == null ? null : base.start();
    }

    private static Instant end(JsonBody body, HashmapStore.Rule base) {
        Instant end = body.has("end") ? body.instant("end") : base == null ? null : base.end();
        Instant start = start(body, base);
        if (end != null && start != null && !end.isAfter(start)) {
            throw new InvalidInputException("end", "must be after start (" + start + ")");
        }
        return end;
    }
}
