package io.ratekit.collector.usage;

import io.ratekit.frames.DataPoint;
import io.ratekit.frames.Decimals;
import io.ratekit.frames.Period;
import io.ratekit.service.sql.Jdbc;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Gauge usage of one period: per resource and type, the mean of the samples whose interval ends
 * in {@code (begin, end]} (e.g. average CPU MHz of a VM). Sum and count are exact; the mean is
 * one division at 28 digits, HALF_EVEN, like every other quantity.
 */
public final class SampledUsage {

    private static final String MEANS = "SELECT type, unit, resource_id, sum(value), count(*) FROM collector.resource_sample"
            + " WHERE scope_id = ? AND sampled_at > ? AND sampled_at <= ? GROUP BY 1, 2, 3 ORDER BY 1, 3";

    private SampledUsage() {
    }

    private record Mean(String type, DataPoint point) {
    }

    /** Adds the period's sampled points to {@code usage} (type -> points), grouped by resource id and scope. */
    public static void addTo(Connection c, String scopeId, Period period, String scopeKey, Map<String, List<DataPoint>> usage)
            throws SQLException {
        List<Mean> means = Jdbc.query(c, MEANS, rs -> new Mean(rs.getString(1), DataPoint.unrated(rs.getString(2),
                        rs.getBigDecimal(4).divide(BigDecimal.valueOf(rs.getLong(5)), Decimals.CONTEXT),
                        Map.of("id", rs.getString(3), scopeKey, scopeId), Map.of())),
                scopeId, period.begin(), period.end());
        for (Mean mean : means) {
            usage.computeIfAbsent(mean.type(), t -> new ArrayList<>()).add(mean.point());
        }
    }
}
