package io.ratekit.storage.report;

import io.quarkus.test.security.TestSecurity;
import io.quarkus.test.junit.QuarkusTest;
import io.ratekit.storage.ingest.FrameWriter;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

/** /v2/summary and /v2/dataframes as CSV, asked with format=csv or Accept: text/csv. */
@QuarkusTest
@TestSecurity(user = "olga", roles = "rating-admin") // an operator; the roles themselves are tested in *SecurityTest
class CsvExportTest {

    @Inject
    FrameWriter writer;

    @BeforeEach
    void storeFixtures() {
        ReportFixtures.all().forEach(writer::write);
    }

    @Test
    void theSummaryAsCsvHasTheSameColumnsAndExactNumbers() {
        String csv = given().queryParam("begin", ReportFixtures.BEGIN).queryParam("end", ReportFixtures.END)
                .queryParam("filters", "project_id:rp-a,project_id:rp-b").queryParam("groupby", "project_id,type").queryParam("format", "csv")
                .get("/v2/summary").then().statusCode(200).contentType("text/csv").extract().asString();
        assertThat(csv.split("\r\n")).containsExactly(
                "begin,end,qty,rate,project_id,type",
                "2025-03-01T00:00:00Z,2025-04-01T00:00:00Z,512,0.5,rp-a,ram_mb",
                "2025-03-01T00:00:00Z,2025-04-01T00:00:00Z,1.3,1.03,rp-a,vcpu",
                "2025-03-01T00:00:00Z,2025-04-01T00:00:00Z,3,0.3,rp-b,vcpu");
        given().queryParam("format", "xls").get("/v2/summary").then().statusCode(400).body("field", equalTo("format"));
    }

    @Test
    void dataframesStreamAsCsvWithQuotedJson() {
        String csv = given().header("Accept", "text/csv").queryParam("begin", ReportFixtures.BEGIN).queryParam("end", ReportFixtures.END)
                .queryParam("filters", "project_id:rp-a")
                .get("/v2/dataframes").then().statusCode(200).contentType("text/csv").extract().asString();
        String[] lines = csv.split("\r\n");
        assertThat(lines[0]).isEqualTo("begin,end,scope_id,type,unit,qty,price,groupby,metadata");
        assertThat(lines).hasSize(5);
        assertThat(lines[1]).isEqualTo("2025-03-01T10:00:00Z,2025-03-01T11:00:00Z,rp-a,vcpu,u,0.1,0.01,"
                + "\"{\"\"id\"\": \"\"vm-1\"\", \"\"project_id\"\": \"\"rp-a\"\"}\",\"{\"\"flavor\"\": \"\"m1\"\"}\"");
        // an empty window is an empty CSV, not CloudKitty's 404
        String empty = given().queryParam("format", "csv").queryParam("begin", "2001-01-01T00:00:00Z").queryParam("end", "2001-02-01T00:00:00Z")
                .get("/v2/dataframes").then().statusCode(200).extract().asString();
        assertThat(empty).isEqualTo("begin,end,scope_id,type,unit,qty,price,groupby,metadata\r\n");
    }
}
