package io.ratekit.storage.security;

import io.quarkus.test.junit.QuarkusTest;
import io.ratekit.frames.DataPoint;
import io.ratekit.frames.Frame;
import io.ratekit.frames.Period;
import io.ratekit.service.security.RowAccess;
import io.ratekit.storage.ingest.FrameWriter;
import io.ratekit.storage.ingest.PointKeys;
import io.ratekit.testing.LocalServices;
import io.ratekit.testing.LocalServicesResource;
import io.ratekit.testing.TestTokens;
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

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

/**
 * Issue 20, point 9: {@code storage.point_key} (every groupby and metadata key of every tenant) was
 * readable by the reporting role without any scope setting. It is row-secured now: only an
 * operator's transaction sees keys; a tenant's or an unset one sees none; operators' summaries
 * still tell an unknown groupby key from an empty result.
 */
@QuarkusTest
class PointKeyRowLevelSecurityTest {

    private static final String KEY = "pk_tag_of_tenant_a";

    @Inject
    FrameWriter writer;
    @Inject
    PointKeys pointKeys;

    @BeforeEach
    void storeATenantsTag() {
        Instant begin = Instant.parse("2022-08-04T00:00:00Z");
        DataPoint point = new DataPoint("vcpu", BigDecimal.ONE, BigDecimal.ONE, Map.of("project_id", "pk-a", KEY, "secret-project"), Map.of());
        writer.write(Frame.of("pk-a", "test", new Period(begin, begin.plusSeconds(3600)), Map.of("vcpu", List.of(point)), false));
    }

    private static Connection asReportingRole() throws SQLException {
        Connection c = DriverManager.getConnection(LocalServices.jdbcUrl(LocalServicesResource.DATABASE), "ratekit_storage", "");
        c.setAutoCommit(false);
        return c;
    }

    private static List<String> keys(Connection c) throws SQLException {
        List<String> keys = new ArrayList<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT key FROM storage.point_key")) {
            while (rs.next()) {
                keys.add(rs.getString(1));
            }
        }
        return keys;
    }

    @Test
    void onlyAnOperatorsTransactionSeesTheKeys() throws SQLException {
        try (Connection c = asReportingRole()) {
            assertThat(keys(c)).as("no setting").isEmpty();
            c.rollback();
            RowAccess.only(List.of("pk-a")).apply(c);
            assertThat(keys(c)).as("a tenant's transaction, even of the scope that has the key").isEmpty();
            c.rollback();
            RowAccess.ALL.apply(c);
            assertThat(keys(c)).as("an operator's transaction").contains(KEY, "project_id");
            c.rollback();
        }
    }

    @Test
    void theReportingRoleCannotWriteKeys() throws SQLException {
        try (Connection c = asReportingRole()) {
            RowAccess.ALL.apply(c);
            assertThatThrownBy(() -> c.createStatement().executeUpdate("INSERT INTO storage.point_key VALUES ('planted')"))
                    .hasMessageContaining("permission denied");
            c.rollback();
        }
    }

    @Test
    void operatorsSummariesStillKnowTheKeysAfterARestartAndTenantsLearnNone() {
        pointKeys.forget(); // as after a restart: the known keys are read back from the table
        String begin = "2022-08-01T00:00:00Z";
        String end = "2022-09-01T00:00:00Z";
        given().auth().oauth2(TestTokens.operator()).queryParam("begin", begin).queryParam("end", end).queryParam("groupby", KEY)
                .get("/v2/summary").then().statusCode(200).body("results[0][4]", equalTo("secret-project"));
        given().auth().oauth2(TestTokens.operator()).queryParam("groupby", "no_such_key")
                .get("/v2/summary").then().statusCode(400).body("message", containsString(KEY));
        given().auth().oauth2(TestTokens.tenant("pk-b")).queryParam("groupby", "no_such_key")
                .get("/v2/summary").then().statusCode(200).body(not(containsString(KEY)));
    }
}
