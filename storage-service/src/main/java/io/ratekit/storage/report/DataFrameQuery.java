package io.ratekit.storage.report;

import io.ratekit.service.sql.Jdbc;
import io.ratekit.service.api.Paging;
import io.agroal.api.AgroalDataSource;
import io.ratekit.service.security.Caller;
import io.ratekit.service.sql.ReadTransaction;
import io.ratekit.frames.DataPoint;
import io.ratekit.frames.FrameCodec;
import io.ratekit.frames.Period;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Rated points of {@code [begin, end)} as CloudKitty dataframes: paginated by point, in a stable
 * order, and regrouped into one dataframe per period as CloudKitty's storage returns them.
 */
@ApplicationScoped
public class DataFrameQuery {

    public record Page(long total, Map<Period, Map<String, List<DataPoint>>> frames) {
    }

    @Inject
    AgroalDataSource dataSource;
    @Inject
    Caller caller;

    @ConfigProperty(name = "ratekit.storage.scope-key", defaultValue = "project_id")
    String scopeKey;

    public Page run(ReportWindow window, Filters filters, Paging paging) {
        List<Object> args = new ArrayList<>();
        StringBuilder sql = new StringBuilder("SELECT period_begin, period_end, type, unit, qty, price, groupby::text, metadata::text,"
                + " count(*) OVER () FROM storage.rated_point WHERE period_begin >= ? AND period_begin < ?");
        args.add(window.begin());
        args.add(window.end());
        filters.appendTo(sql, args, new PointColumns(scopeKey));
        sql.append(" ORDER BY period_begin, scope_id, type, frame_id, seq LIMIT ? OFFSET ?");
        args.add(paging.limit());
        args.add(paging.offset());
        Map<Period, Map<String, List<DataPoint>>> frames = new LinkedHashMap<>();
        long total = 0;
        try (ReadTransaction tx = ReadTransaction.begin(dataSource, caller.rowAccess());
             PreparedStatement st = Jdbc.prepare(tx.connection(), sql.toString(), args.toArray());
             ResultSet rs = st.executeQuery()) {
            while (rs.next()) {
                Period period = new Period(rs.getTimestamp(1).toInstant(), rs.getTimestamp(2).toInstant());
                DataPoint point = new DataPoint(rs.getString(4), rs.getBigDecimal(5), rs.getBigDecimal(6),
                        stringMap(rs.getString(7)), stringMap(rs.getString(8)));
                frames.computeIfAbsent(period, p -> new TreeMap<>()).computeIfAbsent(rs.getString(3), t -> new ArrayList<>()).add(point);
                total = rs.getLong(9);
            }
        } catch (SQLException e) {
            throw ReportFailures.of("dataframes query failed", e);
        }
        return new Page(total, frames);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> stringMap(String json) {
        try {
            return FrameCodec.mapper().readValue(json, Map.class);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("stored attributes are not JSON: " + json, e);
        }
    }
}
