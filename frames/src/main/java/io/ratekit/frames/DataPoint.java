package io.ratekit.frames;

import java.math.BigDecimal;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One measured item, as CloudKitty's {@code DataPoint}: a volume ({@code unit}, {@code qty}),
 * a {@code price}, and the {@code groupby} and {@code metadata} attributes. Immutable; the maps
 * are sorted so that serialisation is deterministic. Ratekit adds {@code rules}: references of
 * the rating rules that produced the price ({@code hashmap@42/mapping/<id>}), for audits.
 */
public record DataPoint(String unit, BigDecimal qty, BigDecimal price,
                        Map<String, String> groupby, Map<String, String> metadata, List<String> rules) {

    public static final String UNDEFINED_UNIT = "undefined";

    public DataPoint {
        unit = unit == null || unit.isEmpty() ? UNDEFINED_UNIT : unit;
        Objects.requireNonNull(qty, "qty");
        price = price == null ? BigDecimal.ZERO : price;
        groupby = sortedCopy(groupby);
        metadata = sortedCopy(metadata);
        rules = rules == null || rules.isEmpty() ? List.of() : List.copyOf(rules);
    }

    /** A point without rating trace. */
    public DataPoint(String unit, BigDecimal qty, BigDecimal price, Map<String, String> groupby, Map<String, String> metadata) {
        this(unit, qty, price, groupby, metadata, List.of());
    }

    /** An unrated point, as collectors create them (price 0). */
    public static DataPoint unrated(String unit, BigDecimal qty, Map<String, String> groupby, Map<String, String> metadata) {
        return new DataPoint(unit, qty, BigDecimal.ZERO, groupby, metadata);
    }

    public DataPoint withPrice(BigDecimal newPrice) {
        return new DataPoint(unit, qty, newPrice, groupby, metadata, rules);
    }

    /** The new price and the references of the rules that made it, after those of earlier modules. */
    public DataPoint priced(BigDecimal newPrice, List<String> byRules) {
        if (byRules.isEmpty()) {
            return withPrice(newPrice);
        }
        if (rules.isEmpty()) {
            return new DataPoint(unit, qty, newPrice, groupby, metadata, byRules);
        }
        List<String> all = new java.util.ArrayList<>(rules);
        all.addAll(byRules);
        return new DataPoint(unit, qty, newPrice, groupby, metadata, all);
    }

    /** One attribute of CloudKitty's {@code desc} without building it: groupby first, then metadata. */
    public String descValue(String key) {
        String value = groupby.get(key);
        return value != null ? value : metadata.get(key);
    }

    /** CloudKitty's {@code desc}: metadata overlaid with groupby (groupby wins a key clash). */
    public Map<String, String> desc() {
        Map<String, String> desc = new TreeMap<>(metadata);
        desc.putAll(groupby);
        return Collections.unmodifiableMap(desc);
    }

    private static final Class<?> FROZEN = Collections.unmodifiableSortedMap(new TreeMap<>()).getClass();

    // points are copied with a new price for every rated point: an already frozen sorted map is shared, not copied
    private static Map<String, String> sortedCopy(Map<String, String> map) {
        if (map == null) {
            return EMPTY;
        }
        if (map.getClass() == FROZEN && ((SortedMap<String, String>) map).comparator() == null) {
            return map;
        }
        return Collections.unmodifiableSortedMap(new TreeMap<>(map));
    }

    private static final Map<String, String> EMPTY = Collections.unmodifiableSortedMap(new TreeMap<>());
}
