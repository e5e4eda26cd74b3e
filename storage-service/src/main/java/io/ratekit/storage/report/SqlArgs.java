package io.ratekit.storage.report;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;

/** Binds the positional arguments collected while building a report query. */
final class SqlArgs {

    private SqlArgs() {
    }

    static PreparedStatement prepare(Connection c, String sql, List<Object> args) throws SQLException {
        PreparedStatement st = c.prepareStatement(sql);
        for (int i = 0; i < args.size(); i++) {
            Object arg = args.get(i);
            if (arg instanceof Instant instant) {
                st.setTimestamp(i + 1, Timestamp.from(instant));
            } else if (arg instanceof String[] array) {
                st.setArray(i + 1, c.createArrayOf("text", array));
            } else {
                st.setObject(i + 1, arg);
            }
        }
        return st;
    }
}
