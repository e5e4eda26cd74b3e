package io.ratekit.storage.report;

import io.agroal.api.AgroalDataSource;
import io.ratekit.service.security.Caller;
import io.ratekit.service.security.RowAccess;
import io.ratekit.service.sql.ReadTransaction;
import io.ratekit.frames.Decimals;
import io.ratekit.service.api.Paging;
import io.ratekit.service.sql.Jdbc;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.StreamingOutput;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Rated points as CSV, streamed from a database cursor: the response starts at once and memory
 * stays flat whatever the window holds.
 */
@ApplicationScoped
public class DataFrameExport {

    static final List<String> HEADER = List.of("begin", "end", "scope_id", "type", "unit", "qty", "price", "groupby", "metadata");

    @Inject
    AgroalDataSource dataSource;
    @Inject
    Caller caller;
    @ConfigProperty(name = "ratekit.storage.scope-key", defaultValue = "project_id")
    String scopeKey;

    /** @param paging null for every point of the window */
    public StreamingOutput csv(ReportWindow window, Filters filters, Paging paging) {
        List<Object> args = new ArrayList<>(List.of(window.begin(), window.end()));
        StringBuilder sql = new StringBuilder("SELECT period_begin, period_end, scope_id, type, unit, qty, price, groupby::text, metadata::text"
                + " FROM storage.rated_point WHERE period_begin >= ? AND period_begin < ?");
        filters.appendTo(sql, args, new PointColumns(scopeKey));
        sql.append(" ORDER BY period_begin, scope_id, type, frame_id, seq");
        if (paging != null) {
            sql.append(" LIMIT ? OFFSET ?");
            args.add(paging.limit());
            args.add(paging.offset());
        }
        RowAccess access = caller.rowAccess(); // taken now: the body is written after the request scope
        return output -> {
            var writer = new BufferedWriter(new OutputStreamWriter(output, StandardCharsets.UTF_8), 64 * 1024);
            writer.write(Csv.line(HEADER));
            // a transaction: PostgreSQL streams with a cursor only inside one, and the scopes are set per transaction
            try (ReadTransaction tx = ReadTransaction.begin(dataSource, access)) {
                try (PreparedStatement st = Jdbc.prepare(tx.connection(), sql.toString(), args.toArray())) {
                    st.setFetchSize(1000);
                    try (ResultSet rs = st.executeQuery()) {
                        while (rs.next()) {
                            writer.write(Csv.line(List.of(rs.getTimestamp(1).toInstant().toString(), rs.getTimestamp(2).toInstant().toString(),
                                    rs.getString(3), rs.getString(4), rs.getString(5), Decimals.format(rs.getBigDecimal(6)),
                                    Decimals.format(rs.getBigDecimal(7)), rs.getString(8), rs.getString(9))));
                        }
                    }
                }
            } catch (SQLException e) {
                throw new java.io.IOException("export failed: " + e.getMessage(), e);
            }
            writer.flush();
        };
    }
}
