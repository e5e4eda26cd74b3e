package io.ratekit.collector.event;

import io.ratekit.collector.event.LifecycleEvent.Action;
import io.ratekit.frames.FrameCodec;
import io.ratekit.frames.Period;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads the events that decide what each resource of a scope looked like during a period. */
public final class Timeline {

    // every event before the period's end, of resources not deleted before its begin, in time order
    private static final String EVENTS = "SELECT resource_id, resource_type, action, occurred_at, attributes::text"
            + " FROM collector.resource_event e WHERE e.scope_id = ? AND e.occurred_at < ?"
            + " AND NOT EXISTS (SELECT 1 FROM collector.resource_event d WHERE d.scope_id = e.scope_id"
            + "   AND d.resource_id = e.resource_id AND d.action = 'delete' AND d.occurred_at <= ?)"
            + " ORDER BY resource_id, occurred_at, id";

    private Timeline() {
    }

    /** Events per resource id, each list in time order (ties in arrival order). */
    public static Map<String, List<LifecycleEvent>> read(Connection c, String scopeId, Period period) throws SQLException {
        Map<String, List<LifecycleEvent>> byResource = new LinkedHashMap<>();
        try (PreparedStatement st = c.prepareStatement(EVENTS)) {
            st.setString(1, scopeId);
            st.setTimestamp(2, Timestamp.from(period.end()));
            st.setTimestamp(3, Timestamp.from(period.begin()));
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    String resource = rs.getString(1);
                    LifecycleEvent event = new LifecycleEvent(null, scopeId, resource, rs.getString(2),
                            Action.valueOf(rs.getString(3).toUpperCase(java.util.Locale.ROOT)),
                            rs.getTimestamp(4).toInstant(), attributes(rs.getString(5)));
                    byResource.computeIfAbsent(resource, r -> new ArrayList<>()).add(event);
                }
            }
        }
        return byResource;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> attributes(String json) {
        try {
            return FrameCodec.mapper().readValue(json, Map.class);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("stored attributes are not JSON: " + json, e);
        }
    }
}
