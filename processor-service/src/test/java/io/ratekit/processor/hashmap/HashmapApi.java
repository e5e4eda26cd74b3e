package io.ratekit.processor.hashmap;

import io.restassured.http.ContentType;

import java.util.Map;

import static io.restassured.RestAssured.given;

/** Test shortcuts for building rules through the API itself. */
final class HashmapApi {

    static final String BASE = "/v1/rating/module_config/hashmap";

    private HashmapApi() {
    }

    /** Creates through the API; the 201 names the new resource in {@code Location}, as CloudKitty's. */
    static String create(String what, Map<String, ?> body, String idKey) {
        var created = given().contentType(ContentType.JSON).body(body).post(BASE + "/" + what).then().statusCode(201).extract();
        String id = created.path(idKey);
        org.assertj.core.api.Assertions.assertThat(created.header("Location")).endsWith(BASE + "/" + what + "/" + id);
        return id;
    }

    static String service(String name) {
        return create("services", Map.of("name", name), "service_id");
    }

    static String field(String serviceId, String name) {
        return create("fields", Map.of("service_id", serviceId, "name", name), "field_id");
    }

    static String group(String name) {
        return create("groups", Map.of("name", name), "group_id");
    }

    static String mapping(Map<String, ?> body) {
        return create("mappings", body, "mapping_id");
    }

    static String threshold(Map<String, ?> body) {
        return create("thresholds", body, "threshold_id");
    }
}
