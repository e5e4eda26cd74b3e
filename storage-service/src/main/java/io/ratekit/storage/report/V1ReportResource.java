package io.ratekit.storage.report;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.agroal.api.AgroalDataSource;
import io.ratekit.service.security.Caller;
import io.ratekit.service.sql.ReadTransaction;
import io.ratekit.frames.Decimals;
import io.ratekit.frames.FrameCodec;
import io.ratekit.service.api.InvalidInputException;
import io.ratekit.service.sql.Jdbc;
import jakarta.annotation.security.RolesAllowed;
import io.ratekit.service.security.Roles;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * CloudKitty's v1 reports: {@code /v1/report/total}, {@code /v1/report/summary},
 * {@code /v1/report/tenants}. Same parameters and JSON; the summary's {@code rate} is rounded to
 * 5 decimals and written as CloudKitty's Python writes it ("%0.5f", then the shortest text of that number).
 */
@Path("/v1/report")
@CapacityLimited
@RolesAllowed({Roles.ADMIN, Roles.TENANT})
@Produces(MediaType.APPLICATION_JSON)
public class V1ReportResource {

    @Inject
    AgroalDataSource dataSource;
    @Inject
    Caller caller;

    /** Sum of prices, a JSON string as CloudKitty's WSME Decimal ({@code "0"} when nothing matches). */
    @GET
    @Path("/total")
    public String total(@QueryParam("begin") String begin, @QueryParam("end") String end, @QueryParam("tenant_id") String tenant,
                        @QueryParam("service") String service, @QueryParam("all_tenants") boolean allTenants) {
        List<Object> args = new ArrayList<>();
        String where = where(ReportWindow.parse(begin, end), tenant, service, allTenants, args);
        BigDecimal total = query("SELECT COALESCE(sum(price), 0) FROM storage.rated_point" + where, args, rs -> rs.getBigDecimal(1)).get(0);
        return FrameCodec.write(FrameCodec.mapper().getNodeFactory().textNode(Decimals.format(total)));
    }

    @GET
    @Path("/summary")
    public String summary(@QueryParam("begin") String begin, @QueryParam("end") String end, @QueryParam("tenant_id") String tenant,
                          @QueryParam("service") String service, @QueryParam("groupby") String groupby,
                          @QueryParam("all_tenants") boolean allTenants) {
        ReportWindow window = ReportWindow.parse(begin, end);
        Set<String> groups = new java.util.LinkedHashSet<>();
        if (groupby != null && !groupby.isBlank()) {
            for (String g : groupby.split(",")) {
                if (!g.trim().equals("tenant_id") && !g.trim().equals("res_type")) {
                    throw new InvalidInputException("groupby", "only tenant_id and res_type can be grouped on, got '" + g.trim() + "'");
                }
                groups.add(g.trim());
            }
        }
        boolean byTenant = groups.contains("tenant_id");
        boolean byType = groups.contains("res_type");
        List<Object> args = new ArrayList<>();
        String where = where(window, tenant, service, allTenants, args);
        List<String> keys = new ArrayList<>();
        if (byTenant) {
            keys.add("scope_id");
        }
        if (byType) {
            keys.add("type");
        }
        String select = keys.isEmpty() ? "" : String.join(", ", keys) + ", ";
        String sql = "SELECT " + select + "sum(price) FROM storage.rated_point" + where
                + (keys.isEmpty() ? "" : " GROUP BY " + String.join(", ", keys) + " ORDER BY " + String.join(", ", keys));
        ObjectNode root = FrameCodec.mapper().createObjectNode();
        ArrayNode summary = root.putArray("summary");
        query(sql, args, rs -> {
            ObjectNode row = summary.addObject();
            row.put("begin", window.begin().toString());
            row.put("end", window.end().toString());
            int column = 1;
            row.put("tenant_id", byTenant ? rs.getString(column++) : "ALL");
            row.put("res_type", byType ? rs.getString(column++) : "ALL");
            BigDecimal rate = rs.getBigDecimal(column);
            row.put("rate", pythonFloat(rate == null ? BigDecimal.ZERO : rate));
            return null;
        });
        return FrameCodec.write(root);
    }

    /** The scopes that have rated data in the window. */
    @GET
    @Path("/tenants")
    public List<String> tenants(@QueryParam("begin") String begin, @QueryParam("end") String end) {
        ReportWindow window = ReportWindow.parse(begin, end);
        List<Object> args = new ArrayList<>();
        return query("SELECT DISTINCT scope_id FROM storage.rated_point" + where(window, null, null, false, args) + " ORDER BY scope_id",
                args, rs -> rs.getString(1));
    }

    private String where(ReportWindow window, String tenant, String service, boolean allTenants, List<Object> args) {
        StringBuilder where = new StringBuilder(" WHERE period_begin >= ? AND period_begin < ?");
        args.add(window.begin());
        args.add(window.end());
        List<String> scopes = caller.scopesFor(tenant == null || tenant.isBlank() || allTenants ? null : List.of(tenant), "tenant_id");
        if (scopes != null) {
            where.append(" AND scope_id = ANY (?)");
            args.add(scopes.toArray(String[]::new));
        }
        if (service != null && !service.isBlank()) {
            where.append(" AND type = ?");
            args.add(service);
        }
        return where.toString();
    }

    /** CloudKitty's rate text: 5 decimals (HALF_EVEN), then Python's shortest number text (12.5, 12.0, 0.0, 5e-05). */
    static String pythonFloat(BigDecimal rate) {
        BigDecimal rounded = rate.setScale(5, RoundingMode.HALF_EVEN);
        if (rounded.signum() == 0) {
            return "0.0";
        }
        BigDecimal stripped = rounded.stripTrailingZeros();
        if (stripped.abs().compareTo(new BigDecimal("0.0001")) < 0) {
            return stripped.unscaledValue() + "e-05"; // Python prints 0.00005 as 5e-05
        }
        String plain = stripped.toPlainString();
        return plain.contains(".") ? plain : plain + ".0";
    }

    private <T> List<T> query(String sql, List<Object> args, Jdbc.RowMapper<T> mapper) {
        try (ReadTransaction tx = ReadTransaction.begin(dataSource, caller.rowAccess());
             PreparedStatement st = Jdbc.prepare(tx.connection(), sql, args.toArray());
             ResultSet rs = st.executeQuery()) {
            List<T> rows = new ArrayList<>();
            while (rs.next()) {
                rows.add(mapper.map(rs));
            }
            return rows;
        } catch (SQLException e) {
            throw ReportFailures.of("report query failed", e);
        }
    }
}
