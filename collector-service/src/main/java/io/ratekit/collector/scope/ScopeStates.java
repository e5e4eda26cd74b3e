package io.ratekit.collector.scope;

import io.ratekit.collector.CollectorConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The {@code collector.scope_state} table. Every method works inside the caller's transaction. */
@ApplicationScoped
public class ScopeStates {

    /** The only source so far; vSphere and Prometheus will add theirs. */
    public static final String EVENTS_SOURCE = "events";

    static final String COLUMNS = "scope_id, source, scope_key, fetcher, first_period_begin, last_processed_end, active,"
            + " activation_toggled_at, late_events, out_of_order_events, last_late_event_at, updated_at, reprocess_until";

    @Inject
    CollectorConfig config;

    /**
     * Creates the state of a new scope starting at {@code start}, locks the row for the rest of
     * the transaction and returns the instant up to which the scope is collected. A scope that
     * has collected nothing yet moves its start back to take an earlier event in.
     */
    public Instant lockForIngest(Connection c, String scopeId, Instant start) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("INSERT INTO collector.scope_state"
                + " (scope_id, source, scope_key, fetcher, first_period_begin, last_processed_end) VALUES (?, ?, ?, ?, ?, ?)"
                + " ON CONFLICT DO NOTHING")) {
            st.setString(1, scopeId);
            st.setString(2, EVENTS_SOURCE);
            st.setString(3, config.scopeKey());
            st.setString(4, EVENTS_SOURCE);
            st.setTimestamp(5, Timestamp.from(start));
            st.setTimestamp(6, Timestamp.from(start));
            st.executeUpdate();
        }
        ScopeState state = selectForUpdate(c, scopeId, EVENTS_SOURCE).orElseThrow();
        if (state.untouched() && start.isBefore(state.firstPeriodBegin())) {
            try (PreparedStatement st = c.prepareStatement("UPDATE collector.scope_state SET first_period_begin = ?,"
                    + " last_processed_end = ?, updated_at = now() WHERE scope_id = ? AND source = ?")) {
                st.setTimestamp(1, Timestamp.from(start));
                st.setTimestamp(2, Timestamp.from(start));
                st.setString(3, scopeId);
                st.setString(4, EVENTS_SOURCE);
                st.executeUpdate();
            }
            return start;
        }
        return state.lastProcessedEnd();
    }

    public void countAnomalies(Connection c, String scopeId, int late, int outOfOrder, Instant lastLate) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("UPDATE collector.scope_state SET late_events = late_events + ?,"
                + " out_of_order_events = out_of_order_events + ?,"
                + " last_late_event_at = COALESCE(GREATEST(last_late_event_at, ?), last_late_event_at, ?)"
                + " WHERE scope_id = ? AND source = ?")) {
            Timestamp lastLateTs = lastLate == null ? null : Timestamp.from(lastLate);
            st.setInt(1, late);
            st.setInt(2, outOfOrder);
            st.setTimestamp(3, lastLateTs);
            st.setTimestamp(4, lastLateTs);
            st.setString(5, scopeId);
            st.setString(6, EVENTS_SOURCE);
            st.executeUpdate();
        }
    }

    /**
     * Takes the collection lock of a scope: a transaction-scoped advisory lock, so that among
     * collector replicas exactly one works on a scope at a time; the others skip it at once.
     */
    public Optional<ScopeState> tryLockForCollection(Connection c, String scopeId, String source) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("SELECT pg_try_advisory_xact_lock(hashtext('ratekit.collector'), hashtext(? || '/' || ?))")) {
            st.setString(1, scopeId);
            st.setString(2, source);
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                if (!rs.getBoolean(1)) {
                    return Optional.empty();
                }
            }
        }
        return selectForUpdate(c, scopeId, source);
    }

    public void advance(Connection c, String scopeId, String source, Instant processedEnd) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("UPDATE collector.scope_state SET last_processed_end = ?, updated_at = now()"
                + " WHERE scope_id = ? AND source = ?")) {
            st.setTimestamp(1, Timestamp.from(processedEnd));
            st.setString(2, scopeId);
            st.setString(3, source);
            st.executeUpdate();
        }
    }

    /**
     * Resets a scope to collect again from {@code from} (a period start): the periods already
     * collected after it are collected again as replacements. Returns false if the scope is unknown.
     */
    public boolean resetTo(Connection c, String scopeId, String source, Instant from) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("UPDATE collector.scope_state SET"
                + " reprocess_until = GREATEST(COALESCE(reprocess_until, last_processed_end), last_processed_end),"
                + " last_processed_end = ?, first_period_begin = LEAST(first_period_begin, ?), updated_at = now()"
                + " WHERE scope_id = ? AND source = ?")) {
            st.setTimestamp(1, Timestamp.from(from));
            st.setTimestamp(2, Timestamp.from(from));
            st.setString(3, scopeId);
            st.setString(4, source);
            return st.executeUpdate() == 1;
        }
    }

    /** Enables or disables a scope (CloudKitty's PATCH /v2/scope {"active": ...}). */
    public boolean setActive(Connection c, String scopeId, String source, boolean active) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("UPDATE collector.scope_state SET active = ?,"
                + " activation_toggled_at = CASE WHEN active <> ? THEN now() ELSE activation_toggled_at END, updated_at = now()"
                + " WHERE scope_id = ? AND source = ?")) {
            st.setBoolean(1, active);
            st.setBoolean(2, active);
            st.setString(3, scopeId);
            st.setString(4, source);
            return st.executeUpdate() == 1;
        }
    }

    /** Creates a scope starting at {@code start}; false if it exists already. */
    public boolean create(Connection c, String scopeId, String source, Instant start, boolean active) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("INSERT INTO collector.scope_state"
                + " (scope_id, source, scope_key, fetcher, first_period_begin, last_processed_end, active) VALUES (?, ?, ?, ?, ?, ?, ?)"
                + " ON CONFLICT DO NOTHING")) {
            st.setString(1, scopeId);
            st.setString(2, source);
            st.setString(3, config.scopeKey());
            st.setString(4, source);
            st.setTimestamp(5, Timestamp.from(start));
            st.setTimestamp(6, Timestamp.from(start));
            st.setBoolean(7, active);
            return st.executeUpdate() == 1;
        }
    }

    public Optional<ScopeState> find(Connection c, String scopeId, String source) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("SELECT " + COLUMNS + " FROM collector.scope_state WHERE scope_id = ? AND source = ?")) {
            st.setString(1, scopeId);
            st.setString(2, source);
            try (ResultSet rs = st.executeQuery()) {
                return rs.next() ? Optional.of(read(rs)) : Optional.empty();
            }
        }
    }

    public List<String> allScopes(Connection c, String source) throws SQLException {
        List<String> scopes = new ArrayList<>();
        try (PreparedStatement st = c.prepareStatement("SELECT scope_id FROM collector.scope_state WHERE source = ? ORDER BY scope_id")) {
            st.setString(1, source);
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    scopes.add(rs.getString(1));
                }
            }
        }
        return scopes;
    }

    public List<String> activeScopes(Connection c, String source) throws SQLException {
        List<String> scopes = new ArrayList<>();
        try (PreparedStatement st = c.prepareStatement("SELECT scope_id FROM collector.scope_state WHERE source = ? AND active ORDER BY random()")) {
            st.setString(1, source);
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    scopes.add(rs.getString(1));
                }
            }
        }
        return scopes;
    }

    /** The oldest collection point of the active scopes, for the lag metric. */
    public Optional<Instant> oldestProcessedEnd(Connection c) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("SELECT min(last_processed_end) FROM collector.scope_state WHERE active");
             ResultSet rs = st.executeQuery()) {
            rs.next();
            Timestamp ts = rs.getTimestamp(1);
            return Optional.ofNullable(ts).map(Timestamp::toInstant);
        }
    }

    private Optional<ScopeState> selectForUpdate(Connection c, String scopeId, String source) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("SELECT " + COLUMNS + " FROM collector.scope_state WHERE scope_id = ? AND source = ? FOR UPDATE")) {
            st.setString(1, scopeId);
            st.setString(2, source);
            try (ResultSet rs = st.executeQuery()) {
                return rs.next() ? Optional.of(read(rs)) : Optional.empty();
            }
        }
    }

    static ScopeState read(ResultSet rs) throws SQLException {
        return new ScopeState(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                instant(rs.getTimestamp(5)), instant(rs.getTimestamp(6)), rs.getBoolean(7), instant(rs.getTimestamp(8)),
                rs.getLong(9), rs.getLong(10), instant(rs.getTimestamp(11)), instant(rs.getTimestamp(12)), instant(rs.getTimestamp(13)));
    }

    private static Instant instant(Timestamp ts) {
        return ts == null ? null : ts.toInstant();
    }
}
