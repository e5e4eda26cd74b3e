package io.ratekit.rating.hashmap;

import java.util.Comparator;
import java.util.List;

/**
 * One consistent version of every hashmap rule. A frame is always rated against exactly one
 * ruleset; a rule change produces a new version, never an edit in place.
 */
public record HashmapRuleset(long version, List<Mapping> mappings, List<Threshold> thresholds) {

    public static final HashmapRuleset EMPTY = new HashmapRuleset(0, List.of(), List.of());

    public HashmapRuleset {
        // load order decides CloudKitty's "last one wins" cases: creation order, i.e. by id
        mappings = mappings.stream().sorted(Comparator.comparingLong(Mapping::id)).toList();
        thresholds = thresholds.stream().sorted(Comparator.comparingLong(Threshold::id)).toList();
    }
}
