package io.ratekit.storage.report;

import java.sql.SQLException;

/**
 * What a failed report query becomes: no database connection to be had (the pool's acquisition
 * timed out, PostgreSQL refused or lost the connection) is temporary, so a 503 the caller may
 * retry; anything else an internal error (500 with a log reference).
 */
final class ReportFailures {

    private ReportFailures() {
    }

    static RuntimeException of(String what, SQLException e) {
        if (noConnection(e)) {
            return new ReportsBusyException("no database connection is free for this report; retry shortly", e);
        }
        return new IllegalStateException(what, e);
    }

    static boolean noConnection(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException s) {
                String state = s.getSQLState();
                // 08: connection exception; 53300: too many connections; 57P03: cannot connect now
                if (state != null && (state.startsWith("08") || state.equals("53300") || state.equals("57P03"))) {
                    return true;
                }
                // Agroal's pool says so only in words ("Sorry, acquisition timeout!"), with no SQL state
                if (state == null && s.getMessage() != null && s.getMessage().contains("acquisition timeout")) {
                    return true;
                }
            }
        }
        return false;
    }
}
