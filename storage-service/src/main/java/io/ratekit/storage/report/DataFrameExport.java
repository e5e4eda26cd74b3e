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
            writer.write(Csv.textLine(HEADER));
            // a transaction: PostgreSQL streams with a cursor only inside one, and the scopes are set per transaction
            try (ReadTransaction tx = ReadTransaction.begin(dataSource, access)) {
                try (PreparedStatement st = Jdbc.prepare(tx.connection(), sql.toString(), args.toArray())) {
                    st.setFetchSize(1000);
                    try (ResultSet rs = st.executeQuery()) {
                        while (rs.next()) {
                            writer.write(Csv.line().exact(rs.getTimestamp(1).toInstant().toString()).exact(rs.getTimestamp(2).toInstant().toString())
                                    .text(rs.getString(3)).text(rs.getString(4)).text(rs.getString(5))
                                    .exact(Decimals.format(rs.getBigDecimal(6))).exact(Decimals.format(rs.getBigDecimal(7)))
                                    .text(rs.getString(8)).text(rs.getString(9)).end());
                        }
                    }
                }
            } catch (SQLException e) {
                RuntimeException failure = ReportFailures.of("export failed", e);
                if (failure instanceof ReportsBusyException busy) {
                    throw busy; // before the first row is flushed this is still a 503
                }
                throw new java.io.IOException("export failed: " + e.getMessage(), e);
            }
            writer.flush();
        };
    }
}
