package io.ratekit.collector.event;

import io.ratekit.service.security.RowAccess;
import io.agroal.api.AgroalDataSource;
import io.ratekit.collector.CollectorConfig;
import io.ratekit.collector.scope.ScopeStates;
import io.ratekit.frames.FrameCodec;
import io.ratekit.frames.Period;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Keeps lifecycle events in PostgreSQL. One request is one transaction. An event already stored
 * (same scope and id) is a duplicate and ignored; an event dated before its scope's collected
 * periods is stored and flagged late; an event older than the newest one of its resource is
 * stored and flagged out of order. Both are counted on the scope state and never dropped.
 */
@ApplicationScoped
public class EventStore {

    public record IngestResult(int accepted, int duplicates, int late, int outOfOrder) {
    }

    private static final String INSERT = "INSERT INTO collector.resource_event"
            + " (scope_id, event_id, resource_id, resource_type, action, occurred_at, attributes, late, out_of_order)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?) ON CONFLICT ON CONSTRAINT resource_event_unique DO NOTHING";
    private static final String NEWER_EXISTS = "SELECT EXISTS (SELECT 1 FROM collector.resource_event"
            + " WHERE scope_id = ? AND resource_id = ? AND occurred_at > ?)";

    @Inject
    AgroalDataSource dataSource;
    @Inject
    ScopeStates scopes;
    @Inject
    CollectorConfig config;

    public IngestResult ingest(List<LifecycleEvent> events) {
        Map<String, List<LifecycleEvent>> byScope = events.stream()
                .collect(Collectors.groupingBy(LifecycleEvent::scopeId, TreeMap::new, Collectors.toList()));
        int accepted = 0, duplicates = 0, late = 0, outOfOrder = 0;
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            RowAccess.ALL.apply(c); // the collector's own work covers every scope
            try {
                for (var entry : byScope.entrySet()) {
                    Instant earliest = entry.getValue().stream().map(LifecycleEvent::occurredAt).min(Comparator.naturalOrder()).orElseThrow();
                    // locks the scope's state row: a period being collected now finishes first, so the late flag is exact
                    Instant collectedUntil = scopes.lockForIngest(c, entry.getKey(), Period.containing(earliest, config.period()).begin());
                    int scopeLate = 0, scopeOutOfOrder = 0;
                    Instant lastLate = null;
                    for (LifecycleEvent e : entry.getValue()) {
                        boolean isLate = e.occurredAt().isBefore(collectedUntil);
                        boolean isOutOfOrder = newerEventExists(c, e);
                        if (insert(c, e, isLate, isOutOfOrder)) {
                            accepted++;
                            if (isLate) {
                                scopeLate++;
                                lastLate = e.occurredAt();
                            }
                            if (isOutOfOrder) {
                                scopeOutOfOrder++;
                            }
                        } else {
                            duplicates++;
                        }
                    }
                    if (scopeLate + scopeOutOfOrder > 0) {
                        scopes.countAnomalies(c, entry.getKey(), scopeLate, scopeOutOfOrder, lastLate);
                    }
                    late += scopeLate;
                    outOfOrder += scopeOutOfOrder;
                }
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not store events: " + e.getMessage(), e);
        }
        return new IngestResult(accepted, duplicates, late, outOfOrder);
    }

    private static boolean newerEventExists(Connection c, LifecycleEvent e) throws SQLException {
        try (PreparedStatement st = c.prepareStatement(NEWER_EXISTS)) {
            st.setString(1, e.scopeId());
            st.setString(2, e.resourceId());
            st.setTimestamp(3, Timestamp.from(e.occurredAt()));
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    private static boolean insert(Connection c, LifecycleEvent e, boolean late, boolean outOfOrder) throws SQLException {
        try (PreparedStatement st = c.prepareStatement(INSERT)) {
            st.setString(1, e.scopeId());
            st.setString(2, e.eventId());
            st.setString(3, e.resourceId());
            st.setString(4, e.resourceType());
            st.setString(5, e.action().wire());
            st.setTimestamp(6, Timestamp.from(e.occurredAt()));
            st.setString(7, json(e.attributes()));
            st.setBoolean(8, late);
            st.setBoolean(9, outOfOrder);
            return st.executeUpdate() == 1;
        }
    }

    private static String json(Map<String, String> map) {
        try {
            return FrameCodec.mapper().writeValueAsString(map);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
