package io.ratekit.processor.simulation;

import org.flywaydb.core.Flyway;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Map;

/**
 * Rated points in storage's schema of the test database, as the storage service keeps them: the
 * schema comes from storage's own migrations (run here, since the processor's tests do not start
 * storage), the rows are written as storage's consumer writes them.
 */
final class StoredPoints implements AutoCloseable {

    private static final Path STORAGE_MIGRATIONS = Path.of("../storage-service/src/main/resources/db/migration");

    private final Connection c;

    private StoredPoints(Connection c) {
        this.c = c;
    }

    /** Brings storage's schema up to date in {@code jdbcUrl} (as the schema owner, postgres) and connects. */
    static StoredPoints open(String jdbcUrl) throws SQLException {
        if (!Files.isDirectory(STORAGE_MIGRATIONS)) {
            throw new IllegalStateException(STORAGE_MIGRATIONS.toAbsolutePath() + " is missing: run the tests from processor-service/");
        }
        Flyway.configure().dataSource(jdbcUrl, "postgres", "").schemas("storage").createSchemas(true)
                .locations("filesystem:" + STORAGE_MIGRATIONS.toAbsolutePath())
                .placeholders(Map.of("api_role", "ratekit_storage", "ingest_role", "ratekit_storage_ingest",
                        "usage_reader_role", "ratekit_processor"))
                // storage's own tests (same database) may have applied a migration another helper is still editing
                .validateOnMigrate(false)
                .load().migrate();
        return new StoredPoints(DriverManager.getConnection(jdbcUrl, "postgres", ""));
    }

    /** Removes every point whose period starts in [begin, end). */
    void clear(Instant begin, Instant end) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("DELETE FROM storage.rated_point WHERE period_begin >= ? AND period_begin < ?")) {
            st.setTimestamp(1, Timestamp.from(begin));
            st.setTimestamp(2, Timestamp.from(end));
            st.executeUpdate();
        }
    }

    void add(String scope, Instant begin, String frameId, String type, int seq, String qty, String price, String flavor) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("SELECT storage.ensure_month_partition(?)")) {
            st.setTimestamp(1, Timestamp.from(begin));
            st.execute();
        }
        try (PreparedStatement st = c.prepareStatement("INSERT INTO storage.rated_point (scope_id, period_begin, period_end, type, seq, unit, qty, price,"
                + " groupby, metadata, frame_id, source, rules) VALUES (?, ?, ?, ?, ?, 'unit', ?, ?, ?::jsonb, ?::jsonb, ?, 'events', '{hashmap@1/rule/1}')")) {
            st.setString(1, scope);
            st.setTimestamp(2, Timestamp.from(begin));
            st.setTimestamp(3, Timestamp.from(begin.plusSeconds(3600)));
            st.setString(4, type);
            st.setInt(5, seq);
            st.setBigDecimal(6, new BigDecimal(qty));
            st.setBigDecimal(7, new BigDecimal(price));
            st.setString(8, "{\"id\": \"" + scope + "-" + type + "-" + seq + "\", \"project_id\": \"" + scope + "\"}");
            st.setString(9, flavor == null ? "{}" : "{\"flavor\": \"" + flavor + "\"}");
            st.setString(10, frameId);
            st.executeUpdate();
        }
    }

    /** Everything stored in [begin, end), as text: equal before and after means nothing was written. */
    String fingerprint(Instant begin, Instant end) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("SELECT count(*) || ':' || coalesce(md5(string_agg(p::text, '|' ORDER BY scope_id, period_begin,"
                + " type, seq)), '') FROM storage.rated_point p WHERE period_begin >= ? AND period_begin < ?")) {
            st.setTimestamp(1, Timestamp.from(begin));
            st.setTimestamp(2, Timestamp.from(end));
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        }
    }

    /** Whether {@code role} could read storage's table directly (it must not: the functions are its only way in). */
    boolean canSelectPoints(String role) throws SQLException {
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT has_table_privilege('" + role + "', 'storage.rated_point', 'SELECT')")) {
            rs.next();
            return rs.getBoolean(1);
        }
    }

    @Override
    public void close() throws SQLException {
        c.close();
    }
}
