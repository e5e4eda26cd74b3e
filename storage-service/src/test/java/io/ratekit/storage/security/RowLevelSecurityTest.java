package io.ratekit.storage.security;

import io.quarkus.test.junit.QuarkusTest;
import io.ratekit.frames.DataPoint;
import io.ratekit.frames.Frame;
import io.ratekit.frames.Period;
import io.ratekit.service.security.RowAccess;
import io.ratekit.storage.ingest.FrameWriter;
import io.ratekit.testing.LocalServices;
import io.ratekit.testing.LocalServicesResource;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * PostgreSQL itself separates tenants: connected as the reporting role (what the API uses), with
 * tenant A's scopes set for the transaction, a plain {@code SELECT *} of the raw tables returns
 * A's rows only; without a setting nothing; writes are refused.
 */
@QuarkusTest
class RowLevelSecurityTest {

    @Inject
    FrameWriter writer;

    @BeforeEach
    void storeTwoTenants() {
        Instant begin = Instant.parse("2024-06-05T00:00:00Z");
        for (String scope : List.of("rls-a", "rls-b")) {
            DataPoint point = new DataPoint("vcpu", BigDecimal.ONE, BigDecimal.TEN, Map.of("project_id", scope), Map.of());
            writer.write(Frame.of(scope, "test", new Period(begin, begin.plusSeconds(3600)), Map.of("vcpu", List.of(point)), false));
        }
    }

    private static Connection asReportingRole() throws SQLException {
        Connection c = DriverManager.getConnection(LocalServices.jdbcUrl(LocalServicesResource.DATABASE), "ratekit_storage", "");
        c.setAutoCommit(false);
        return c;
    }

    private static List<String> scopes(Connection c, String table) throws SQLException {
        List<String> scopes = new ArrayList<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT * FROM storage." + table)) {
            while (rs.next()) {
                scopes.add(rs.getString("scope_id"));
            }
        }
        return scopes;
    }

    @Test
    void aTenantsTransactionSeesOnlyItsRowsInEveryTable() throws SQLException {
        try (Connection c = asReportingRole()) {
            RowAccess.only(List.of("rls-a")).apply(c);
            for (String table : List.of("rated_point", "daily_usage", "stored_frame")) {
                assertThat(scopes(c, table)).as(table).isNotEmpty().containsOnly("rls-a");
            }
            c.rollback();
        }
    }

    @Test
    void withoutASettingNothingIsVisibleAndTheSettingDiesWithTheTransaction() throws SQLException {
        try (Connection c = asReportingRole()) {
            assertThat(scopes(c, "rated_point")).isEmpty();
            RowAccess.ALL.apply(c);
            assertThat(scopes(c, "rated_point")).contains("rls-a", "rls-b");
            c.commit();
            assertThat(scopes(c, "rated_point")).as("after commit").isEmpty();
            c.rollback();
        }
    }

    @Test
    void scopeIdsWithQuotesAndCommasCannotWidenTheSetting() throws SQLException {
        try (Connection c = asReportingRole()) {
            RowAccess.only(List.of("rls-a\",\"rls-b", "x}")).apply(c);
            assertThat(scopes(c, "rated_point")).isEmpty();
            c.rollback();
        }
    }

    @Test
    void theReportingRoleCannotWriteNorReachPartitionsDirectly() throws SQLException {
        try (Connection c = asReportingRole()) {
            RowAccess.only(List.of("rls-a")).apply(c);
            assertThatThrownBy(() -> c.createStatement().executeUpdate("DELETE FROM storage.rated_point WHERE scope_id = 'rls-b'"))
                    .hasMessageContaining("permission denied");
            c.rollback();
            assertThatThrownBy(() -> c.createStatement().executeQuery("SELECT * FROM storage.rated_point_2024_06"))
                    .hasMessageContaining("permission denied");
            c.rollback();
        }
    }

    @Test
    void writesUnderTheWrongTenantAreRefusedByThePolicy() throws SQLException {
        // a role bound by the policies but allowed to write (as the reporting role is not): the policy's WITH CHECK decides
        try (Connection owner = DriverManager.getConnection(LocalServices.jdbcUrl(LocalServicesResource.DATABASE), "postgres", "");
             Statement st = owner.createStatement()) {
            st.execute("DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'ratekit_rls_writer') THEN"
                    + " CREATE ROLE ratekit_rls_writer LOGIN; END IF; END $$");
            st.execute("GRANT USAGE ON SCHEMA storage TO ratekit_rls_writer");
            st.execute("GRANT SELECT, INSERT, UPDATE, DELETE ON storage.daily_usage TO ratekit_rls_writer");
        }
        try (Connection c = DriverManager.getConnection(LocalServices.jdbcUrl(LocalServicesResource.DATABASE), "ratekit_rls_writer", "")) {
            c.setAutoCommit(false);
            RowAccess.only(List.of("rls-a")).apply(c);
            assertThatThrownBy(() -> c.createStatement().executeUpdate(
                    "INSERT INTO storage.daily_usage VALUES ('rls-b', 'vcpu', '2024-06-07', 1, 1, 1)"))
                    .hasMessageContaining("row-level security");
            c.rollback();
            RowAccess.only(List.of("rls-a")).apply(c);
            assertThatThrownBy(() -> c.createStatement().executeUpdate("UPDATE storage.daily_usage SET scope_id = 'rls-b' WHERE scope_id = 'rls-a'"))
                    .hasMessageContaining("row-level security");
            c.rollback();
            RowAccess.only(List.of("rls-a")).apply(c);
            assertThat(c.createStatement().executeUpdate("DELETE FROM storage.daily_usage WHERE scope_id = 'rls-b'")).as("B's rows are out of reach").isZero();
            c.rollback();
        }
    }
}
