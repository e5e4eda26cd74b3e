package io.ratekit.collector.api;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;

/**
 * The collector answers CloudKitty's version document at its root without a token (version
 * discovery, load-balancer checks), under the normal OIDC set-up; and the shared error answers:
 * 415 naming JSON, v1 errors with WSME's fault fields.
 */
@QuarkusTest
class VersionDocumentTest {

    @Test
    void theRootAnswersTheVersionDocumentWithoutAToken() {
        given().get("/v2/scope").then().statusCode(401); // authentication is on
        given().get("/").then().statusCode(200).contentType(ContentType.JSON)
                .body("versions.id", contains("v1", "v2"))
                .body("versions.status", contains("CURRENT", "EXPERIMENTAL"))
                .body("versions[0].links[0].href", endsWith("/v1"))
                .body("versions[0].links[0].rel", equalTo("self"));
        given().head("/").then().statusCode(200);
    }

    @Test
    @TestSecurity(user = "olga", roles = "rating-admin")
    void aBodyThatIsNotJsonIs415NamingJsonWithV1FaultFields() {
        given().contentType("text/plain").body("x").post("/v1/events").then().statusCode(415)
                .body("supported", contains("application/json"))
                .body("message", containsString("text/plain"))
                .body("faultcode", equalTo("Client"));
        given().contentType("text/plain").body("x").post("/v2/task/reprocesses").then().statusCode(415)
                .body("supported", contains("application/json"));
    }
}
