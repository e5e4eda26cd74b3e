package io.ratekit.processor.hashmap;

import io.quarkus.test.security.TestSecurity;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.ratekit.processor.hashmap.HashmapApi.BASE;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;

/** Hashmap fields and groups, with a group's mappings and thresholds and recursive deletion. */
@QuarkusTest
@TestSecurity(user = "olga", roles = "rating-admin") // an operator; the roles themselves are tested in *SecurityTest
class HashmapFieldAndGroupResourceTest {

    @Test
    void fieldsBelongToAServiceAndAreUniqueInIt() {
        String service = HashmapApi.service("fg-svc");
        String field = HashmapApi.field(service, "flavor");
        given().get(BASE + "/fields?service_id=" + service).then().statusCode(200)
                .body("fields.name", contains("flavor")).body("fields[0].service_id", equalTo(service));
        given().get(BASE + "/fields/" + field).then().statusCode(200).body("name", equalTo("flavor"));
        given().contentType(ContentType.JSON).body(Map.of("service_id", service, "name", "flavor")).post(BASE + "/fields").then().statusCode(409);
        given().contentType(ContentType.JSON).body(Map.of("name", "os")).post(BASE + "/fields").then().statusCode(400).body("field", equalTo("service_id"));
        given().contentType(ContentType.JSON).body(Map.of("service_id", "6f1b2e9c-0000-4000-8000-000000000000", "name", "os"))
                .post(BASE + "/fields").then().statusCode(400).body("field", equalTo("service_id"));
        given().get(BASE + "/fields").then().statusCode(400).body("field", equalTo("service_id"));
        given().delete(BASE + "/fields/" + field).then().statusCode(204);
        given().get(BASE + "/fields?service_id=" + service).then().statusCode(200).body("fields", empty());
    }

    @Test
    void aGroupListsItsRulesAndDeletesThemOnlyWhenRecursive() {
        String service = HashmapApi.service("fg-grp-svc");
        String keep = HashmapApi.group("fg-keep");
        String drop = HashmapApi.group("fg-drop");
        String kept = HashmapApi.mapping(Map.of("service_id", service, "cost", "1", "group_id", keep));
        String dropped = HashmapApi.threshold(Map.of("service_id", service, "level", "10", "cost", "2", "group_id", drop));
        given().get(BASE + "/groups").then().statusCode(200).body("groups.name", hasItem("fg-keep"));
        given().get(BASE + "/groups/mappings?group_id=" + keep).then().statusCode(200).body("mappings.mapping_id", contains(kept));
        given().get(BASE + "/groups/thresholds?group_id=" + drop).then().statusCode(200).body("thresholds.threshold_id", contains(dropped));
        given().get(BASE + "/mappings/" + kept + "/group").then().statusCode(200).body("name", equalTo("fg-keep"));

        given().delete(BASE + "/groups/" + keep).then().statusCode(204);
        given().get(BASE + "/mappings/" + kept).then().statusCode(200).body("group_id", nullValue());
        given().delete(BASE + "/groups/" + drop + "?recursive=true").then().statusCode(204);
        given().get(BASE + "/thresholds/" + dropped).then().statusCode(404);

        given().contentType(ContentType.JSON).body(Map.of("name", "fg-dup")).post(BASE + "/groups").then().statusCode(201);
        given().contentType(ContentType.JSON).body(Map.of("name", "fg-dup")).post(BASE + "/groups").then().statusCode(409);
        given().get(BASE + "/groups/mappings").then().statusCode(400).body("field", equalTo("group_id"));
    }
}
