package io.ratekit.collector.scope;

import io.agroal.api.AgroalDataSource;
import io.ratekit.collector.CollectorConfig;
import io.ratekit.service.api.InvalidInputException;
import io.ratekit.service.api.Paging;
import io.ratekit.service.sql.Jdbc;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /v2/scope}: CloudKitty's scope state listing, same filters and fields.
 * {@code last_processed_timestamp} is, as in CloudKitty, the begin of the last collected period.
 * Ratekit adds {@code late_events}, {@code out_of_order_events} and {@code last_late_event_at}:
 * events that arrived after their period was collected are kept and counted here.
 */
@Path("/v2/scope")
public class ScopeResource {

    @Inject
    AgroalDataSource dataSource;
    @Inject
    CollectorConfig config;

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Collection state of every scope (CloudKitty /v2/scope)")
    public Map<String, Object> list(@QueryParam("scope_id") List<String> scopeIds,
                                    @QueryParam("scope_key") List<String> scopeKeys,
                                    @QueryParam("fetcher") List<String> fetchers,
                                    @QueryParam("collector") List<String> collectors,
                                    @QueryParam("active") String active,
                                    @QueryParam("offset") String offset,
                                    @QueryParam("limit") String limit) {
        Paging paging = Paging.parse(limit, offset);
        StringBuilder where = new StringBuilder(" WHERE true");
        List<Object> args = new ArrayList<>();
        anyOf(where, args, "scope_id", scopeIds);
        anyOf(where, args, "scope_key", scopeKeys);
        anyOf(where, args, "fetcher", fetchers);
        anyOf(where, args, "source", collectors);
        if (active != null && !active.isBlank()) {
            where.append(" AND active = ?");
            args.add(bool(active));
        }
        String sql = "SELECT " + ScopeStates.COLUMNS + ", count(*) OVER () FROM collector.scope_state" + where
                + " ORDER BY scope_id, source LIMIT " + paging.limit() + " OFFSET " + paging.offset();
        List<Map<String, Object>> results = new ArrayList<>();
        long total = 0;
        try (Connection c = dataSource.getConnection(); PreparedStatement st = Jdbc.prepare(c, sql, args.toArray())) {
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    results.add(view(ScopeStates.read(rs)));
                    total = rs.getLong(13);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("scope state query failed", e);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("total", total);
        body.put("results", results);
        return body;
    }

    private Map<String, Object> view(ScopeState s) {
        Instant lastBegin = s.untouched() ? null : s.lastProcessedEnd().minus(config.period());
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("scope_id", s.scopeId());
        v.put("scope_key", s.scopeKey());
        v.put("fetcher", s.fetcher());
        v.put("collector", s.source());
        v.put("state", text(lastBegin));
        v.put("last_processed_timestamp", text(lastBegin));
        v.put("active", s.active());
        v.put("scope_activation_toggle_date", text(s.activationToggledAt()));
        v.put("late_events", s.lateEvents());
        v.put("out_of_order_events", s.outOfOrderEvents());
        v.put("last_late_event_at", text(s.lastLateEventAt()));
        return v;
    }

    private static String text(Instant instant) {
        return instant == null ? null : instant.toString();
    }

    private static void anyOf(StringBuilder where, List<Object> args, String column, List<String> values) {
        if (values != null && !values.isEmpty()) {
            List<String> split = values.stream().flatMap(v -> java.util.Arrays.stream(v.split(","))).map(String::trim)
                    .filter(v -> !v.isEmpty()).toList();
            if (!split.isEmpty()) {
                where.append(" AND ").append(column).append(" = ANY (?)");
                args.add(split.toArray(String[]::new));
            }
        }
    }

    private static boolean bool(String text) {
        return switch (text.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "true", "1", "yes" -> true;
            case "false", "0", "no" -> false;
            default -> throw new InvalidInputException("active", "must be true or false, got '" + text + "'");
        };
    }
}
