package io.ratekit.collector.security;

import io.quarkus.test.junit.QuarkusTest;
import io.ratekit.service.security.RowAccess;
import io.ratekit.testing.LocalServices;
import io.ratekit.testing.LocalServicesResource;
import io.ratekit.testing.TestTokens;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Connected as the collector's own role with one tenant's scopes set, a plain {@code SELECT *}
 * of the per-scope tables returns that tenant's rows only, and writing another tenant's row is
 * refused by the policy.
 */
@QuarkusTest
class CollectorRowLevelSecurityTest {

    @BeforeEach
    void twoTenantsHaveEvents() {
        for (String scope : List.of("crls-a", "crls-b")) {
            given().auth().oauth2(TestTokens.operator()).contentType(ContentType.JSON)
                    .body("[{\"scope_id\":\"" + scope + "\",\"resource_id\":\"vm-1\",\"resource_type\":\"instance\","
                            + "\"action\":\"create\",\"timestamp\":\"2026-09-01T10:00:00Z\"}]")
                    .post("/v1/events").then().statusCode(202);
        }
    }

    private static Connection asCollectorRole() throws SQLException {
        Connection c = DriverManager.getConnection(LocalServices.jdbcUrl(LocalServicesResource.DATABASE), "ratekit_collector", "");
        c.setAutoCommit(false);
        return c;
    }

    private static List<String> scopes(Connection c, String table) throws SQLException {
        List<String> scopes = new ArrayList<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT * FROM collector." + table)) {
            while (rs.next()) {
                scopes.add(rs.getString("scope_id"));
            }
        }
        return scopes;
    }

    @Test
    void aTenantsTransactionSeesOnlyItsRows() throws SQLException {
        try (Connection c = asCollectorRole()) {
            assertThat(scopes(c, "resource_event")).as("no setting").isEmpty();
            RowAccess.only(List.of("crls-a")).apply(c);
            assertThat(scopes(c, "resource_event")).isNotEmpty().containsOnly("crls-a");
            assertThat(scopes(c, "scope_state")).isNotEmpty().containsOnly("crls-a");
            c.rollback();
        }
    }

    @Test
    void writesUnderTheWrongTenantAreRefused() throws SQLException {
        try (Connection c = asCollectorRole()) {
            RowAccess.only(List.of("crls-a")).apply(c);
            assertThatThrownBy(() -> c.createStatement().executeUpdate(
                    "UPDATE collector.scope_state SET scope_id = 'crls-b2' WHERE scope_id = 'crls-a'"))
                    .hasMessageContaining("row-level security");
            c.rollback();
            RowAccess.only(List.of("crls-a")).apply(c);
            assertThatThrownBy(() -> c.createStatement().executeUpdate(
                    "INSERT INTO collector.scope_state (scope_id, source, fetcher, first_period_begin, last_processed_end)"
                            + " VALUES ('crls-c', 'events', 'events', now(), now())"))
                    .hasMessageContaining("row-level security");
            c.rollback();
            RowAccess.only(List.of("crls-a")).apply(c);
            assertThat(c.createStatement().executeUpdate("DELETE FROM collector.resource_event WHERE scope_id = 'crls-b'"))
                    .as("B's rows are out of reach").isZero();
            c.rollback();
        }
    }
}
