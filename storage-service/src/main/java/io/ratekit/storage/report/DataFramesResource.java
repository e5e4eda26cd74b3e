package io.ratekit.storage.report;

import io.ratekit.service.api.Paging;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ratekit.frames.FrameCodec;
import io.ratekit.frames.FrameCodec.DecimalStyle;
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
public class DataFramesResource {

    @Inject
    DataFrameQuery query;

    @Inject
    DataFrameExport export;

    @GET
    @Produces({MediaType.APPLICATION_JSON, "text/csv"})
    @Operation(summary = "Rated data points as CloudKitty dataframes, paginated by point; CSV (streamed, all points unless limit) with format=csv")
    public jakarta.ws.rs.core.Response get(@QueryParam("begin") String begin, @QueryParam("end") String end,
                      @QueryParam("filters") List<String> filters,
                      @QueryParam("limit") String limit, @QueryParam("offset") String offset,
                      @QueryParam("format") String format, @jakarta.ws.rs.HeaderParam("Accept") String accept) {
        if (Csv.wanted(format, accept)) {
            ReportWindow window = ReportWindow.parse(begin, end);
            Filters parsed = Filters.parse(filters);
            Paging paging = limit == null && offset == null ? null : Paging.parse(limit, offset);
            return jakarta.ws.rs.core.Response.ok(export.csv(window, parsed, paging), "text/csv").build();
        }
        return jakarta.ws.rs.core.Response.ok(json(begin, end, filters, limit, offset), MediaType.APPLICATION_JSON).build();
    }

    private String json(String begin, String end, List<String> filters, String limit, String offset) {
        DataFrameQuery.Page page = query.run(ReportWindow.parse(begin, end), Filters.parse(filters), Paging.parse(limit, offset));
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
