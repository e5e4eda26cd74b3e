package io.ratekit.storage.ingest;

import io.ratekit.service.sql.Jdbc;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.TreeMap;

/**
 * What one storage transaction changes in the daily rollup {@code storage.daily_usage}
 * (scope, type, UTC day of the period start): points removed count negative, points written
 * positive. Applied once, in key order, so concurrent writers lock rollup rows in the same order.
 */
final class DailyUsageDelta {

    private record Key(String scopeId, String type, Instant day) implements Comparable<Key> {
        @Override
        public int compareTo(Key o) {
            int c = scopeId.compareTo(o.scopeId);
            if (c == 0) {
                c = type.compareTo(o.type);
            }
            return c != 0 ? c : day.compareTo(o.day);
        }
    }

    private static final class Sums {
        BigDecimal qty = BigDecimal.ZERO;
        BigDecimal price = BigDecimal.ZERO;
        long points;
    }

    private static final String UPSERT = "INSERT INTO storage.daily_usage (scope_id, type, day, qty, price, points)"
            + " SELECT * FROM unnest(?::text[], ?::text[], ?::timestamptz[], ?::numeric[], ?::numeric[], ?::bigint[])"
            + " ON CONFLICT (scope_id, type, day) DO UPDATE SET qty = storage.daily_usage.qty + excluded.qty,"
            + " price = storage.daily_usage.price + excluded.price, points = storage.daily_usage.points + excluded.points";

    private final Map<Key, Sums> sums = new TreeMap<>();

    /** The rollup's day of a period: the UTC day it begins in, as {@code time-d} buckets it. */
    static Instant dayOf(Instant periodBegin) {
        return periodBegin.truncatedTo(ChronoUnit.DAYS);
    }

    void add(String scopeId, String type, Instant periodBegin, BigDecimal qty, BigDecimal price, long points) {
        Sums s = sums.computeIfAbsent(new Key(scopeId, type, dayOf(periodBegin)), k -> new Sums());
        s.qty = s.qty.add(qty);
        s.price = s.price.add(price);
        s.points += points;
    }

    void subtract(String scopeId, String type, Instant periodBegin, BigDecimal qty, BigDecimal price, long points) {
        add(scopeId, type, periodBegin, qty.negate(), price.negate(), -points);
    }

    /** Adds the changes to the rollup; a redelivered frame (removed == written) changes nothing and costs no write. */
    void applyTo(Connection c) throws SQLException {
        sums.values().removeIf(s -> s.points == 0 && s.qty.signum() == 0 && s.price.signum() == 0);
        if (sums.isEmpty()) {
            return;
        }
        int n = sums.size();
        String[] scopes = new String[n];
        String[] types = new String[n];
        Timestamp[] days = new Timestamp[n];
        BigDecimal[] qty = new BigDecimal[n];
        BigDecimal[] price = new BigDecimal[n];
        Long[] points = new Long[n];
        int i = 0;
        for (var e : sums.entrySet()) {
            scopes[i] = e.getKey().scopeId();
            types[i] = e.getKey().type();
            days[i] = Timestamp.from(e.getKey().day());
            qty[i] = e.getValue().qty;
            price[i] = e.getValue().price;
            points[i] = e.getValue().points;
            i++;
        }
        Jdbc.update(c, UPSERT, c.createArrayOf("text", scopes), c.createArrayOf("text", types),
                c.createArrayOf("timestamptz", days), c.createArrayOf("numeric", qty), c.createArrayOf("numeric", price),
                c.createArrayOf("bigint", points));
    }
}
