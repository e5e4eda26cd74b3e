package io.ratekit.collector.scope;

import io.ratekit.service.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import io.ratekit.service.sql.ReadTransaction;
import io.ratekit.service.security.Caller;
import io.agroal.api.AgroalDataSource;
import io.ratekit.collector.CollectorConfig;
import io.ratekit.frames.Period;
import io.ratekit.service.api.ConflictException;
import io.ratekit.service.api.InvalidInputException;
import io.ratekit.service.api.JsonBody;
import io.ratekit.service.api.Paging;
import io.ratekit.service.sql.Jdbc;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
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
import java.util.Set;

/**
 * {@code GET /v2/scope}: CloudKitty's scope state listing, same filters and fields.
 * {@code last_processed_timestamp} is, as in CloudKitty, the begin of the last collected period.
 * Ratekit adds {@code late_events}, {@code out_of_order_events} and {@code last_late_event_at}:
 * events that arrived after their period was collected are kept and counted here.
 */
@Path("/v2/scope")
@RolesAllowed(Roles.ADMIN)
public class ScopeResource {

    /** CloudKitty's 404 message for a scope query or reset that matches no scope. */
    static final String NOTHING_FOUND = "No resource found for provided filters.";

    @Inject
    AgroalDataSource dataSource;
    @Inject
    Caller caller;
    @Inject
    CollectorConfig config;
    @Inject
    ScopeStates scopes;

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
        try (ReadTransaction tx = ReadTransaction.begin(dataSource, caller.rowAccess());
             PreparedStatement st = Jdbc.prepare(tx.connection(), sql, args.toArray())) {
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    results.add(view(ScopeStates.read(rs)));
                    total = rs.getLong(14);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("scope state query failed", e);
        }
        if (results.isEmpty()) {
            throw new NotFoundException(NOTHING_FOUND); // CloudKitty's answer, also for an offset past the end
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("total", total);
        body.put("results", results);
        return body;
    }

    /**
     * CloudKitty's reset: {@code {"state": <timestamp>, "scope_id": "a,b" | "all_scopes": true}}.
     * {@code state} is, as in GET, the begin of the last collected period: every period after it
     * is collected again and replaces what storage holds (emptied periods included). CloudKitty
     * deletes the period starting at {@code state} too and never collects it again; Ratekit keeps it.
     * A time inside a period stands for that period (CloudKitty's deletion starts after it too).
     */
    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Reset the collection state of scopes: later periods are collected again and replace stored data")
    public Response reset(byte[] body) {
        JsonBody json = JsonBody.parse(body, Set.of("state", "last_processed_timestamp", "scope_id", "scope_key", "collector", "fetcher", "all_scopes"));
        String field = json.has("state") ? "state" : "last_processed_timestamp";
        Instant state = json.instant(field);
        if (state == null) {
            throw new InvalidInputException("state", "is required: the begin of the last period to keep");
        }
        // CloudKitty takes any time and then collects periods shifted off the period grid; Ratekit
        // keeps the grid: the period holding the time is kept, every later one is collected again
        Instant keep = Period.containing(state, config.period()).begin();
        boolean all = Boolean.TRUE.equals(json.bool("all_scopes"));
        String ids = json.text("scope_id");
        if (all == (ids != null && !ids.isBlank())) {
            throw new InvalidInputException("scope_id", "give either scope_id or all_scopes");
        }
        requireEventsSource(json);
        Jdbc.inTransaction(dataSource, caller.rowAccess(), c -> {
            List<String> scopeIds = all ? scopes.allScopes(c, ScopeStates.EVENTS_SOURCE)
                    : java.util.Arrays.stream(ids.split(",")).map(String::trim).filter(v -> !v.isEmpty()).toList();
            if (scopeIds.isEmpty()) {
                throw new NotFoundException(NOTHING_FOUND);
            }
            for (String scopeId : scopeIds) {
                if (!scopes.resetTo(c, scopeId, ScopeStates.EVENTS_SOURCE, keep.plus(config.period()))) {
                    throw new NotFoundException("No such scope: " + scopeId);
                }
            }
            return null;
        });
        return Response.accepted(Map.of()).build();
    }

    /** CloudKitty's PATCH: {@code {"scope_id", "active"}}; answers the scope's new state. */
    @PATCH
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Enable or disable a scope")
    public Map<String, Object> patch(byte[] body) {
        JsonBody json = JsonBody.parse(body, Set.of("scope_id", "scope_key", "collector", "fetcher", "active"));
        String scopeId = json.requiredText("scope_id");
        requireEventsSource(json);
        Boolean active = json.flag("active");
        return Jdbc.inTransaction(dataSource, caller.rowAccess(), c -> {
            if (active != null && !scopes.setActive(c, scopeId, ScopeStates.EVENTS_SOURCE, active)) {
                throw new NotFoundException("No such scope: " + scopeId);
            }
            return view(scopes.find(c, scopeId, ScopeStates.EVENTS_SOURCE).orElseThrow(() -> new NotFoundException("No such scope: " + scopeId)));
        });
    }

    /** CloudKitty's POST: creates a scope, collected from the period after {@code last_processed_timestamp} (default: the current period). */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Create a scope")
    public Map<String, Object> create(byte[] body) {
        JsonBody json = JsonBody.parse(body, Set.of("scope_id", "scope_key", "collector", "fetcher", "active", "last_processed_timestamp"));
        String scopeId = json.requiredText("scope_id");
        requireEventsSource(json);
        Instant last = json.instant("last_processed_timestamp");
        Instant start = last == null ? Period.containing(Instant.now(), config.period()).begin()
                : Period.containing(last, config.period()).end();
        boolean active = !Boolean.FALSE.equals(json.bool("active"));
        return Jdbc.inTransaction(dataSource, caller.rowAccess(), c -> {
            if (!scopes.create(c, scopeId, ScopeStates.EVENTS_SOURCE, start, active)) {
                throw new ConflictException("scope " + scopeId + " exists already");
            }
            return view(scopes.find(c, scopeId, ScopeStates.EVENTS_SOURCE).orElseThrow());
        });
    }

    private static void requireEventsSource(JsonBody json) {
        for (String key : List.of("collector", "fetcher")) {
            String value = json.text(key);
            if (value != null && !value.isEmpty() && !value.equals(ScopeStates.EVENTS_SOURCE)) {
                throw new InvalidInputException(key, "this collector knows the source 'events' only, got '" + value + "'");
            }
        }
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
