package io.ratekit.rating.hashmap;

import java.util.Comparator;
import java.util.List;

/**
 * One consistent version of every hashmap rule. A frame is always rated against exactly one
 * ruleset; a rule change produces a new version, never an edit in place.
 */
public record HashmapRuleset(long version, List<Mapping> mappings, List<Threshold> thresholds, java.util.Map<Long, String> references) {

    public static final HashmapRuleset EMPTY = new HashmapRuleset(0, List.of(), List.of());

    /** Rules referenced by their ids ({@code rule/<id>}). */
    public HashmapRuleset(long version, List<Mapping> mappings, List<Threshold> thresholds) {
        this(version, mappings, thresholds, java.util.Map.of());
    }

    /** How a rated point names a rule: {@code hashmap@<version>/<reference>}, e.g. {@code hashmap@42/mapping/<uuid>}. */
    public String reference(long ruleId) {
        return "hashmap@" + version + "/" + references.getOrDefault(ruleId, "rule/" + ruleId);
    }

    public HashmapRuleset {
        references = java.util.Map.copyOf(references);
        // load order decides CloudKitty's "last one wins" cases: creation order, i.e. by id
        mappings = mappings.stream().sorted(Comparator.comparingLong(Mapping::id)).toList();
        thresholds = thresholds.stream().sorted(Comparator.comparingLong(Threshold::id)).toList();
    }
}
