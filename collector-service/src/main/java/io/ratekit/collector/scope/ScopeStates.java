package io.ratekit.collector.scope;

import io.ratekit.collector.CollectorConfig;
import io.ratekit.service.sql.Jdbc;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
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
        create(c, scopeId, EVENTS_SOURCE, start, true);
        ScopeState state = selectForUpdate(c, scopeId, EVENTS_SOURCE).orElseThrow();
        if (state.untouched() && start.isBefore(state.firstPeriodBegin())) {
            Jdbc.update(c, "UPDATE collector.scope_state SET first_period_begin = ?, last_processed_end = ?, updated_at = now()"
                    + " WHERE scope_id = ? AND source = ?", start, start, scopeId, EVENTS_SOURCE);
            return start;
        }
        return state.lastProcessedEnd();
    }

    public void countAnomalies(Connection c, String scopeId, int late, int outOfOrder, Instant lastLate) throws SQLException {
        Jdbc.update(c, "UPDATE collector.scope_state SET late_events = late_events + ?, out_of_order_events = out_of_order_events + ?,"
                        + " last_late_event_at = COALESCE(GREATEST(last_late_event_at, ?::timestamptz), last_late_event_at, ?::timestamptz)"
                        + " WHERE scope_id = ? AND source = ?",
                late, outOfOrder, lastLate, lastLate, scopeId, EVENTS_SOURCE);
    }

    /**
     * Takes the collection lock of a scope: a transaction-scoped advisory lock, so that among
     * collector replicas exactly one works on a scope at a time; the others skip it at once.
     */
    public Optional<ScopeState> tryLockForCollection(Connection c, String scopeId, String source) throws SQLException {
        boolean locked = Jdbc.queryOne(c, "SELECT pg_try_advisory_xact_lock(hashtext('ratekit.collector'), hashtext(? || '/' || ?))",
                rs -> rs.getBoolean(1), scopeId, source).orElse(false);
        return locked ? selectForUpdate(c, scopeId, source) : Optional.empty();
    }

    public void advance(Connection c, String scopeId, String source, Instant processedEnd) throws SQLException {
        Jdbc.update(c, "UPDATE collector.scope_state SET last_processed_end = ?, updated_at = now() WHERE scope_id = ? AND source = ?",
                processedEnd, scopeId, source);
    }

    /**
     * Resets a scope to collect again from {@code from} (a period start): the periods already
     * collected after it are collected again as replacements. The period before {@code from}
     * counts as collected, also when the scope started later, so GET shows the state that was set
     * (as CloudKitty does). Returns false if the scope is unknown.
     */
    public boolean resetTo(Connection c, String scopeId, String source, Instant from) throws SQLException {
        return Jdbc.update(c, "UPDATE collector.scope_state SET"
                + " reprocess_until = GREATEST(COALESCE(reprocess_until, last_processed_end), last_processed_end),"
                + " last_processed_end = ?, first_period_begin = LEAST(first_period_begin, ?), updated_at = now()"
                + " WHERE scope_id = ? AND source = ?", from, from.minus(config.period()), scopeId, source) == 1;
    }

    /** Enables or disables a scope (CloudKitty's PATCH /v2/scope {"active": ...}). */
    public boolean setActive(Connection c, String scopeId, String source, boolean active) throws SQLException {
        return Jdbc.update(c, "UPDATE collector.scope_state SET active = ?,"
                + " activation_toggled_at = CASE WHEN active <> ? THEN now() ELSE activation_toggled_at END, updated_at = now()"
                + " WHERE scope_id = ? AND source = ?", active, active, scopeId, source) == 1;
    }

    /** Creates a scope starting at {@code start}; false if it exists already. */
    public boolean create(Connection c, String scopeId, String source, Instant start, boolean active) throws SQLException {
        return Jdbc.update(c, "INSERT INTO collector.scope_state"
                + " (scope_id, source, scope_key, fetcher, first_period_begin, last_processed_end, active) VALUES (?, ?, ?, ?, ?, ?, ?)"
                + " ON CONFLICT DO NOTHING", scopeId, source, config.scopeKey(), source, start, start, active) == 1;
    }

    public Optional<ScopeState> find(Connection c, String scopeId, String source) throws SQLException {
        return Jdbc.queryOne(c, "SELECT " + COLUMNS + " FROM collector.scope_state WHERE scope_id = ? AND source = ?",
                ScopeStates::read, scopeId, source);
    }

    public List<String> allScopes(Connection c, String source) throws SQLException {
        return Jdbc.query(c, "SELECT scope_id FROM collector.scope_state WHERE source = ? ORDER BY scope_id", rs -> rs.getString(1), source);
    }

    public List<String> activeScopes(Connection c, String source) throws SQLException {
        return Jdbc.query(c, "SELECT scope_id FROM collector.scope_state WHERE source = ? AND active ORDER BY random()",
                rs -> rs.getString(1), source);
    }

    /** The oldest collection point of the active scopes, for the lag metric. */
    public Optional<Instant> oldestProcessedEnd(Connection c) throws SQLException {
        return Jdbc.queryOne(c, "SELECT min(last_processed_end) FROM collector.scope_state WHERE active",
                rs -> Jdbc.instant(rs, "min")).flatMap(Optional::ofNullable);
    }

    private Optional<ScopeState> selectForUpdate(Connection c, String scopeId, String source) throws SQLException {
        return Jdbc.queryOne(c, "SELECT " + COLUMNS + " FROM collector.scope_state WHERE scope_id = ? AND source = ? FOR UPDATE",
                ScopeStates::read, scopeId, source);
    }

    static ScopeState read(ResultSet rs) throws SQLException {
        return new ScopeState(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                Jdbc.instant(rs, "first_period_begin"), Jdbc.instant(rs, "last_processed_end"), rs.getBoolean(7),
                Jdbc.instant(rs, "activation_toggled_at"), rs.getLong(9), rs.getLong(10), Jdbc.instant(rs, "last_late_event_at"),
                Jdbc.instant(rs, "updated_at"), Jdbc.instant(rs, "reprocess_until"));
    }
}
