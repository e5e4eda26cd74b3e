package io.ratekit.processor.api;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import io.ratekit.processor.rating.RatingSnapshots;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.util.HashMap;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.emptyString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

/**
 * What CloudKitty's clients and scripts rely on beyond the shapes of the resources: the version
 * document at the root, WSME's fault fields on v1 errors, {@code Location} on 201 and 302 answers,
 * 404 for ids that are not UUIDs, 409 for an unconfigurable module, 415 naming JSON, and integer
 * ranges named in the 400. The class has no {@code @TestSecurity}: the root is called without a
 * token under the normal (OIDC) test set-up; the other tests are an operator's.
 */
@QuarkusTest
class CloudKittyApiBehaviourTest {

    private static final String HASHMAP = "/v1/rating/module_config/hashmap";

    @TestHTTPResource("/")
    URL root;

    @Inject
    RatingSnapshots snapshots;

    private String base() {
        return root.toString().replaceAll("/$", "");
    }

    @Test
    void theRootAnswersCloudKittysVersionDocumentWithoutAToken() {
        given().get("/v1/rating/modules").then().statusCode(401).body("faultcode", equalTo("Client")); // authentication is on
        given().get("/").then().statusCode(200).contentType(ContentType.JSON)
                .body("versions.id", contains("v1", "v2"))
                .body("versions.status", contains("CURRENT", "EXPERIMENTAL"))
                .body("versions[0].links[0].href", equalTo(base() + "/v1"))
                .body("versions[0].links[0].rel", equalTo("self"))
                .body("versions[1].links[0].href", equalTo(base() + "/v2"));
        given().head("/").then().statusCode(200).contentType(ContentType.JSON).body(emptyString());
    }

    @Test
    @TestSecurity(user = "olga", roles = "rating-admin")
    void v1ErrorsCarryWsmeFaultFieldsBesideRatekitsOwn() {
        given().contentType(ContentType.JSON).body(Map.of("name", "fault.svc", "owner", "me")).post(HASHMAP + "/services")
                .then().statusCode(400)
                .body("error", equalTo("invalid_parameter")).body("field", equalTo("owner"))
                .body("faultcode", equalTo("Client")).body("faultstring", containsString("owner: unknown field"))
                .body("$", hasKey("debuginfo")).body("debuginfo", nullValue());
        Response notFound = given().get("/v1/rating/modules/gnocchi");
        assertThat(notFound.statusCode()).isEqualTo(404);
        assertThat(notFound.jsonPath().getString("faultstring")).isEqualTo(notFound.jsonPath().getString("message"))
                .isEqualTo("No such rating module: gnocchi");
        assertThat(notFound.jsonPath().getString("faultcode")).isEqualTo("Client");
        given().patch("/v1/rating/modules").then().statusCode(405).body("faultcode", equalTo("Client"))
                .body("faultstring", equalTo("Method Not Allowed"));
        // v2 stays as it is: CloudKitty's v2 errors have no fault fields
        given().get("/v2/rating/modules/gnocchi").then().statusCode(404).body("$", not(hasKey("faultcode")))
                .body("message", equalTo("No such rating module: gnocchi"));
    }

    @Test
    @TestSecurity(user = "tom", roles = "tenant")
    void aRefusedRoleIsAV1FaultToo() {
        given().get("/v1/rating/modules").then().statusCode(403).body("error", equalTo("forbidden"))
                .body("faultcode", equalTo("Client")).body("faultstring", not(emptyString()));
    }

    @Test
    @TestSecurity(user = "olga", roles = "rating-admin")
    void createsAnswerTheirLocationAndUpdatesA302ToTheRule() {
        Response service = given().contentType(ContentType.JSON).body(Map.of("name", "loc.svc")).post(HASHMAP + "/services");
        String serviceId = service.then().statusCode(201).extract().path("service_id");
        assertThat(service.header("Location")).isEqualTo(base() + HASHMAP + "/services/" + serviceId);
        given().get(service.header("Location")).then().statusCode(200).body("name", equalTo("loc.svc"));

        Response mapping = given().contentType(ContentType.JSON).body(Map.of("service_id", serviceId, "cost", "0.02"))
                .post(HASHMAP + "/mappings/");
        String mappingId = mapping.then().statusCode(201).extract().path("mapping_id");
        assertThat(mapping.header("Location")).isEqualTo(base() + HASHMAP + "/mappings/" + mappingId);

        Map<String, Object> full = new HashMap<>(given().get(HASHMAP + "/mappings/" + mappingId).then().extract().jsonPath().getMap("$"));
        full.put("cost", "0.03");
        Response byPath = given().redirects().follow(false).contentType(ContentType.JSON).body(full).put(HASHMAP + "/mappings/" + mappingId);
        assertThat(byPath.statusCode()).isEqualTo(302);
        assertThat(byPath.header("Location")).isEqualTo(base() + HASHMAP + "/mappings/" + mappingId);
        assertThat(byPath.asString()).isEmpty();
        given().get(HASHMAP + "/mappings/" + mappingId).then().body("cost", equalTo("0.0300000000000000000000000000"));

        // as cloudkittyclient does: the id in the body, PUT to the collection; it then repeats the PUT at the Location
        full.put("cost", "0.04");
        Response byBody = given().redirects().follow(false).contentType(ContentType.JSON).body(full).put(HASHMAP + "/mappings/");
        assertThat(byBody.statusCode()).isEqualTo(302);
        assertThat(byBody.header("Location")).isEqualTo(base() + HASHMAP + "/mappings/" + mappingId);
        long version = snapshots.refresh().version();
        given().redirects().follow(false).contentType(ContentType.JSON).body(full).put(byBody.header("Location")).then().statusCode(302);
        assertThat(snapshots.refresh().version()).as("a repeated PUT that changes nothing is not written again").isEqualTo(version);
        given().get(HASHMAP + "/mappings/" + mappingId).then().body("cost", equalTo("0.0400000000000000000000000000"));

        Response threshold = given().contentType(ContentType.JSON).body(Map.of("service_id", serviceId, "level", "8", "cost", "0.9"))
                .post(HASHMAP + "/thresholds");
        String thresholdId = threshold.then().statusCode(201).extract().path("threshold_id");
        assertThat(threshold.header("Location")).isEqualTo(base() + HASHMAP + "/thresholds/" + thresholdId);
        Response thresholdPut = given().redirects().follow(false).contentType(ContentType.JSON).body(Map.of("cost", "0.8"))
                .put(HASHMAP + "/thresholds/" + thresholdId);
        assertThat(thresholdPut.statusCode()).isEqualTo(302);
        assertThat(thresholdPut.header("Location")).isEqualTo(base() + HASHMAP + "/thresholds/" + thresholdId);
        given().get(HASHMAP + "/thresholds/" + thresholdId).then().body("cost", equalTo("0.8000000000000000000000000000"));

        Response module = given().redirects().follow(false).contentType(ContentType.JSON).body(Map.of("priority", 4))
                .put("/v1/rating/modules/hashmap");
        assertThat(module.statusCode()).isEqualTo(302);
        assertThat(module.header("Location")).isEqualTo(base() + "/v1/rating/modules/hashmap");
        given().get(module.header("Location")).then().body("priority", equalTo(4));
    }

    @Test
    @TestSecurity(user = "olga", roles = "rating-admin")
    void anIdThatIsNotAUuidIsAnUnknownResource() {
        given().get(HASHMAP + "/mappings/42").then().statusCode(404).body("message", equalTo("No such mapping: 42"))
                .body("faultstring", equalTo("No such mapping: 42"));
        given().get(HASHMAP + "/thresholds/42").then().statusCode(404).body("message", equalTo("No such threshold: 42"));
        given().get(HASHMAP + "/services/42").then().statusCode(404).body("message", equalTo("No such service: 42"));
        given().get(HASHMAP + "/fields/42").then().statusCode(404).body("message", equalTo("No such field: 42"));
        given().get(HASHMAP + "/groups/42").then().statusCode(404).body("message", equalTo("No such group: 42"));
        given().contentType(ContentType.JSON).body(Map.of("cost", "1")).put(HASHMAP + "/mappings/42").then().statusCode(404);
        given().delete(HASHMAP + "/mappings/42").then().statusCode(404);
        given().get("/v1/rating/module_config/pyscripts/scripts/42").then().statusCode(404).body("message", equalTo("No such script: 42"));
        // an id in a body is still a bad field
        given().contentType(ContentType.JSON).body(Map.of("service_id", "42", "cost", "1")).post(HASHMAP + "/mappings")
                .then().statusCode(400).body("field", equalTo("service_id"));
    }

    @Test
    @TestSecurity(user = "olga", roles = "rating-admin")
    void noopIsNotConfigurable() {
        given().get("/v1/rating/module_config/noop").then().statusCode(409)
                .body("message", equalTo("Module is not configurable")).body("faultstring", equalTo("Module is not configurable"));
        given().get("/v1/rating/module_config/noop/anything").then().statusCode(409);
        given().contentType(ContentType.JSON).body("{}").post("/v1/rating/module_config/noop").then().statusCode(409);
        given().get("/v1/rating/module_config/gnocchi").then().statusCode(404);
        given().get(HASHMAP + "/types").then().statusCode(200).body("$", hasItem("flat"));
    }

    @Test
    @TestSecurity(user = "olga", roles = "rating-admin")
    void aBodyThatIsNotJsonIs415NamingJson() {
        given().contentType("text/plain").body("name=x").post(HASHMAP + "/services").then().statusCode(415)
                .contentType(ContentType.JSON)
                .body("error", equalTo("unsupported_media_type"))
                .body("message", containsString("text/plain")).body("message", containsString("application/json"))
                .body("supported", contains("application/json"))
                .body("faultcode", equalTo("Client"));
        given().contentType("application/xml").body("<x/>").put("/v1/rating/modules/hashmap").then().statusCode(415)
                .body("supported", contains("application/json"));
    }

    @Test
    @TestSecurity(user = "olga", roles = "rating-admin")
    void anIntegerOutOfRangeNamesTheFieldAndTheRange() {
        given().contentType(ContentType.JSON).body("{\"priority\": 99999999999}").put("/v1/rating/modules/hashmap").then().statusCode(400)
                .body("field", equalTo("priority"))
                .body("message", equalTo("priority: must be from 0 to 2147483647, got 99999999999"));
        given().contentType(ContentType.JSON).body("{\"priority\": -1}").put("/v1/rating/modules/hashmap").then().statusCode(400)
                .body("message", containsString("from 0 to 2147483647"));
        given().contentType(ContentType.JSON).body("{\"name\": \"range.order\", \"data\": \"pass\", \"order\": 1e12}")
                .post("/v1/rating/module_config/pyscripts/scripts").then().statusCode(400)
                .body("field", equalTo("order")).body("message", containsString("-2147483648 to 2147483647"));
    }
}
