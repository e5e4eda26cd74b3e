package io.ratekit.rating.hashmap;

import io.ratekit.frames.DataPoint;
import io.ratekit.frames.Frame;
import io.ratekit.rating.ConfiguredRatingModule;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

/**
 * CloudKitty's hashmap rating module, digit for digit (see {@link PointPricer}), with rule
 * validity windows. Each frame is rated against one ruleset snapshot taken when rating starts,
 * seen through the eyes of the frame's scope (global rules overridden by the scope's own) at the
 * frame's period start. Metric types without a hashmap service keep their price.
 */
public final class HashmapRatingModule extends ConfiguredRatingModule {

    public static final String NAME = "hashmap";

    private final Supplier<HashmapRuleset> rules;

    /** @param rules the current ruleset; read once per frame */
    public HashmapRatingModule(Supplier<HashmapRuleset> rules, BooleanSupplier enabled, IntSupplier priority) {
        super(NAME, "HashMap rating module: services, fields, mappings, thresholds and groups, as CloudKitty's.", enabled, priority);
        this.rules = rules;
    }

    @Override
    public Frame rate(Frame frame) {
        return rateAs(frame, frame.scopeId());
    }

    /** How one point's price came about: the ids of the rules that contributed, in CloudKitty's order. */
    public record Explanation(String type, int index, java.math.BigDecimal price, List<Long> ruleIds, boolean thresholdsSkipped) {
    }

    /** Explains the prices {@link #rateAs} gives, point by point (points of unpriced types are left out). */
    public List<Explanation> explain(Frame frame, String tenantId) {
        TenantRules tenantRules = TenantRules.compile(rules.get(), tenantId, frame.period().begin());
        List<Explanation> explanations = new ArrayList<>();
        frame.usage().forEach((type, points) -> {
            TenantRules.ServiceRules service = tenantRules.services.get(type);
            for (int i = 0; service != null && i < points.size(); i++) {
                PointPricer.Outcome outcome = PointPricer.price(service, points.get(i));
                explanations.add(new Explanation(type, i, outcome.price(), outcome.ruleIds(), outcome.nonNumericThresholdValue()));
            }
        });
        return explanations;
    }

    /** Rates as {@code tenantId} would be rated; {@code null} applies the global rules only (CloudKitty's quotes). */
    public Frame rateAs(Frame frame, String tenantId) {
        TenantRules tenantRules = TenantRules.compile(rules.get(), tenantId, frame.period().begin());
        Map<String, List<DataPoint>> usage = new TreeMap<>();
        frame.usage().forEach((type, points) -> {
            TenantRules.ServiceRules service = tenantRules.services.get(type);
            if (service == null) {
                usage.put(type, points);
                return;
            }
            List<DataPoint> priced = new ArrayList<>(points.size());
            for (DataPoint point : points) {
                PointPricer.Outcome outcome = PointPricer.price(service, point);
                String[] refs = new String[outcome.ruleIds().size()];
                for (int i = 0; i < refs.length; i++) {
                    refs[i] = tenantRules.references.get(outcome.ruleIds().get(i));
                }
                priced.add(point.priced(outcome.price(), List.of(refs)));
            }
            usage.put(type, priced);
        });
        return frame.withUsage(usage);
    }
}
