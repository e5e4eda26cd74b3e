package io.ratekit.storage.report;

import io.ratekit.service.sql.Jdbc;
import io.ratekit.service.api.Paging;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * CloudKitty's {@code /v2/summary} aggregation: sums of qty and price over {@code [begin, end)}
 * (by period start), grouped by keys and optionally by time bucket, sorted by the group values,
 * paginated, with the number of groups as total. Sums are exact {@code numeric}.
 */
@ApplicationScoped
public class SummaryQuery {

    public record Row(Instant begin, Instant end, BigDecimal qty, BigDecimal rate, List<String> keys) {
    }

    public record Result(long total, List<String> keys, List<Row> rows) {
    }

    @Inject
    AgroalDataSource dataSource;

    @ConfigProperty(name = "ratekit.storage.scope-key", defaultValue = "project_id")
    String scopeKey;

    public Result run(ReportWindow window, Grouping grouping, Filters filters, Paging paging) {
        PointColumns columns = new PointColumns(scopeKey);
        List<String> keyExprs = grouping.keys().stream().map(k -> columns.expression(k, "groupby")).toList();
        List<Object> args = new ArrayList<>();
        StringBuilder sql = new StringBuilder("SELECT ");
        List<String> groupBy = new ArrayList<>();
        int position = 1;
        if (grouping.timeKey() != null) {
            sql.append(grouping.bucketBegin()).append(", ").append(grouping.bucketEnd()).append(", ");
            groupBy.add("1");
            groupBy.add("2");
            position = 3;
        }
        sql.append("sum(qty), sum(price), count(*) OVER ()");
        int firstKey = position + 3;
        for (int i = 0; i < keyExprs.size(); i++) {
            sql.append(", ").append(keyExprs.get(i));
            groupBy.add(Integer.toString(firstKey + i));
        }
        sql.append(" FROM storage.rated_point WHERE period_begin >= ? AND period_begin < ?");
        args.add(window.begin());
        args.add(window.end());
        filters.appendTo(sql, args, columns);
        if (!groupBy.isEmpty()) {
            sql.append(" GROUP BY ").append(String.join(", ", groupBy));
        }
        sql.append(" HAVING count(*) > 0");
        List<String> order = new ArrayList<>();
        for (int i = 0; i < keyExprs.size(); i++) {
            order.add((firstKey + i) + " NULLS FIRST");
        }
        if (grouping.timeKey() != null) {
            order.add("1");
        }
        if (!order.isEmpty()) {
            sql.append(" ORDER BY ").append(String.join(", ", order));
        }
        sql.append(" LIMIT ? OFFSET ?");
        args.add(paging.limit());
        args.add(paging.offset());

        try (Connection c = dataSource.getConnection(); PreparedStatement st = Jdbc.prepare(c, sql.toString(), args.toArray());
             ResultSet rs = st.executeQuery()) {
            List<Row> rows = new ArrayList<>();
            long total = 0;
            while (rs.next()) {
                Instant begin = grouping.timeKey() == null ? window.begin() : rs.getTimestamp(1).toInstant();
                Instant end = grouping.timeKey() == null ? window.end() : rs.getTimestamp(2).toInstant();
                List<String> keys = new ArrayList<>();
                for (int i = 0; i < keyExprs.size(); i++) {
                    keys.add(rs.getString(firstKey + i));
                }
                rows.add(new Row(begin, end, rs.getBigDecimal(position), rs.getBigDecimal(position + 1), keys));
                total = rs.getLong(position + 2);
            }
            if (rows.isEmpty() && paging.offset() > 0) {
                total = countGroups(c, window, grouping, filters, columns);
            }
            return new Result(total, grouping.keys(), rows);
        } catch (SQLException e) {
            throw new IllegalStateException("summary query failed", e);
        }
    }

    // an offset past the end returns no row and so no window count: count the groups on their own
    private long countGroups(Connection c, ReportWindow window, Grouping grouping, Filters filters, PointColumns columns) throws SQLException {
        List<Object> args = new ArrayList<>();
        StringBuilder inner = new StringBuilder("SELECT 1 FROM storage.rated_point WHERE period_begin >= ? AND period_begin < ?");
        args.add(window.begin());
        args.add(window.end());
        filters.appendTo(inner, args, columns);
        List<String> groupExprs = new ArrayList<>();
        if (grouping.timeKey() != null) {
            groupExprs.add(grouping.bucketBegin());
        }
        grouping.keys().forEach(k -> groupExprs.add(columns.expression(k, "groupby")));
        String sql = groupExprs.isEmpty()
                ? "SELECT count(*) > 0 FROM (" + inner + ") q"
                : "SELECT count(*) FROM (" + inner + " GROUP BY " + String.join(", ", groupExprs) + ") q";
        try (PreparedStatement st = Jdbc.prepare(c, sql, args.toArray()); ResultSet rs = st.executeQuery()) {
            rs.next();
            return groupExprs.isEmpty() ? (rs.getBoolean(1) ? 1 : 0) : rs.getLong(1);
        }
    }
}
