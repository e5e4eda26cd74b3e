package io.ratekit.service.sql;

import javax.sql.DataSource;

/**
 * Row-level security only binds roles that are neither superuser nor BYPASSRLS: a service whose
 * tenant-facing pool logs in as such a role would leak every tenant's rows, so it refuses to start.
 */
public final class RowSecurityCheck {

    private RowSecurityCheck() {
    }

    public static void requireBoundRole(DataSource dataSource, String pool) {
        String problem = Jdbc.inTransaction(dataSource, c -> Jdbc.queryOne(c,
                "SELECT CASE WHEN rolsuper THEN 'is a superuser' WHEN rolbypassrls THEN 'has BYPASSRLS' END, current_user"
                        + " FROM pg_roles WHERE rolname = current_user",
                rs -> rs.getString(1) == null ? "" : "role " + rs.getString(2) + " " + rs.getString(1)).orElse(""));
        if (!problem.isEmpty()) {
            throw new IllegalStateException(pool + ": " + problem + ", so PostgreSQL row-level security would not"
                    + " separate tenants; connect as a plain role (see docs/security.md)");
        }
    }
}
