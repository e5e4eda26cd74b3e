package io.ratekit.storage.report;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.agroal.api.AgroalDataSource;
import io.ratekit.service.security.Caller;
import io.ratekit.service.sql.ReadTransaction;
import io.ratekit.frames.Decimals;
import io.ratekit.frames.FrameCodec;
import io.ratekit.service.sql.Jdbc;
import jakarta.annotation.security.RolesAllowed;
import io.ratekit.service.security.Roles;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * CloudKitty's {@code GET /v1/storage/dataframes}: one entry per (period, scope, metric type) with
 * its resources ({@code service}, {@code desc} = metadata overlaid with groupby, {@code volume},
 * {@code rating} as decimal strings, as CloudKitty's v1 API writes decimals).
 */
@Path("/v1/storage/dataframes")
@CapacityLimited
@RolesAllowed({Roles.ADMIN, Roles.TENANT})
public class V1StorageResource {

    @Inject
    AgroalDataSource dataSource;
    @Inject
    Caller caller;
    @ConfigProperty(name = "ratekit.storage.scope-key", defaultValue = "project_id")
    String scopeKey;

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public String dataframes(@QueryParam("begin") String begin, @QueryParam("end") String end,
                             @QueryParam("tenant_id") String tenant, @QueryParam("resource_type") String resourceType) {
        ReportWindow window = ReportWindow.parse(begin, end);
        List<Object> args = new ArrayList<>(List.of(window.begin(), window.end()));
        StringBuilder sql = new StringBuilder("SELECT period_begin, period_end, scope_id, type, qty, price, groupby::text, metadata::text"
                + " FROM storage.rated_point WHERE period_begin >= ? AND period_begin < ?");
        List<String> scopes = caller.scopesFor(tenant == null || tenant.isBlank() ? null : List.of(tenant), "tenant_id");
        if (scopes != null) {
            sql.append(" AND scope_id = ANY (?)");
            args.add(scopes.toArray(String[]::new));
        }
        if (resourceType != null && !resourceType.isBlank()) {
            sql.append(" AND type = ?");
            args.add(resourceType);
        }
        sql.append(" ORDER BY period_begin, scope_id, type, frame_id, seq");
        ObjectNode root = FrameCodec.mapper().createObjectNode();
        ArrayNode frames = root.putArray("dataframes");
        try (ReadTransaction tx = ReadTransaction.begin(dataSource, caller.rowAccess());
             PreparedStatement st = Jdbc.prepare(tx.connection(), sql.toString(), args.toArray());
             ResultSet rs = st.executeQuery()) {
            String lastKey = null;
            ArrayNode resources = null;
            while (rs.next()) {
                String key = rs.getTimestamp(1) + "|" + rs.getString(3) + "|" + rs.getString(4);
                if (!key.equals(lastKey)) {
                    ObjectNode frame = frames.addObject();
                    frame.put("begin", rs.getTimestamp(1).toInstant().toString());
                    frame.put("end", rs.getTimestamp(2).toInstant().toString());
                    frame.put("tenant_id", rs.getString(3));
                    resources = frame.putArray("resources");
                    lastKey = key;
                }
                ObjectNode resource = resources.addObject();
                resource.put("service", rs.getString(4));
                ObjectNode desc = resource.putObject("desc");
                readMap(rs.getString(8)).forEach(desc::put);
                readMap(rs.getString(7)).forEach(desc::put); // groupby wins, as CloudKitty's desc
                resource.put("volume", Decimals.format(rs.getBigDecimal(5)));
                resource.put("rating", Decimals.format(rs.getBigDecimal(6)));
            }
        } catch (SQLException e) {
            throw ReportFailures.of("dataframes query failed", e);
        }
        return FrameCodec.write(root);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> readMap(String json) {
        try {
            return FrameCodec.mapper().readValue(json, Map.class);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
