package io.ratekit.storage.report;

import io.quarkus.test.security.TestSecurity;
import io.quarkus.test.junit.QuarkusTest;
import io.ratekit.storage.ingest.FrameWriter;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasSize;

/** CloudKitty's v1 reports and storage dataframes over the March 2025 fixtures. */
@QuarkusTest
@TestSecurity(user = "olga", roles = "rating-admin") // an operator; the roles themselves are tested in *SecurityTest
class V1ReportResourceTest {

    @Inject
    FrameWriter writer;

    @BeforeEach
    void storeFixtures() {
        ReportFixtures.all().forEach(writer::write);
    }

    private static io.restassured.specification.RequestSpecification march() {
        return given().queryParam("begin", "2025-03-01 00:00:00").queryParam("end", "2025-04-01T00:00:00+00:00"); // as the CLI sends them
    }

    @Test
    void totalIsTheExactSumAsAString() {
        march().queryParam("tenant_id", "rp-a").get("/v1/report/total").then().statusCode(200).body(equalTo("\"1.53\"")); // 0.01+0.02+1+0.5
        march().queryParam("tenant_id", "rp-a").queryParam("service", "vcpu").get("/v1/report/total").then().statusCode(200).body(equalTo("\"1.03\""));
        given().queryParam("begin", "2001-01-01T00:00:00Z").queryParam("end", "2001-02-01T00:00:00Z").get("/v1/report/total")
                .then().statusCode(200).body(equalTo("\"0\""));
    }

    @Test
    void summaryGroupsByTenantAndTypeWithCloudKittysRateText() {
        march().queryParam("groupby", "tenant_id,res_type").get("/v1/report/summary").then().statusCode(200)
                .body("summary.findAll { it.tenant_id == 'rp-a' }.res_type", contains("ram_mb", "vcpu"))
                .body("summary.find { it.tenant_id == 'rp-a' && it.res_type == 'vcpu' }.rate", equalTo("1.03"))
                .body("summary.find { it.tenant_id == 'rp-b' }.rate", equalTo("0.3"))
                .body("summary[0].begin", equalTo("2025-03-01T00:00:00Z"));
        march().queryParam("tenant_id", "rp-b").get("/v1/report/summary").then().statusCode(200)
                .body("summary[0].tenant_id", equalTo("ALL")).body("summary[0].res_type", equalTo("ALL")).body("summary[0].rate", equalTo("0.3"));
        march().queryParam("groupby", "flavor").get("/v1/report/summary").then().statusCode(400).body("field", equalTo("groupby"));
    }

    @Test
    void ratesAreWrittenAsPythonWritesFloats() {
        assertThat(V1ReportResource.pythonFloat(new BigDecimal("12.5"))).isEqualTo("12.5");
        assertThat(V1ReportResource.pythonFloat(new BigDecimal("12"))).isEqualTo("12.0");
        assertThat(V1ReportResource.pythonFloat(new BigDecimal("0"))).isEqualTo("0.0");
        assertThat(V1ReportResource.pythonFloat(new BigDecimal("0.123456"))).isEqualTo("0.12346");
        assertThat(V1ReportResource.pythonFloat(new BigDecimal("0.00005"))).isEqualTo("5e-05");
    }

    @Test
    void tenantsAndV1DataframesAsCloudKitty() {
        march().get("/v1/report/tenants").then().statusCode(200).body("$", hasItems("rp-a", "rp-b"));
        march().queryParam("tenant_id", "rp-a").queryParam("resource_type", "vcpu").get("/v1/storage/dataframes").then().statusCode(200)
                .body("dataframes.size()", equalTo(2))
                .body("dataframes[0].tenant_id", equalTo("rp-a"))
                .body("dataframes[0].resources.service", contains("vcpu", "vcpu"))
                .body("dataframes[0].resources[0].volume", equalTo("0.1"))
                .body("dataframes[0].resources[0].rating", equalTo("0.01"))
                .body("dataframes[0].resources[0].desc.flavor", equalTo("m1"))
                .body("dataframes[0].resources[0].desc.id", equalTo("vm-1"));
        given().queryParam("begin", "soon").get("/v1/report/tenants").then().statusCode(400).body("field", equalTo("begin"));
    }

    @Test
    void timestampsAsCloudKittyTakesThemBasicFormatAndPlainDates() {
        given().queryParam("begin", "20250301T000000Z").queryParam("end", "2025-04-01").queryParam("tenant_id", "rp-a")
                .get("/v1/report/total").then().statusCode(200).body(equalTo("\"1.53\""));
        given().queryParam("begin", "2025-03-02").queryParam("end", "20250303").queryParam("tenant_id", "rp-a")
                .queryParam("resource_type", "vcpu").get("/v1/storage/dataframes").then().statusCode(200)
                .body("dataframes.size()", equalTo(1)).body("dataframes[0].begin", equalTo("2025-03-02T10:00:00Z"));
        given().queryParam("begin", "2025-03-01T11:00:00+01:00").queryParam("end", "2025-03-01T11").get("/v1/report/tenants")
                .then().statusCode(200).body("$", contains("rp-a")); // 10:00 to 11:00 UTC
        given().queryParam("begin", "2025-13-01").get("/v1/report/total").then().statusCode(400).body("field", equalTo("begin"));
        given().queryParam("end", "1 April 2025").get("/v1/storage/dataframes").then().statusCode(400).body("field", equalTo("end"));
    }

    @Test
    void anEmptyPeriodIsAnEmptyAnswerAsInCloudKitty() {
        String at = "2025-03-01T10:00:00Z"; // a period with rated data starts here
        given().queryParam("begin", at).queryParam("end", at).get("/v1/report/total").then().statusCode(200).body(equalTo("\"0\""));
        given().queryParam("begin", at).queryParam("end", at).get("/v1/storage/dataframes").then().statusCode(200)
                .body(equalTo("{\"dataframes\":[]}"));
        given().queryParam("begin", at).queryParam("end", at).get("/v1/report/tenants").then().statusCode(200).body("$", hasSize(0));
    }

    /** CloudKitty answers an inverted period with nothing; Ratekit names the mistake (storage-service/README.md). */
    @Test
    void anInvertedPeriodIsA400NamingEnd() {
        for (String path : new String[]{"/v1/report/total", "/v1/storage/dataframes", "/v1/report/summary", "/v1/report/tenants"}) {
            given().queryParam("begin", "2025-04-01T00:00:00Z").queryParam("end", "2025-03-01T00:00:00Z").get(path)
                    .then().statusCode(400).body("field", equalTo("end")).body("message", containsString("2025-04-01T00:00:00Z"));
        }
        // only an end before the current month: begin defaults to the start of the current month
        given().queryParam("end", "2001-01-01").get("/v1/report/total").then().statusCode(400)
                .body("field", equalTo("end")).body("message", containsString("start of the current month"));
    }
}
