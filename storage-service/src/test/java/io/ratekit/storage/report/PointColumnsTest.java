package io.ratekit.storage.report;

import io.ratekit.service.api.InvalidInputException;
import io.ratekit.testing.LocalServices;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Groupby and filter keys are any name the hashmap prices, and never SQL. */
class PointColumnsTest {

    private final PointColumns columns = new PointColumns("project_id");

    @Test
    void keysWithSpacesAccentsAndQuotesReadTheirOwnMetadataAndNothingElse() throws Exception {
        String metadata = "'{\"display name\": \"Web 1\", \"région\": \"Zürich\", \"it''s\": \"quoted\", \"x\": \"other\"}'::jsonb";
        try (Connection c = LocalServices.connect("postgres"); Statement st = c.createStatement()) {
            for (String[] keyAndValue : new String[][]{{"display name", "Web 1"}, {"région", "Zürich"}, {"it's", "quoted"},
                    {"x') OR true OR ('", null}}) {
                String sql = "SELECT " + columns.expression(keyAndValue[0], "groupby")
                        .replace("groupby->>", "'{}'::jsonb->>").replace("metadata->>", metadata + "->>");
                try (ResultSet rs = st.executeQuery(sql)) {
                    rs.next();
                    assertThat(rs.getString(1)).as(keyAndValue[0]).isEqualTo(keyAndValue[1]);
                }
            }
        }
    }

    @Test
    void columnsStayColumnsAndBadKeysAre400NamingTheParameter() {
        assertThat(columns.expression("type", "groupby")).isEqualTo("type");
        assertThat(columns.expression("project_id", "filters")).isEqualTo("scope_id");
        assertThatThrownBy(() -> columns.expression("a\u0000b", "filters")).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("control characters");
        assertThatThrownBy(() -> columns.expression("x".repeat(256), "groupby")).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("at most 255");
        assertThatThrownBy(() -> columns.expression(" padded", "groupby")).isInstanceOf(InvalidInputException.class)
                .extracting(e -> ((InvalidInputException) e).field()).isEqualTo("groupby");
    }
}
