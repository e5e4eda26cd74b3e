package io.ratekit.storage.report;

import io.ratekit.service.api.Paging;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ratekit.frames.FrameCodec;
import io.ratekit.frames.FrameCodec.DecimalStyle;
import jakarta.annotation.security.RolesAllowed;
import io.ratekit.service.security.Caller;
import io.ratekit.service.security.Roles;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;

import java.util.List;

/** {@code GET /v2/dataframes}, CloudKitty-compatible; 404 when nothing matches, as CloudKitty. */
@Path("/v2/dataframes")
@RolesAllowed({Roles.ADMIN, Roles.TENANT})
public class DataFramesResource {

    @Inject
    Caller caller;

    @Inject
    DataFrameQuery query;

    @Inject
    DataFrameExport export;
    @Inject
    io.ratekit.storage.ingest.FrameWriter writer;
    @org.eclipse.microprofile.config.inject.ConfigProperty(name = "ratekit.storage.scope-key", defaultValue = "project_id")
    String scopeKey;

    /** Source of the frames pushed through the API: what they store, a re-push of the same period replaces. */
    static final String PUSHED_SOURCE = "api";

    /**
     * CloudKitty's {@code POST /v2/dataframes} {@code {"dataframes": [{"period", "usage"}]}}: externally
     * rated frames, validated whole before anything is stored (400 naming the JSON path). Each point's
     * scope is its groupby {@code project_id}; pushing the same scope and period again replaces it. 204.
     */
    @jakarta.ws.rs.POST
    @RolesAllowed(Roles.ADMIN)
    @jakarta.ws.rs.Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Push externally rated dataframes (idempotent per scope and period)")
    public jakarta.ws.rs.core.Response push(byte[] body) {
        com.fasterxml.jackson.databind.JsonNode root = FrameCodec.readTree(body == null || body.length == 0 ? "{}".getBytes() : body);
        com.fasterxml.jackson.databind.JsonNode frames = root.get("dataframes");
        if (!root.isObject() || frames == null || !frames.isArray() || frames.isEmpty()) {
            throw new io.ratekit.service.api.InvalidInputException("dataframes", "must be a non-empty array of {period, usage}");
        }
        root.fieldNames().forEachRemaining(name -> {
            if (!name.equals("dataframes")) { // CloudKitty's schema allows nothing else either
                throw new io.ratekit.service.api.InvalidInputException(name, "unknown field (allowed: dataframes)");
            }
        });
        java.util.List<io.ratekit.frames.Frame> toStore = new java.util.ArrayList<>();
        for (int i = 0; i < frames.size(); i++) {
            String path = "dataframes[" + i + "]";
            com.fasterxml.jackson.databind.JsonNode frame = frames.get(i);
            if (!frame.isObject() || frame.size() != 2 || !frame.has("period") || !frame.has("usage")) {
                throw new io.ratekit.service.api.InvalidInputException(path, "must be {period, usage} and nothing else");
            }
            io.ratekit.frames.Period period = FrameCodec.readPeriod(frame.get("period"), path + ".period");
            var usage = FrameCodec.readUsage(frame.get("usage"), path + ".usage");
            // one stored frame per scope
            java.util.Map<String, java.util.Map<String, java.util.List<io.ratekit.frames.DataPoint>>> byScope = new java.util.TreeMap<>();
            usage.forEach((type, points) -> {
                for (int p = 0; p < points.size(); p++) {
                    String scope = points.get(p).groupby().get(scopeKey);
                    if (scope == null || scope.isBlank()) {
                        throw new io.ratekit.service.api.InvalidInputException(path + ".usage." + type + "[" + p + "].groupby." + scopeKey,
                                "is required: it names the scope the point belongs to");
                    }
                    byScope.computeIfAbsent(scope, s -> new java.util.TreeMap<>()).computeIfAbsent(type, t -> new java.util.ArrayList<>()).add(points.get(p));
                }
            });
            byScope.forEach((scope, points) -> toStore.add(io.ratekit.frames.Frame.of(scope, PUSHED_SOURCE, period, points, true)));
        }
        toStore.forEach(writer::write);
        return jakarta.ws.rs.core.Response.noContent().build();
    }

    @GET
    @CapacityLimited
    @Produces({MediaType.APPLICATION_JSON, "text/csv"})
    @Operation(summary = "Rated data points as CloudKitty dataframes, paginated by point; CSV (streamed, all points unless limit) with format=csv")
    public jakarta.ws.rs.core.Response get(@QueryParam("begin") String begin, @QueryParam("end") String end,
                      @QueryParam("filters") List<String> filters,
                      @QueryParam("limit") String limit, @QueryParam("offset") String offset,
                      @QueryParam("format") String format, @jakarta.ws.rs.HeaderParam("Accept") String accept) {
        if (Csv.wanted(format, accept)) {
            ReportWindow window = ReportWindow.parse(begin, end);
            Filters parsed = Filters.parse(filters).restrictTo(caller, scopeKey);
            Paging paging = limit == null && offset == null ? null : Paging.parse(limit, offset);
            return jakarta.ws.rs.core.Response.ok(export.csv(window, parsed, paging), "text/csv").build();
        }
        return jakarta.ws.rs.core.Response.ok(json(begin, end, filters, limit, offset), MediaType.APPLICATION_JSON).build();
    }

    private String json(String begin, String end, List<String> filters, String limit, String offset) {
        DataFrameQuery.Page page = query.run(ReportWindow.parse(begin, end), Filters.parse(filters).restrictTo(caller, scopeKey), Paging.parse(limit, offset));
        if (page.total() == 0) {
            throw new NotFoundException("No resource found for provided filters.");
        }
        ObjectNode root = FrameCodec.mapper().createObjectNode();
        root.put("total", page.total());
        ArrayNode frames = root.putArray("dataframes");
        page.frames().forEach((period, usage) -> frames.add(FrameCodec.toDataFrameJson(period, usage, DecimalStyle.NUMBER)));
        return FrameCodec.write(root);
    }
}
