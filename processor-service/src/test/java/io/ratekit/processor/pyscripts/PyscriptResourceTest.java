package io.ratekit.processor.pyscripts;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import io.ratekit.rating.pyscripts.PyScript;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.ratekit.processor.pyscripts.PyscriptApi.SCRIPTS;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

/** CloudKitty's pyscripts API, with Ratekit's compile check, versions and dry run. */
@QuarkusTest
@TestSecurity(user = "rudi", roles = "rules-author")
class PyscriptResourceTest {

    private static final String PRICE = "import decimal\nfor p in data['usage']['vcpu']:\n    p['rating']['price'] = p['vol']['qty'] * decimal.Decimal('0.25')\n";
    private static final String FRAME = "{\"period\": {\"begin\": \"2026-05-01T10:00:00Z\", \"end\": \"2026-05-01T11:00:00Z\"},"
            + " \"usage\": {\"vcpu\": [{\"vol\": {\"unit\": \"vcpu\", \"qty\": \"4\"}, \"rating\": {\"price\": \"0\"},"
            + " \"groupby\": {\"project_id\": \"p\"}, \"metadata\": {}}]}}";

    @AfterEach
    void deleteScripts() {
        PyscriptApi.deleteAll();
    }

    @Test
    void createListGetUpdateDeleteAsCloudKitty() {
        String id = PyscriptApi.create("api.price", PRICE);
        given().get(SCRIPTS + "/" + id).then().statusCode(200)
                .body("script_id", equalTo(id)).body("name", equalTo("api.price")).body("data", equalTo(PRICE))
                .body("checksum", equalTo(PyScript.checksum(PRICE))).body("version", equalTo(1)).body("order", equalTo(0));
        given().get(SCRIPTS).then().statusCode(200).body("scripts.name", hasItem("api.price")).body("scripts[0]", hasKey("data"));
        given().get(SCRIPTS + "?no_data=true").then().statusCode(200).body("scripts[0]", not(hasKey("data")))
                .body("scripts[0].checksum", equalTo(PyScript.checksum(PRICE)));

        String changed = PRICE.replace("0.25", "0.5");
        given().contentType(ContentType.JSON).body(Map.of("name", "api.price", "data", changed)).put(SCRIPTS + "/" + id)
                .then().statusCode(201).body("version", equalTo(2)).body("checksum", equalTo(PyScript.checksum(changed)));
        given().get(SCRIPTS + "/" + id + "/versions").then().statusCode(200)
                .body("versions.version", equalTo(java.util.List.of(1, 2))).body("versions[0].data", equalTo(PRICE));

        given().delete(SCRIPTS + "/" + id).then().statusCode(204);
        given().get(SCRIPTS + "/" + id).then().statusCode(404);
        given().delete(SCRIPTS + "/" + id).then().statusCode(404);
    }

    @Test
    void aDuplicateNameIs409WithCloudKittysMessage() {
        String id = PyscriptApi.create("api.dup", PRICE);
        given().contentType(ContentType.JSON).body(Map.of("name", "api.dup", "data", "pass")).post(SCRIPTS).then().statusCode(409)
                .body("message", equalTo("Script api.dup already exists (UUID: " + id + ")"));
        String other = PyscriptApi.create("api.other", PRICE);
        given().contentType(ContentType.JSON).body(Map.of("name", "api.dup")).put(SCRIPTS + "/" + other).then().statusCode(409);
    }

    @Test
    void aSyntaxErrorIs400WithLineAndColumn() {
        given().contentType(ContentType.JSON).body(Map.of("name", "api.broken", "data", "x = 1\ny = 2 +\nz = 3\n"))
                .post(SCRIPTS).then().statusCode(400)
                .body("field", equalTo("data")).body("line", equalTo(2)).body("message", containsString("does not compile"));
        given().get(SCRIPTS).then().body("scripts.name", not(hasItem("api.broken")));
    }

    @Test
    void badRequestsNameTheField() {
        given().contentType(ContentType.JSON).body(Map.of("data", PRICE)).post(SCRIPTS).then().statusCode(400).body("field", equalTo("name"));
        given().contentType(ContentType.JSON).body(Map.of("name", "api.empty", "data", " ")).post(SCRIPTS).then().statusCode(400)
                .body("field", equalTo("data"));
        given().contentType(ContentType.JSON).body(Map.of("name", "api.x", "data", PRICE, "owner", "me")).post(SCRIPTS).then().statusCode(400)
                .body("field", equalTo("owner"));
        given().contentType(ContentType.JSON).body(Map.of("name", "api.x", "data", PRICE, "start", "2026-02-01T00:00:00Z",
                "end", "2026-01-01T00:00:00Z")).post(SCRIPTS).then().statusCode(400).body("field", equalTo("end"));
        given().get(SCRIPTS + "/not-a-uuid").then().statusCode(404).body("message", equalTo("No such script: not-a-uuid")); // as CloudKitty
        given().get(SCRIPTS + "?no_data=maybe").then().statusCode(400).body("field", equalTo("no_data"));
    }

    @Test
    void aDryRunPricesTheFrameAndShowsWhatTheScriptPrinted() {
        String id = PyscriptApi.create("api.dry", PRICE + "print('priced', len(data['usage']['vcpu']), 'points')\n");
        given().contentType(ContentType.JSON).body(FRAME).post(SCRIPTS + "/" + id + "/test").then().statusCode(200)
                .body("dataframe.usage.vcpu[0].rating.price", equalTo("1"))
                .body("printed[0].output", equalTo("priced 1 points\n"));
        String failing = PyscriptApi.create("api.fails", "print('about to fail')\nraise ValueError('no price for you')\n");
        given().contentType(ContentType.JSON).body(FRAME).post(SCRIPTS + "/" + failing + "/test").then().statusCode(422)
                .body("script", equalTo("api.fails")).body("kind", equalTo("error")).body("message", containsString("no price for you"))
                .body("printed[0].output", equalTo("about to fail\n"));
        given().contentType(ContentType.JSON).body("{\"period\": {}}").post(SCRIPTS + "/" + id + "/test").then().statusCode(400)
                .body("field", containsString("period"));
    }

    @Test
    void datesAndOrderAreKept() {
        String id = PyscriptApi.create(Map.of("name", "api.dated", "data", PRICE, "order", 5, "start", "2026-01-01T00:00:00Z"));
        given().get(SCRIPTS + "/" + id).then().body("order", equalTo(5)).body("start", equalTo("2026-01-01T00:00:00Z")).body("end", nullValue());
    }
}
