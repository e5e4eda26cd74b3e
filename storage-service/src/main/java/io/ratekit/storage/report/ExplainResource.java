package io.ratekit.storage.report;

import io.ratekit.service.sql.Jdbc;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.agroal.api.AgroalDataSource;
import io.ratekit.service.security.Caller;
import io.ratekit.service.sql.ReadTransaction;
import io.ratekit.frames.FrameCodec;
import io.ratekit.frames.FrameCodec.DecimalStyle;
import io.ratekit.service.api.Paging;
import jakarta.annotation.security.RolesAllowed;
import io.ratekit.service.security.Roles;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.openapi.annotations.Operation;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code GET /v1/rating/explain} (a Ratekit extension): rated points with the rules that priced
 * them, e.g. {@code hashmap@42/mapping/<id>} = mapping {@code <id>} of ruleset version 42, which
 * the processor's hashmap API shows. Same {@code begin}, {@code end}, {@code filters},
 * {@code limit}, {@code offset} as {@code /v2/dataframes}.
 */
@Path("/v1/rating/explain")
@CapacityLimited
@RolesAllowed({Roles.ADMIN, Roles.TENANT})
public class ExplainResource {

    @Inject
    AgroalDataSource dataSource;
    @Inject
    Caller caller;
    @ConfigProperty(name = "ratekit.storage.scope-key", defaultValue = "project_id")
    String scopeKey;

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Rated points with the references of the rules that produced their price")
    public String explain(@QueryParam("begin") String begin, @QueryParam("end") String end,
                          @QueryParam("filters") List<String> filters,
                          @QueryParam("limit") String limit, @QueryParam("offset") String offset) {
        ReportWindow window = ReportWindow.parse(begin, end);
        Paging paging = Paging.parse(limit, offset);
        List<Object> args = new ArrayList<>();
        StringBuilder sql = new StringBuilder("SELECT scope_id, period_begin, period_end, type, unit, qty, price, groupby::text,"
                + " rules, count(*) OVER () FROM storage.rated_point WHERE period_begin >= ? AND period_begin < ?");
        args.add(window.begin());
        args.add(window.end());
        Filters.parse(filters).restrictTo(caller, scopeKey).appendTo(sql, args, new PointColumns(scopeKey));
        sql.append(" ORDER BY period_begin, scope_id, type, frame_id, seq LIMIT ? OFFSET ?");
        args.add(paging.limit());
        args.add(paging.offset());
        ObjectNode root = FrameCodec.mapper().createObjectNode();
        ArrayNode points = root.putArray("points");
        long total = 0;
        try (ReadTransaction tx = ReadTransaction.begin(dataSource, caller.rowAccess());
             PreparedStatement st = Jdbc.prepare(tx.connection(), sql.toString(), args.toArray());
             ResultSet rs = st.executeQuery()) {
            while (rs.next()) {
                ObjectNode p = points.addObject();
                p.put("scope_id", rs.getString(1));
                p.put("begin", rs.getTimestamp(2).toInstant().toString());
                p.put("end", rs.getTimestamp(3).toInstant().toString());
                p.put("type", rs.getString(4));
                p.put("unit", rs.getString(5));
                FrameCodec.putDecimal(p, "qty", rs.getBigDecimal(6), DecimalStyle.NUMBER);
                FrameCodec.putDecimal(p, "price", rs.getBigDecimal(7), DecimalStyle.NUMBER);
                p.set("groupby", FrameCodec.mapper().readTree(rs.getString(8)));
                ArrayNode rules = p.putArray("rules");
                for (String rule : (String[]) rs.getArray(9).getArray()) {
                    rules.add(rule);
                }
                total = rs.getLong(10);
            }
        } catch (SQLException e) {
            throw ReportFailures.of("explain query failed", e);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("explain query failed", e);
        }
        root.put("total", total);
        return FrameCodec.write(root);
    }
}
