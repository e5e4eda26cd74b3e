package io.ratekit.processor.hashmap;

import io.quarkus.test.security.TestSecurity;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;

import static io.ratekit.processor.hashmap.HashmapApi.BASE;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

/** Rules as code: dry run, atomic import, export that reads back, protected started prices, errors. */
@QuarkusTest
@TestSecurity(user = "olga", roles = "rating-admin") // an operator; the roles themselves are tested in *SecurityTest
class HashmapRulesDocumentResourceTest {

    @org.junit.jupiter.api.BeforeAll
    static void sendYamlAsText() {
        io.restassured.RestAssured.config = io.restassured.RestAssured.config().encoderConfig(
                io.restassured.config.EncoderConfig.encoderConfig().encodeContentTypeAs("application/yaml", ContentType.TEXT));
    }

    @jakarta.inject.Inject
    io.agroal.api.AgroalDataSource dataSource;

    /** Other tests leave started dated prices, which an import may not remove: start from none. */
    @org.junit.jupiter.api.BeforeEach
    void withoutStartedDatedPrices() throws Exception {
        try (var c = dataSource.getConnection(); var st = c.createStatement()) {
            st.execute("DELETE FROM rating.hashmap_mapping WHERE start_at IS NOT NULL");
            st.execute("DELETE FROM rating.hashmap_threshold WHERE start_at IS NOT NULL");
        }
    }

    private static String example() throws Exception {
        return Files.readString(Path.of("../rating-rules/examples/vmware-shop.yaml"));
    }

    @Test
    void aDryRunReportsTheChangesAndStoresNothing() throws Exception {
        HashmapApi.service("doc-before");
        given().contentType("application/yaml").body(example()).post(BASE + "/import?dry_run=true").then().statusCode(200)
                .body("dry_run", equalTo(true))
                .body("added", hasItem("service vcpu"))
                .body("added", hasItem("instance.os mapping value=windows flat 0.03 group=licence tenant=acme"))
                .body("removed", hasItem("service doc-before"));
        given().get(BASE + "/services").then().statusCode(200).body("services.name", hasItem("doc-before"));
    }

    @Test
    void anImportReplacesEverythingAndTheExportReadsBack() throws Exception {
        given().contentType("application/yaml").body(example()).post(BASE + "/import").then().statusCode(200)
                .body("dry_run", equalTo(false));
        String exported = given().get(BASE + "/export").then().statusCode(200).contentType("application/yaml").extract().asString();
        given().contentType("application/yaml").body(exported).post(BASE + "/import?dry_run=true").then().statusCode(200)
                .body("added.size()", equalTo(0)).body("removed.size()", equalTo(0));
        given().get(BASE + "/export?format=json").then().statusCode(200).body("services.name", hasItem("ram_mb"));

        given().contentType(ContentType.JSON).body(Map.of("enabled", true)).put("/v1/rating/modules/hashmap").then().statusCode(302);
        String price = given().contentType(ContentType.JSON)
                .body("{\"resources\":[{\"service\":\"vcpu\",\"volume\":\"20\"}]}").post("/v1/rating/quote").then().statusCode(200).extract().asString();
        assertThat(new BigDecimal(price)).isEqualByComparingTo("0.225"); // 0.0125 x 20 x 0.9, the imported threshold
    }

    @Test
    void aStartedDatedPriceMustSurviveAnImport() {
        String start = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(86400).toString();
        String doc = "format: ratekit-hashmap/v1\nservices:\n  - name: doc.dated\n    mappings:\n      - {cost: '1', start: '" + start + "'%s}\n";
        given().contentType("application/yaml").body(doc.formatted("")).post(BASE + "/import").then().statusCode(200);
        given().contentType("application/yaml").body(doc.formatted("").replace("cost: '1'", "cost: '2'")).post(BASE + "/import")
                .then().statusCode(409);
        given().contentType("application/yaml").body("format: ratekit-hashmap/v1\nservices: []\n").post(BASE + "/import").then().statusCode(409);
        given().contentType("application/yaml").body(doc.formatted(", end: '2099-01-01T00:00:00Z'")).post(BASE + "/import").then().statusCode(200);
    }

    @Test
    void aBadDocumentIsRefusedNamingThePath() {
        given().contentType("application/yaml").body("format: ratekit-hashmap/v1\nservices: [{name: x, mappings: [{cost: abc}]}]\n")
                .post(BASE + "/import").then().statusCode(400).body("field", equalTo("services[0].mappings[0].cost"));
        given().get(BASE + "/export?format=xml").then().statusCode(400).body("field", equalTo("format"));
    }
}
