package io.ratekit.service.sql;

import io.ratekit.service.security.RowAccess;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * A read-only unit of work under a caller's {@link RowAccess}: one transaction, rolled back on
 * close, so neither changes nor the transaction-local scope settings outlive it.
 */
public final class ReadTransaction implements AutoCloseable {

    private final Connection connection;

    private ReadTransaction(Connection connection) {
        this.connection = connection;
    }

    public static ReadTransaction begin(DataSource dataSource, RowAccess access) throws SQLException {
        Connection c = dataSource.getConnection();
        try {
            c.setAutoCommit(false);
            access.apply(c);
            return new ReadTransaction(c);
        } catch (SQLException | RuntimeException e) {
            c.close();
            throw e;
        }
    }

    public Connection connection() {
        return connection;
    }

    @Override
    public void close() throws SQLException {
        try {
            connection.rollback();
        } finally {
            connection.close();
        }
    }
}
