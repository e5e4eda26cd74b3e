package io.ratekit.rating.hashmap;

import io.ratekit.frames.DataPoint;
import io.ratekit.frames.Decimals;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Prices one data point exactly as CloudKitty's hashmap {@code process()} does: per group, the
 * max flat and the product of rates; one threshold slot per group won by the highest matching
 * level (service thresholds compare qty, field thresholds the field's value, both compete);
 * then {@code rate × flat × qty}, plus or times the service threshold; groups are added to the
 * price left by earlier modules. Every multiplication and addition is rounded to 28 significant
 * digits, HALF_EVEN, in CloudKitty's order.
 *
 * <p>Where CloudKitty fails the whole frame (a non-numeric value in a field that has thresholds)
 * Ratekit skips that field's thresholds for that point only and counts it in {@link Outcome}.
 */
final class PointPricer {

    enum Scope { SERVICE, FIELD }

    /** The price and what produced it. */
    record Outcome(BigDecimal price, java.util.List<Long> ruleIds, boolean nonNumericThresholdValue) {
    }

    private static final class GroupResult {
        BigDecimal flat = BigDecimal.ZERO;
        BigDecimal rate = BigDecimal.ONE;
        BigDecimal slotLevel = BigDecimal.ONE.negate();
        BigDecimal slotCost = BigDecimal.ZERO;
        CostType slotType = CostType.FLAT;
        Scope slotScope = Scope.FIELD;
        long slotRule = -1;
        long flatRule = -1;
        final java.util.List<Long> rateRules = new java.util.ArrayList<>();
    }

    private PointPricer() {
    }

    static Outcome price(TenantRules.ServiceRules service, DataPoint point) {
        Map<String, GroupResult> groups = new LinkedHashMap<>();
        service.mappings.forEach((group, m) -> mapping(groups, group, m));
        service.thresholds.forEach((group, levels) -> levels.forEach((level, t) -> {
            if (point.qty().compareTo(level) >= 0) {
                threshold(groups, group, level, t, Scope.SERVICE);
            }
        }));
        boolean nonNumeric = false;
        for (var field : service.fields.entrySet()) {
            String value = point.descValue(field.getKey());
            if (value == null) {
                continue;
            }
            TenantRules.FieldRules rules = field.getValue();
            rules.mappings.forEach((group, byValue) -> {
                Mapping m = byValue.get(value);
                if (m != null) {
                    mapping(groups, group, m);
                }
            });
            if (!rules.thresholds.isEmpty()) {
                BigDecimal numeric = numeric(value);
                if (numeric == null) {
                    nonNumeric = true;
                    continue;
                }
                rules.thresholds.forEach((group, levels) -> levels.forEach((level, t) -> {
                    if (numeric.compareTo(level) >= 0) {
                        threshold(groups, group, level, t, Scope.FIELD);
                    }
                }));
            }
        }
        BigDecimal price = point.price();
        java.util.List<Long> ruleIds = new java.util.ArrayList<>();
        for (GroupResult g : groups.values()) {
            BigDecimal rate = g.rate;
            BigDecimal flat = g.flat;
            if (g.slotScope == Scope.FIELD) {
                if (g.slotType == CostType.FLAT) {
                    flat = flat.add(g.slotCost, Decimals.CONTEXT);
                } else {
                    rate = rate.multiply(g.slotCost, Decimals.CONTEXT);
                }
            }
            BigDecimal result = rate.multiply(flat, Decimals.CONTEXT).multiply(point.qty(), Decimals.CONTEXT);
            if (g.slotScope == Scope.SERVICE) {
                result = g.slotType == CostType.FLAT
                        ? result.add(g.slotCost, Decimals.CONTEXT)
                        : result.multiply(g.slotCost, Decimals.CONTEXT);
            }
            price = price.add(result, Decimals.CONTEXT);
            ruleIds.addAll(g.rateRules);
            if (g.flatRule >= 0) {
                ruleIds.add(g.flatRule);
            }
            if (g.slotRule >= 0) {
                ruleIds.add(g.slotRule);
            }
        }
        return new Outcome(price, ruleIds, nonNumeric);
    }

    private static void mapping(Map<String, GroupResult> groups, String group, Mapping m) {
        GroupResult g = groups.computeIfAbsent(group, k -> new GroupResult());
        if (m.type() == CostType.RATE) {
            g.rate = g.rate.multiply(m.cost(), Decimals.CONTEXT);
            g.rateRules.add(m.id());
        } else if (m.cost().compareTo(g.flat) > 0) {
            g.flat = m.cost();
            g.flatRule = m.id();
        }
    }

    private static void threshold(Map<String, GroupResult> groups, String group, BigDecimal level, Threshold t, Scope scope) {
        GroupResult g = groups.computeIfAbsent(group, k -> new GroupResult());
        if (level.compareTo(g.slotLevel) > 0) {
            g.slotLevel = level;
            g.slotCost = t.cost();
            g.slotType = t.type();
            g.slotScope = scope;
            g.slotRule = t.id();
        }
    }

    /** Python's {@code Decimal(str)}: surrounding blanks allowed; anything else that is not a number is refused. */
    static BigDecimal numeric(String value) {
        try {
            return new BigDecimal(value.strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
