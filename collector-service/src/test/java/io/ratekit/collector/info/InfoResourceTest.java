package io.ratekit.collector.info;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;

/**
 * CloudKitty's /v1/info over the collector's built-in metrics (no metrics file in the test
 * configuration): CloudKitty's JSON, also under the CLI's trailing slash. Roles: CollectorSecurityTest.
 */
@QuarkusTest
@TestSecurity(user = "tina", roles = "tenant") // info is for every authenticated caller
class InfoResourceTest {

    @Test
    void metricsAreListedAsCloudKittyListsThem() {
        for (String path : new String[]{"/v1/info/metrics", "/v1/info/metrics/", "/v1/info/services"}) {
            given().get(path).then().statusCode(200)
                    .body("metrics.metric_id", hasItems("vcpu", "ram_mb", "ram_gb", "disk_gb", "disk_used_gb", "volume.size"))
                    .body("metrics.find { it.metric_id == 'ram_mb' }.unit", equalTo("MB"));
        }
    }

    @Test
    void oneMetricByItsIdInCloudKittysShape() {
        given().get("/v1/info/metrics/volume.size").then().statusCode(200)
                .body(equalTo("{\"metadata\":[],\"metric_id\":\"volume.size\",\"unit\":\"GB\"}"));
        given().get("/v1/info/services/vcpu").then().statusCode(200).body("unit", equalTo("vcpu"));
        given().get("/v1/info/metrics/no-such-metric").then().statusCode(404);
    }

    @Test
    void theConfigIsTheMetricsDocument() {
        for (String path : new String[]{"/v1/info/config", "/v1/info/config/"}) {
            given().get(path).then().statusCode(200)
                    .body("metrics.vcpu.unit", equalTo("vcpu"))
                    .body("metrics.'volume.size'.unit", equalTo("GB"));
        }
    }
}
