package io.ratekit.storage.report;

import io.agroal.api.AgroalDataSource;
import io.ratekit.service.security.Caller;
import io.ratekit.service.sql.ReadTransaction;
import io.ratekit.service.api.InvalidInputException;
import io.ratekit.service.api.Paging;
import io.ratekit.service.sql.Jdbc;
import io.ratekit.storage.ingest.PointKeys;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * CloudKitty's {@code /v2/summary} aggregation: sums of qty and price over {@code [begin, end)}
 * (by period start), grouped by keys and optionally by time bucket, sorted by the group values,
 * paginated, with the number of groups as total. Sums are exact {@code numeric}. When the window
 * is whole UTC days and only scope, type and day-or-coarser buckets are asked for, the daily
 * rollup answers instead of the raw points: same sums, one row per scope, type and day.
 */
@ApplicationScoped
public class SummaryQuery {

    public record Row(Instant begin, Instant end, BigDecimal qty, BigDecimal rate, List<String> keys) {
    }

    public record Result(long total, List<String> keys, List<Row> rows) {
    }

    /** Where the sums come from: the table, its period-start column and how it counts points. */
    private record Source(String table, String begin, String end, String points) {
    }

    private static final Source POINTS = new Source("storage.rated_point", "period_begin", "period_end", "count(*)");
    private static final Source DAILY = new Source("storage.daily_usage", "day", null, "sum(points)");
    private static final Set<String> ROLLUP_COLUMNS = Set.of("type", "scope_id");

    @Inject
    AgroalDataSource dataSource;
    @Inject
    Caller caller;
    @Inject
    PointKeys pointKeys;

    @ConfigProperty(name = "ratekit.storage.scope-key", defaultValue = "project_id")
    String scopeKey;
    @ConfigProperty(name = "ratekit.storage.summary-rollup", defaultValue = "true")
    boolean useRollup;

    public String scopeKey() {
        return scopeKey;
    }

    public Result run(ReportWindow window, Grouping grouping, Filters filters, Paging paging) {
        PointColumns columns = new PointColumns(scopeKey);
        List<String> keyExprs = grouping.keys().stream().map(k -> columns.expression(k, "groupby")).toList();
        checkKnown(grouping.keys(), keyExprs);
        Source source = rollupAnswers(window, grouping, filters, keyExprs, columns) ? DAILY : POINTS;
        List<Object> args = new ArrayList<>();
        StringBuilder sql = new StringBuilder("SELECT ");
        List<String> groupBy = new ArrayList<>();
        int position = 1;
        if (grouping.timeKey() != null) {
            sql.append(grouping.bucketBegin(source.begin())).append(", ").append(grouping.bucketEnd(source.begin(), source.end())).append(", ");
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
        appendWhere(sql, args, source, window, filters, columns);
        if (!groupBy.isEmpty()) {
            sql.append(" GROUP BY ").append(String.join(", ", groupBy));
        }
        sql.append(" HAVING ").append(source.points()).append(" > 0");
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

        try (ReadTransaction tx = ReadTransaction.begin(dataSource, caller.rowAccess());
             PreparedStatement st = Jdbc.prepare(tx.connection(), sql.toString(), args.toArray());
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
                total = countGroups(tx.connection(), source, window, grouping, filters, columns);
            }
            return new Result(total, grouping.keys(), rows);
        } catch (SQLException e) {
            throw ReportFailures.of("summary query failed", e);
        }
    }

    // a key that no stored point has would make one empty group: say so instead. Only to operators:
    // the known keys span every tenant, and a tenant must not learn what other tenants' points carry
    private void checkKnown(List<String> keys, List<String> keyExprs) {
        if (!caller.seesAllScopes()) {
            return;
        }
        for (int i = 0; i < keys.size(); i++) {
            if (!ROLLUP_COLUMNS.contains(keyExprs.get(i)) && !pointKeys.isKnown(keys.get(i))) {
                List<String> known = new ArrayList<>(List.of("type", scopeKey, "time", "time-d", "time-w", "time-m", "time-y"));
                known.addAll(pointKeys.all());
                throw new InvalidInputException("groupby", "unknown key '" + keys.get(i)
                        + "': no stored data point has it; known keys: " + String.join(", ", known));
            }
        }
    }

    private boolean rollupAnswers(ReportWindow window, Grouping grouping, Filters filters, List<String> keyExprs, PointColumns columns) {
        if (!useRollup || !wholeDay(window.begin()) || !wholeDay(window.end()) || !grouping.byDayOrCoarser()) {
            return false;
        }
        return ROLLUP_COLUMNS.containsAll(keyExprs)
                && filters.values().keySet().stream().allMatch(k -> ROLLUP_COLUMNS.contains(columns.expression(k, "filters")));
    }

    private static boolean wholeDay(Instant t) {
        return t.truncatedTo(ChronoUnit.DAYS).equals(t);
    }

    private static void appendWhere(StringBuilder sql, List<Object> args, Source source, ReportWindow window, Filters filters,
                                    PointColumns columns) {
        sql.append(" FROM ").append(source.table()).append(" WHERE ").append(source.begin()).append(" >= ? AND ")
                .append(source.begin()).append(" < ?");
        args.add(window.begin());
        args.add(window.end());
        filters.appendTo(sql, args, columns);
    }

    // an offset past the end returns no row and so no window count: count the groups on their own
    private long countGroups(Connection c, Source source, ReportWindow window, Grouping grouping, Filters filters,
                             PointColumns columns) throws SQLException {
        List<Object> args = new ArrayList<>();
        StringBuilder inner = new StringBuilder("SELECT 1");
        appendWhere(inner, args, source, window, filters, columns);
        List<String> groupExprs = new ArrayList<>();
        if (grouping.timeKey() != null) {
            groupExprs.add(grouping.bucketBegin(source.begin()));
        }
        grouping.keys().forEach(k -> groupExprs.add(columns.expression(k, "groupby")));
        inner.append(" GROUP BY ").append(groupExprs.isEmpty() ? "()" : String.join(", ", groupExprs))
                .append(" HAVING ").append(source.points()).append(" > 0");
        try (PreparedStatement st = Jdbc.prepare(c, "SELECT count(*) FROM (" + inner + ") q", args.toArray());
             ResultSet rs = st.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
