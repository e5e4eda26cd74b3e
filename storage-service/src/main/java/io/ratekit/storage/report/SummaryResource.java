package io.ratekit.storage.report;

import io.ratekit.service.api.Paging;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ratekit.frames.FrameCodec;
import io.ratekit.frames.FrameCodec.DecimalStyle;
import io.ratekit.service.api.InvalidInputException;
import jakarta.annotation.security.RolesAllowed;
import io.ratekit.service.security.Caller;
import io.ratekit.service.security.Roles;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code GET /v2/summary}, CloudKitty-compatible: same parameters, same {@code table} and
 * {@code object} shapes; qty and rate are JSON numbers written exactly (CloudKitty sends floats).
 */
@Path("/v2/summary")
@CapacityLimited
@RolesAllowed({Roles.ADMIN, Roles.TENANT})
public class SummaryResource {

    @Inject
    Caller caller;

    @Inject
    SummaryQuery query;

    @GET
    @Produces({MediaType.APPLICATION_JSON, "text/csv"})
    @Operation(summary = "Rated usage summed over a window, grouped and filtered as CloudKitty's /v2/summary; CSV with format=csv")
    public jakarta.ws.rs.core.Response summary(@QueryParam("begin") String begin, @QueryParam("end") String end,
                          @QueryParam("groupby") List<String> groupby, @QueryParam("filters") List<String> filters,
                          @QueryParam("limit") String limit, @QueryParam("offset") String offset,
                          @QueryParam("response_format") String responseFormat,
                          @QueryParam("custom_fields") String customFields,
                          @QueryParam("format") String exportFormat,
                          @jakarta.ws.rs.HeaderParam("Accept") String accept) {
        String format = responseFormat == null || responseFormat.isBlank() ? "table" : responseFormat;
        if (!format.equals("table") && !format.equals("object")) {
            throw new InvalidInputException("response_format", "must be 'table' or 'object', got '" + format + "'");
        }
        if (customFields != null && !customFields.isBlank()) {
            throw new InvalidInputException("custom_fields", "is not supported (CloudKitty's InfluxQL fields have no PostgreSQL equivalent)");
        }
        if (exportFormat != null && !exportFormat.isBlank() && !exportFormat.equalsIgnoreCase("csv") && !exportFormat.equalsIgnoreCase("json")) {
            throw new InvalidInputException("format", "must be csv or json, got '" + exportFormat + "'");
        }
        SummaryQuery.Result result = query.run(ReportWindow.parse(begin, end), Grouping.parse(groupby),
                Filters.parse(filters).restrictTo(caller, query.scopeKey()), Paging.parse(limit, offset));
        if (Csv.wanted(exportFormat, accept)) {
            StringBuilder csv = new StringBuilder(Csv.textLine(columns(result)));
            for (SummaryQuery.Row row : result.rows()) {
                Csv line = Csv.line().exact(row.begin().toString()).exact(row.end().toString())
                        .exact(io.ratekit.frames.Decimals.format(row.qty())).exact(io.ratekit.frames.Decimals.format(row.rate()));
                row.keys().forEach(line::text); // group values: tenants' resource attributes
                csv.append(line.end());
            }
            return jakarta.ws.rs.core.Response.ok(csv.toString(), "text/csv").build();
        }
        return jakarta.ws.rs.core.Response.ok(FrameCodec.write(format.equals("table") ? table(result) : object(result)),
                MediaType.APPLICATION_JSON).build();
    }

    private static List<String> columns(SummaryQuery.Result result) {
        List<String> columns = new ArrayList<>(List.of("begin", "end", "qty", "rate"));
        columns.addAll(result.keys());
        return columns;
    }

    private static ObjectNode table(SummaryQuery.Result result) {
        ObjectNode root = FrameCodec.mapper().createObjectNode();
        root.put("total", result.total());
        ArrayNode columns = root.putArray("columns");
        if (!result.rows().isEmpty()) {
            columns(result).forEach(columns::add);
        }
        ArrayNode rows = root.putArray("results");
        for (SummaryQuery.Row row : result.rows()) {
            ArrayNode r = rows.addArray();
            r.add(row.begin().toString());
            r.add(row.end().toString());
            r.add(io.ratekit.frames.Decimals.normalise(row.qty()));
            r.add(io.ratekit.frames.Decimals.normalise(row.rate()));
            row.keys().forEach(r::add);
        }
        root.put("format", "table");
        return root;
    }

    private static ObjectNode object(SummaryQuery.Result result) {
        ObjectNode root = FrameCodec.mapper().createObjectNode();
        root.put("total", result.total());
        ArrayNode rows = root.putArray("results");
        for (SummaryQuery.Row row : result.rows()) {
            ObjectNode r = rows.addObject();
            r.put("begin", row.begin().toString());
            r.put("end", row.end().toString());
            FrameCodec.putDecimal(r, "qty", row.qty(), DecimalStyle.NUMBER);
            FrameCodec.putDecimal(r, "rate", row.rate(), DecimalStyle.NUMBER);
            for (int i = 0; i < result.keys().size(); i++) {
                r.put(result.keys().get(i), row.keys().get(i));
            }
        }
        root.put("format", "object");
        return root;
    }
}
