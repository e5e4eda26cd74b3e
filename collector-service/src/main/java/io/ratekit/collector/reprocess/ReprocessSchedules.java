package io.ratekit.collector.reprocess;

import io.ratekit.service.sql.Jdbc;
import jakarta.enterprise.context.ApplicationScoped;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The {@code collector.reprocess_schedule} table; every method works in the caller's transaction. */
@ApplicationScoped
public class ReprocessSchedules {

    public void create(Connection c, String scopeId, String source, String reason, Instant start, Instant end) throws SQLException {
        Jdbc.update(c, "INSERT INTO collector.reprocess_schedule (scope_id, source, reason, start_at, end_at) VALUES (?, ?, ?, ?, ?)",
                scopeId, source, reason, start, end);
    }

    /** Unfinished schedules of a scope that overlap {@code [start, end]}. */
    public boolean overlapsUnfinished(Connection c, String scopeId, String source, Instant start, Instant end, java.time.Duration period)
            throws SQLException {
        return list(c, List.of(scopeId), true, 0, Integer.MAX_VALUE).stream()
                .anyMatch(s -> !s.finished(period) && !s.start().isAfter(end) && !s.end().isBefore(start));
    }

    /** Ids of the schedules that still have periods to do. */
    public List<Long> unfinishedIds(Connection c) throws SQLException {
        return Jdbc.query(c, "SELECT id FROM collector.reprocess_schedule WHERE current_at IS NULL OR current_at < end_at ORDER BY id",
                rs -> rs.getLong(1));
    }

    /** Locks one schedule for this transaction; empty if another replica is working on it. */
    public Optional<ReprocessSchedule> lock(Connection c, long id) throws SQLException {
        return Jdbc.queryOne(c, "SELECT * FROM collector.reprocess_schedule WHERE id = ? FOR UPDATE SKIP LOCKED", ReprocessSchedules::read, id);
    }

    public void advance(Connection c, long id, Instant current) throws SQLException {
        Jdbc.update(c, "UPDATE collector.reprocess_schedule SET current_at = ? WHERE id = ?", current, id);
    }

    public List<ReprocessSchedule> list(Connection c, List<String> scopeIds, boolean ascending, int offset, int limit) throws SQLException {
        StringBuilder sql = new StringBuilder("SELECT * FROM collector.reprocess_schedule");
        List<Object> args = new ArrayList<>();
        if (scopeIds != null && !scopeIds.isEmpty()) {
            sql.append(" WHERE scope_id = ANY (?)");
            args.add(scopeIds.toArray(String[]::new));
        }
        sql.append(" ORDER BY id ").append(ascending ? "ASC" : "DESC").append(" LIMIT ").append(limit).append(" OFFSET ").append(offset);
        return Jdbc.query(c, sql.toString(), ReprocessSchedules::read, args.toArray());
    }

    private static ReprocessSchedule read(ResultSet rs) throws SQLException {
        return new ReprocessSchedule(rs.getLong("id"), rs.getString("scope_id"), rs.getString("reason"), Jdbc.instant(rs, "start_at"),
                Jdbc.instant(rs, "end_at"), Jdbc.instant(rs, "current_at"), Jdbc.instant(rs, "created_at"));
    }
}
