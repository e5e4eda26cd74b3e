package io.ratekit.processor.hashmap;

import io.quarkus.test.security.TestSecurity;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;

import static io.ratekit.processor.hashmap.HashmapApi.BASE;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

/** Hashmap mappings and thresholds: CloudKitty's shapes and filters, validation, conflicts, dated price changes. */
@QuarkusTest
@TestSecurity(user = "olga", roles = "rating-admin") // an operator; the roles themselves are tested in *SecurityTest
class HashmapRuleResourceTest {

    @Test
    void aFieldMappingIsReturnedInCloudKittysShapeWithTheCostAt28Decimals() {
        String service = HashmapApi.service("rule-shape");
        String field = HashmapApi.field(service, "flavor");
        String id = HashmapApi.mapping(Map.of("field_id", field, "value", "m1.small", "cost", "0.5", "type", "rate"));
        given().get(BASE + "/mappings/" + id).then().statusCode(200)
                .body("mapping_id", equalTo(id))
                .body("value", equalTo("m1.small"))
                .body("type", equalTo("rate"))
                .body("cost", equalTo("0.5000000000000000000000000000"))
                .body("field_id", equalTo(field))
                .body("service_id", nullValue())
                .body("group_id", nullValue())
                .body("tenant_id", nullValue());
    }

    @Test
    void listsFilterByServiceFieldGroupAndTenant() {
        String service = HashmapApi.service("rule-filter");
        String field = HashmapApi.field(service, "os");
        String group = HashmapApi.group("rule-filter-g");
        String global = HashmapApi.mapping(Map.of("service_id", service, "cost", "1"));
        String tenant = HashmapApi.mapping(Map.of("service_id", service, "cost", "2", "tenant_id", "t-1", "group_id", group));
        String onField = HashmapApi.mapping(Map.of("field_id", field, "value", "linux", "cost", "3"));
        given().get(BASE + "/mappings?service_id=" + service).then().statusCode(200).body("mappings.mapping_id", contains(global, tenant));
        given().get(BASE + "/mappings?field_id=" + field).then().statusCode(200).body("mappings.mapping_id", contains(onField));
        given().get(BASE + "/mappings?service_id=" + service + "&group_id=" + group).then().statusCode(200).body("mappings.mapping_id", contains(tenant));
        given().get(BASE + "/mappings?service_id=" + service + "&no_group=true").then().statusCode(200).body("mappings.mapping_id", contains(global));
        given().get(BASE + "/mappings?service_id=" + service + "&tenant_id=t-1").then().statusCode(200)
                .body("mappings.mapping_id", containsInAnyOrder(global, tenant)); // tenant_id alone is ignored, as in CloudKitty
        given().get(BASE + "/mappings?service_id=" + service + "&tenant_id=t-1&filter_tenant=true").then().statusCode(200)
                .body("mappings.mapping_id", contains(tenant));
    }

    @Test
    void refusesInvalidMappingsNamingTheField() {
        String service = HashmapApi.service("rule-bad");
        String field = HashmapApi.field(service, "flavor");
        Map<String, Map<String, Object>> cases = Map.of(
                "cost", Map.of("service_id", service),
                "type", Map.of("service_id", service, "cost", "1", "type", "percent"),
                "service_id", Map.of("service_id", service, "field_id", field, "cost", "1"),
                "value", Map.of("field_id", field, "cost", "1"),
                "group_id", Map.of("service_id", service, "cost", "1", "group_id", "6f1b2e9c-0000-4000-8000-000000000000"),
                "field_id", Map.of("field_id", "nope", "value", "x", "cost", "1"),
                "end", Map.of("service_id", service, "cost", "1", "start", "2026-12-01T00:00:00Z", "end", "2026-11-01T00:00:00Z"));
        cases.forEach((fieldName, body) -> given().contentType(ContentType.JSON).body(body).post(BASE + "/mappings")
                .then().statusCode(400).body("field", equalTo(fieldName)));
        given().contentType(ContentType.JSON).body(Map.of("service_id", service, "cost", "1234567890123.5")).post(BASE + "/mappings")
                .then().statusCode(400).body("field", equalTo("cost"));
        given().contentType(ContentType.JSON).body(Map.of("service_id", service, "cost", "abc")).post(BASE + "/mappings")
                .then().statusCode(400).body("field", equalTo("cost"));
    }

    @Test
    void duplicateValuesConflictAsCloudKittysUniqueKeys() {
        // (value, field, tenant) and (level, parent, tenant); a NULL tenant never collides (HashmapNamesAndGroupsTest has more)
        String service = HashmapApi.service("rule-conflict");
        String field = HashmapApi.field(service, "flavor");
        HashmapApi.mapping(Map.of("field_id", field, "value", "m1", "cost", "1"));
        HashmapApi.mapping(Map.of("field_id", field, "value", "m1", "cost", "2")); // for all tenants: accepted, the last applies
        HashmapApi.mapping(Map.of("field_id", field, "value", "m1", "cost", "2", "tenant_id", "t-1"));
        given().contentType(ContentType.JSON).body(Map.of("field_id", field, "value", "m1", "cost", "3", "tenant_id", "t-1")).post(BASE + "/mappings")
                .then().statusCode(409);
        HashmapApi.mapping(Map.of("service_id", service, "cost", "1", "tenant_id", "t-1"));
        HashmapApi.mapping(Map.of("service_id", service, "cost", "1", "tenant_id", "t-1")); // service mappings never collide
        HashmapApi.threshold(Map.of("service_id", service, "level", "10", "cost", "1", "tenant_id", "t-1"));
        given().contentType(ContentType.JSON).body(Map.of("service_id", service, "level", "10.00000000", "cost", "5", "tenant_id", "t-1"))
                .post(BASE + "/thresholds").then().statusCode(409);
    }

    @Test
    void anUndatedRuleIsEditedAsInCloudKitty() {
        String service = HashmapApi.service("rule-edit");
        String id = HashmapApi.mapping(Map.of("service_id", service, "cost", "1"));
        Map<String, Object> full = new HashMap<>(given().get(BASE + "/mappings/" + id).then().extract().jsonPath().getMap("$"));
        full.put("cost", "1.25");
        given().contentType(ContentType.JSON).body(full).put(BASE + "/mappings/" + id).then().statusCode(302);
        given().get(BASE + "/mappings/" + id).then().statusCode(200).body("cost", equalTo("1.2500000000000000000000000000"));
        given().contentType(ContentType.JSON).body(Map.of("type", "rate")).put(BASE + "/mappings/" + id).then().statusCode(302);
        given().get(BASE + "/mappings/" + id).then().statusCode(200).body("type", equalTo("rate"));
        given().contentType(ContentType.JSON).body(Map.of("cost", "1")).put(BASE + "/mappings/6f1b2e9c-0000-4000-8000-000000000000").then().statusCode(404);
    }

    @Test
    void aStartedDatedPriceCannotChangeItIsEndedAndReplaced() {
        String service = HashmapApi.service("rule-dated");
        Instant start = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(3600);
        Instant switchAt = start.plusSeconds(7 * 24 * 3600);
        String old = HashmapApi.mapping(Map.of("service_id", service, "cost", "1", "start", start.toString()));
        given().contentType(ContentType.JSON).body(Map.of("cost", "2")).put(BASE + "/mappings/" + old).then().statusCode(409);
        given().contentType(ContentType.JSON).body(Map.of("end", switchAt.toString())).put(BASE + "/mappings/" + old).then().statusCode(302);
        given().get(BASE + "/mappings/" + old).then().statusCode(200).body("end", equalTo(switchAt.toString()));
        String next = HashmapApi.mapping(Map.of("service_id", service, "cost", "2", "start", switchAt.toString()));
        given().get(BASE + "/mappings/" + next).then().statusCode(200).body("start", equalTo(switchAt.toString())).body("end", nullValue());
    }

    @Test
    void thresholdsKeepTheirLevelAtEightDecimals() {
        String service = HashmapApi.service("rule-thr");
        String id = HashmapApi.threshold(Map.of("service_id", service, "level", "16", "cost", "0.9", "type", "rate"));
        given().get(BASE + "/thresholds/" + id).then().statusCode(200)
                .body("level", equalTo("16.00000000")).body("type", equalTo("rate")).body("service_id", equalTo(service));
        given().contentType(ContentType.JSON).body(Map.of("service_id", service, "cost", "1")).post(BASE + "/thresholds")
                .then().statusCode(400).body("field", equalTo("level"));
        given().contentType(ContentType.JSON).body(Map.of("service_id", service, "level", "0.123456789", "cost", "1")).post(BASE + "/thresholds")
                .then().statusCode(400).body("field", equalTo("level"));
        given().delete(BASE + "/thresholds/" + id).then().statusCode(204);
        given().delete(BASE + "/thresholds/" + id).then().statusCode(404);
    }
}
