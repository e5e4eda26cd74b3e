package io.ratekit.rating.hashmap;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The rules one tenant sees at one moment, shaped as CloudKitty's {@code _entries}: global rules
 * loaded first, then the tenant's own, which replace a global rule with the same group and the
 * same value (field mappings) or level (thresholds). Service mappings have no value, so one per
 * group survives: the last created. Fields are kept in name order, as CloudKitty's database returns them.
 */
final class TenantRules {

    static final String DEFAULT_GROUP = "_DEFAULT_";

    static final class ServiceRules {
        final Map<String, Mapping> mappings = new LinkedHashMap<>();
        final Map<String, Map<BigDecimal, Threshold>> thresholds = new LinkedHashMap<>();
        final Map<String, FieldRules> fields = new TreeMap<>();
    }

    static final class FieldRules {
        final Map<String, Map<String, Mapping>> mappings = new LinkedHashMap<>();
        final Map<String, Map<BigDecimal, Threshold>> thresholds = new LinkedHashMap<>();
    }

    final Map<String, ServiceRules> services = new LinkedHashMap<>();
    /** The reference a priced point records for each rule id, built once per frame, not per point. */
    final Map<Long, String> references = new java.util.HashMap<>();

    static TenantRules compile(HashmapRuleset ruleset, String tenantId, Instant periodBegin) {
        TenantRules rules = new TenantRules();
        // CloudKitty loads the global rules, then the tenant's: two passes keep that order
        for (boolean global : new boolean[] {true, false}) {
            for (Mapping m : ruleset.mappings()) {
                if (applies(m.tenantId(), m.validity(), global, tenantId, periodBegin)) {
                    rules.add(m);
                    rules.references.put(m.id(), ruleset.reference(m.id()));
                }
            }
            for (Threshold t : ruleset.thresholds()) {
                if (applies(t.tenantId(), t.validity(), global, tenantId, periodBegin)) {
                    rules.add(t);
                    rules.references.put(t.id(), ruleset.reference(t.id()));
                }
            }
        }
        return rules;
    }

    private static boolean applies(String ruleTenant, Validity validity, boolean globalPass, String tenantId, Instant periodBegin) {
        boolean tenantMatches = globalPass ? ruleTenant == null : ruleTenant != null && ruleTenant.equals(tenantId);
        return tenantMatches && validity.covers(periodBegin);
    }

    private void add(Mapping m) {
        ServiceRules service = services.computeIfAbsent(m.service(), s -> new ServiceRules());
        String group = group(m.group());
        if (m.isServiceMapping()) {
            service.mappings.put(group, m);
        } else {
            service.fields.computeIfAbsent(m.field(), f -> new FieldRules())
                    .mappings.computeIfAbsent(group, g -> new LinkedHashMap<>()).put(m.value(), m);
        }
    }

    private void add(Threshold t) {
        ServiceRules service = services.computeIfAbsent(t.service(), s -> new ServiceRules());
        String group = group(t.group());
        Map<String, Map<BigDecimal, Threshold>> byGroup = t.isServiceThreshold()
                ? service.thresholds
                : service.fields.computeIfAbsent(t.field(), f -> new FieldRules()).thresholds;
        // levels are compared by value: 1 and 1.00000000 are the same level, as Python's Decimal keys
        byGroup.computeIfAbsent(group, g -> new LinkedHashMap<>()).put(level(t.level()), t);
    }

    static BigDecimal level(BigDecimal level) {
        return level.signum() == 0 ? BigDecimal.ZERO : level.stripTrailingZeros();
    }

    private static String group(String name) {
        return name == null ? DEFAULT_GROUP : name;
    }
}
