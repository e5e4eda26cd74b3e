package io.ratekit.storage.api;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;

/**
 * Storage answers CloudKitty's version document at its root without a token (version discovery,
 * load-balancer checks), under the normal OIDC set-up; and the shared error answers: 415 naming
 * JSON; v1 errors with WSME's fault fields, v2 errors without.
 */
@QuarkusTest
class VersionDocumentTest {

    @Test
    void theRootAnswersTheVersionDocumentWithoutAToken() {
        given().get("/v2/summary").then().statusCode(401); // authentication is on
        given().get("/").then().statusCode(200).contentType(ContentType.JSON)
                .body("versions.id", contains("v1", "v2"))
                .body("versions.status", contains("CURRENT", "EXPERIMENTAL"))
                .body("versions[1].links[0].href", endsWith("/v2"))
                .body("versions[1].links[0].rel", equalTo("self"));
        given().head("/").then().statusCode(200);
    }

    @Test
    @TestSecurity(user = "olga", roles = "rating-admin")
    void aBodyThatIsNotJsonIs415NamingJson() {
        given().contentType("text/plain").body("x").post("/v2/dataframes").then().statusCode(415)
                .body("supported", contains("application/json"))
                .body("message", containsString("text/plain"))
                .body("$", not(hasKey("faultcode")));
    }

    @Test
    @TestSecurity(user = "olga", roles = "rating-admin")
    void v1ErrorsCarryWsmeFaultFields() {
        given().get("/v1/report/summary?begin=yesterday").then().statusCode(400)
                .body("field", equalTo("begin"))
                .body("faultcode", equalTo("Client"))
                .body("faultstring", containsString("begin"))
                .body("$", hasKey("debuginfo"));
    }
}
