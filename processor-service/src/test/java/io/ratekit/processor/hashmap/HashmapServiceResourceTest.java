package io.ratekit.processor.hashmap;

import io.quarkus.test.security.TestSecurity;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.ratekit.processor.hashmap.HashmapApi.BASE;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

/** Hashmap services and types: create, list (with and without the CLI's trailing slash), get, delete, errors. */
@QuarkusTest
@TestSecurity(user = "olga", roles = "rating-admin") // an operator; the roles themselves are tested in *SecurityTest
class HashmapServiceResourceTest {

    @Test
    void typesAreFlatAndRate() {
        given().get(BASE + "/types").then().statusCode(200).body("$", contains("flat", "rate"));
    }

    @Test
    void aServiceIsCreatedListedFetchedAndDeleted() {
        String id = HashmapApi.service("svc-life");
        given().get(BASE + "/services/").then().statusCode(200).body("services.name", hasItem("svc-life"));
        given().get(BASE + "/services/" + id).then().statusCode(200).body("service_id", equalTo(id)).body("name", equalTo("svc-life"));
        given().delete(BASE + "/services/" + id).then().statusCode(204);
        given().get(BASE + "/services/" + id).then().statusCode(404);
        given().get(BASE + "/services").then().statusCode(200).body("services.name", not(hasItem("svc-life")));
    }

    @Test
    void deletingAServiceDeletesItsFieldsAndRules() {
        String service = HashmapApi.service("svc-cascade");
        String field = HashmapApi.field(service, "flavor");
        String mapping = HashmapApi.mapping(Map.of("field_id", field, "value", "m1", "cost", "1"));
        given().delete(BASE + "/services/" + service).then().statusCode(204);
        given().get(BASE + "/fields/" + field).then().statusCode(404);
        given().get(BASE + "/mappings/" + mapping).then().statusCode(404);
    }

    @Test
    void refusesDuplicatesAndBadInput() {
        HashmapApi.service("svc-dup");
        given().contentType(ContentType.JSON).body(Map.of("name", "svc-dup")).post(BASE + "/services").then().statusCode(409);
        given().contentType(ContentType.JSON).body(Map.of()).post(BASE + "/services").then().statusCode(400).body("field", equalTo("name"));
        given().contentType(ContentType.JSON).body(Map.of("name", " leading space")).post(BASE + "/services").then().statusCode(400).body("field", equalTo("name"));
        given().contentType(ContentType.JSON).body(Map.of("name", "x", "colour", "red")).post(BASE + "/services").then().statusCode(400).body("field", equalTo("colour"));
        given().contentType(ContentType.JSON).body("{").post(BASE + "/services").then().statusCode(400).body("field", equalTo("$"));
        given().get(BASE + "/services/not-a-uuid").then().statusCode(404); // as CloudKitty: no such service
        given().get(BASE + "/services/6f1b2e9c-0000-4000-8000-000000000000").then().statusCode(404);
        given().delete(BASE + "/services/6f1b2e9c-0000-4000-8000-000000000000").then().statusCode(404);
    }
}
