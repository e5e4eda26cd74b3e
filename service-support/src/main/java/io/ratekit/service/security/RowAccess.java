package io.ratekit.service.security;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Collection;
import java.util.List;

/**
 * Which scopes' rows one transaction may touch, handed to PostgreSQL's row-level security
 * policies as transaction-local settings ({@code ratekit.all_scopes}, {@code ratekit.scopes}).
 * A transaction that sets nothing sees nothing: the policies fail closed.
 */
public record RowAccess(boolean all, List<String> scopes) {

    /** Operators and the services' own work (collection, ingest). */
    public static final RowAccess ALL = new RowAccess(true, List.of());

    public RowAccess {
        scopes = List.copyOf(scopes);
    }

    public static RowAccess only(Collection<String> scopes) {
        return new RowAccess(false, List.copyOf(scopes));
    }

    /** Sets the access for the rest of the current transaction ({@code set_config(..., true)} = SET LOCAL). */
    public void apply(Connection c) throws SQLException {
        try (PreparedStatement st = c.prepareStatement(
                "SELECT set_config('ratekit.all_scopes', ?, true), set_config('ratekit.scopes', ?, true)")) {
            st.setString(1, all ? "on" : "off");
            st.setString(2, arrayLiteral(scopes));
            st.execute();
        }
    }

    /** A PostgreSQL text[] literal; every element quoted, so commas, braces and spaces in scope ids are safe. */
    static String arrayLiteral(List<String> values) {
        StringBuilder out = new StringBuilder("{");
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            out.append('"').append(values.get(i).replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
        }
        return out.append('}').toString();
    }
}
