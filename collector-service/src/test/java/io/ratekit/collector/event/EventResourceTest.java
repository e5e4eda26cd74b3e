package io.ratekit.collector.event;

import io.quarkus.test.security.TestSecurity;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.ratekit.testing.LocalServicesResource;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/** POST /v1/events: what is accepted, what is a duplicate, and what is refused with the field named. */
@QuarkusTest
@TestSecurity(user = "olga", roles = "rating-admin") // an operator; the roles themselves are tested in *SecurityTest
@QuarkusTestResource(value = LocalServicesResource.class, initArgs = @ResourceArg(name = "vhost", value = "ratekit-test-collector"))
class EventResourceTest {

    private static String vm(String scope, String resource, String action, String time, String attributes) {
        return "{\"scope_id\":\"" + scope + "\",\"resource_id\":\"" + resource + "\",\"resource_type\":\"instance\",\"action\":\""
                + action + "\",\"timestamp\":\"" + time + "\"" + (attributes == null ? "" : ",\"attributes\":" + attributes) + "}";
    }

    @Test
    void acceptsABatchAndCountsDuplicates() {
        String batch = "[" + vm("ev-1", "vm-1", "create", "2026-11-01T10:00:00Z", "{\"vcpus\":2}") + ","
                + vm("ev-1", "vm-1", "delete", "2026-11-01T12:00:00Z", null) + "]";
        given().contentType(ContentType.JSON).body(batch).post("/v1/events")
                .then().statusCode(202).body("accepted", equalTo(2)).body("duplicates", equalTo(0)).body("late", equalTo(0));
        given().contentType(ContentType.JSON).body(batch).post("/v1/events")
                .then().statusCode(202).body("accepted", equalTo(0)).body("duplicates", equalTo(2));
    }

    @Test
    void acceptsAStructuredCloudEvent() {
        given().contentType("application/cloudevents+json").body("""
                {"specversion":"1.0","id":"ce-1","source":"/test","type":"io.ratekit.resource.create","subject":"vm-ce",
                 "time":"2026-11-01T10:00:00Z","data":{"scope_id":"ev-ce","resource_type":"instance","attributes":{"vcpus":1}}}
                """).post("/v1/events").then().statusCode(202).body("accepted", equalTo(1));
    }

    @Test
    void flagsAnEventOlderThanTheNewestOfItsResourceAsOutOfOrder() {
        given().contentType(ContentType.JSON).body(vm("ev-ooo", "vm-1", "delete", "2026-11-01T12:00:00Z", null)).post("/v1/events")
                .then().statusCode(202).body("out_of_order", equalTo(0));
        given().contentType(ContentType.JSON).body(vm("ev-ooo", "vm-1", "create", "2026-11-01T10:00:00Z", null)).post("/v1/events")
                .then().statusCode(202).body("accepted", equalTo(1)).body("out_of_order", equalTo(1));
        given().get("/v2/scope?scope_id=ev-ooo").then().statusCode(200).body("results[0].out_of_order_events", equalTo(1));
    }

    @Test
    void refusesTheWholeRequestNamingTheBadField() {
        String batch = "[" + vm("ev-bad", "vm-1", "create", "2026-11-01T10:00:00Z", null) + ","
                + vm("ev-bad", "vm-2", "create", "2026-11-01T10:00:00Z", "{\"ram_mb\":\"4 GB\"}") + "]";
        given().contentType(ContentType.JSON).body(batch).post("/v1/events")
                .then().statusCode(400).body("field", equalTo("[1].attributes.ram_mb")).body("message", containsString("must be a number"));
        given().get("/v2/scope?scope_id=ev-bad").then().statusCode(404); // no scope was created

        given().contentType(ContentType.JSON).body(vm("ev-bad", "vm-1", "reboot", "2026-11-01T10:00:00Z", null)).post("/v1/events")
                .then().statusCode(400).body("field", equalTo("action"));
        given().contentType(ContentType.JSON).body("not json").post("/v1/events")
                .then().statusCode(400).body("field", equalTo("$"));
        given().contentType(ContentType.TEXT).body(vm("ev-bad", "vm-1", "create", "2026-11-01T10:00:00Z", null)).post("/v1/events")
                .then().statusCode(415);
    }
}
