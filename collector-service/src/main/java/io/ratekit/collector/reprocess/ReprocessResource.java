package io.ratekit.collector.reprocess;

import io.ratekit.service.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import io.ratekit.service.security.Caller;
import com.fasterxml.jackson.databind.JsonNode;
import io.agroal.api.AgroalDataSource;
import io.ratekit.collector.CollectorConfig;
import io.ratekit.collector.scope.ScopeState;
import io.ratekit.collector.scope.ScopeStates;
import io.ratekit.frames.FrameCodec;
import io.ratekit.frames.FrameFormatException;
import io.ratekit.service.api.InvalidInputException;
import io.ratekit.service.api.Paging;
import io.ratekit.service.sql.Jdbc;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * CloudKitty's {@code /v2/task/reprocesses}: schedule the periods of {@code [start, end]} (end
 * inclusive, as CloudKitty) of some scopes to be collected again and replace what storage holds;
 * list the schedules with their progress ({@code current_reprocess_time}, and Ratekit's
 * {@code periods_done} / {@code periods_total}).
 */
@Path("/v2/task/reprocesses")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.ADMIN)
public class ReprocessResource {

    @Inject
    AgroalDataSource dataSource;
    @Inject
    Caller caller;
    @Inject
    ReprocessSchedules schedules;
    @Inject
    ScopeStates scopes;
    @Inject
    CollectorConfig config;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Schedule the reprocessing of a window of periods for some scopes (or ALL)")
    public Response create(byte[] body) {
        JsonNode json;
        try {
            json = FrameCodec.readTree(body == null || body.length == 0 ? "{}".getBytes() : body);
        } catch (FrameFormatException e) {
            throw new InvalidInputException("$", "not valid JSON");
        }
        json.fieldNames().forEachRemaining(k -> {
            if (!List.of("scope_ids", "start_reprocess_time", "end_reprocess_time", "reason").contains(k)) {
                throw new InvalidInputException(k, "unknown field (allowed: end_reprocess_time, reason, scope_ids, start_reprocess_time)");
            }
        });
        String reason = json.path("reason").asText("");
        if (reason.isBlank()) {
            throw new InvalidInputException("reason", "must say why the periods are reprocessed");
        }
        Instant start = aligned(json, "start_reprocess_time");
        Instant end = aligned(json, "end_reprocess_time");
        if (end.isBefore(start)) {
            throw new InvalidInputException("end_reprocess_time", "must not be before start_reprocess_time (" + start + ")");
        }
        List<String> requested = scopeIds(json.get("scope_ids"));
        Jdbc.inTransaction(dataSource, caller.rowAccess(), c -> {
            List<String> targets = requested.equals(List.of("ALL")) ? scopes.activeScopes(c, ScopeStates.EVENTS_SOURCE) : requested;
            for (String scopeId : targets) {
                ScopeState state = scopes.find(c, scopeId, ScopeStates.EVENTS_SOURCE)
                        .orElseThrow(() -> new InvalidInputException("scope_ids", "scope " + scopeId + " does not exist"));
                Instant lastCollected = state.lastProcessedEnd().minus(config.period());
                if (state.untouched() || end.isAfter(lastCollected)) {
                    throw new InvalidInputException("end_reprocess_time", "scope " + scopeId + " is collected up to the period starting "
                            + (state.untouched() ? "(none yet)" : lastCollected) + "; only collected periods can be reprocessed");
                }
                if (schedules.overlapsUnfinished(c, scopeId, ScopeStates.EVENTS_SOURCE, start, end, config.period())) {
                    throw new InvalidInputException("scope_ids", "scope " + scopeId + " has an unfinished reprocessing overlapping this window");
                }
                schedules.create(c, scopeId, ScopeStates.EVENTS_SOURCE, reason, start, end);
            }
            return null;
        });
        return Response.accepted(Map.of()).build();
    }

    @GET
    @Operation(summary = "Reprocessing schedules with their progress")
    public Map<String, Object> list(@QueryParam("scope_ids") List<String> scopeIds, @QueryParam("order") String order,
                                    @QueryParam("offset") String offset, @QueryParam("limit") String limit) {
        return listFor(scopeIds == null ? List.of() : scopeIds.stream().flatMap(v -> Arrays.stream(v.split(","))).map(String::trim)
                .filter(v -> !v.isEmpty()).toList(), order, offset, limit);
    }

    @GET
    @Path("/{scope_id}")
    public Map<String, Object> forScope(@PathParam("scope_id") String scopeId, @QueryParam("order") String order,
                                        @QueryParam("offset") String offset, @QueryParam("limit") String limit) {
        return listFor(List.of(scopeId), order, offset, limit);
    }

    private Map<String, Object> listFor(List<String> scopeIds, String order, String offset, String limit) {
        String direction = order == null || order.isBlank() ? "desc" : order.toLowerCase(java.util.Locale.ROOT);
        if (!direction.equals("asc") && !direction.equals("desc")) {
            throw new InvalidInputException("order", "must be asc or desc, got '" + order + "'");
        }
        Paging paging = Paging.parse(limit, offset);
        List<ReprocessSchedule> found = Jdbc.inTransaction(dataSource, caller.rowAccess(),
                c -> schedules.list(c, scopeIds, direction.equals("asc"), paging.offset(), paging.limit()));
        List<Map<String, Object>> results = new ArrayList<>();
        for (ReprocessSchedule s : found) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("reason", s.reason());
            r.put("scope_id", s.scopeId());
            r.put("start_reprocess_time", s.start().toString());
            r.put("end_reprocess_time", s.end().toString());
            r.put("current_reprocess_time", s.current() == null ? "" : s.current().toString());
            r.put("periods_done", s.done(config.period()));
            r.put("periods_total", s.total(config.period()));
            results.add(r);
        }
        return Map.of("results", results);
    }

    private Instant aligned(JsonNode json, String field) {
        JsonNode node = json.get(field);
        if (node == null || !node.isTextual()) {
            throw new InvalidInputException(field, "is required (an ISO-8601 timestamp)");
        }
        Instant t;
        try {
            t = FrameCodec.parseInstant(node.textValue(), field);
        } catch (FrameFormatException e) {
            throw new InvalidInputException(field, e.getMessage().substring(e.getMessage().indexOf(':') + 2));
        }
        long period = config.period().getSeconds();
        if (t.getEpochSecond() % period != 0) {
            Instant floor = Instant.ofEpochSecond(Math.floorDiv(t.getEpochSecond(), period) * period);
            throw new InvalidInputException(field, "must be the start of a collection period (" + config.period() + "), e.g. " + floor);
        }
        return t;
    }

    private static List<String> scopeIds(JsonNode node) {
        List<String> ids = new ArrayList<>();
        if (node != null && node.isArray()) {
            node.forEach(n -> ids.add(n.asText().trim()));
        } else if (node != null && node.isTextual()) {
            Arrays.stream(node.textValue().split(",")).map(String::trim).forEach(ids::add);
        }
        ids.removeIf(String::isEmpty);
        if (ids.isEmpty()) {
            throw new InvalidInputException("scope_ids", "is required: a list of scope ids, a comma-separated string, or ALL");
        }
        if (ids.contains("ALL") && ids.size() > 1) {
            throw new InvalidInputException("scope_ids", "ALL must be alone");
        }
        return ids;
    }
}
