package io.ratekit.processor.simulation;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Current (stored) against candidate prices, summed per scope and metric type. Sums are exact
 * ({@link BigDecimal#add} without rounding), as PostgreSQL's {@code sum(numeric)} behind
 * {@code /v2/summary}; the difference is candidate minus current.
 */
public final class PriceComparison {

    /** One scope and metric type (or, in {@link #byType()}, every scope: {@code scopeId} null). */
    public record Row(String scopeId, String type, long points, BigDecimal qty, BigDecimal current, BigDecimal candidate) {

        public BigDecimal difference() {
            return candidate.subtract(current);
        }
    }

    private static final class Sums {
        long points;
        BigDecimal qty = BigDecimal.ZERO;
        BigDecimal current = BigDecimal.ZERO;
        BigDecimal candidate = BigDecimal.ZERO;

        void add(long points, BigDecimal qty, BigDecimal current, BigDecimal candidate) {
            this.points += points;
            this.qty = this.qty.add(qty);
            this.current = this.current.add(current);
            this.candidate = this.candidate.add(candidate);
        }
    }

    private final Map<String, Map<String, Sums>> byScope = new HashMap<>();

    public void add(String scopeId, String type, long points, BigDecimal qty, BigDecimal current, BigDecimal candidate) {
        byScope.computeIfAbsent(scopeId, s -> new HashMap<>()).computeIfAbsent(type, t -> new Sums()).add(points, qty, current, candidate);
    }

    /** By scope, then metric type. */
    public List<Row> rows() {
        List<Row> rows = new ArrayList<>();
        byScope.forEach((scope, types) -> types.forEach((type, s) -> rows.add(new Row(scope, type, s.points, s.qty, s.current, s.candidate))));
        rows.sort(Comparator.comparing(Row::scopeId).thenComparing(Row::type));
        return rows;
    }

    /** Every scope together, by metric type. */
    public List<Row> byType() {
        Map<String, Sums> types = new TreeMap<>();
        byScope.values().forEach(t -> t.forEach((type, s) -> types.computeIfAbsent(type, k -> new Sums()).add(s.points, s.qty, s.current, s.candidate)));
        List<Row> rows = new ArrayList<>();
        types.forEach((type, s) -> rows.add(new Row(null, type, s.points, s.qty, s.current, s.candidate)));
        return rows;
    }

    /** Everything together ({@code type} null). */
    public Row total() {
        Sums all = new Sums();
        byScope.values().forEach(t -> t.values().forEach(s -> all.add(s.points, s.qty, s.current, s.candidate)));
        return new Row(null, null, all.points, all.qty, all.current, all.candidate);
    }
}
