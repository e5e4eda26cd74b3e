package io.ratekit.processor.pyscripts;

import io.restassured.http.ContentType;

import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;

/** Test helpers for the pyscripts API. */
final class PyscriptApi {

    static final String SCRIPTS = "/v1/rating/module_config/pyscripts/scripts";

    private PyscriptApi() {
    }

    static String create(String name, String data) {
        return create(Map.of("name", name, "data", data));
    }

    static String create(Map<String, Object> body) {
        return given().contentType(ContentType.JSON).body(body).post(SCRIPTS).then().statusCode(201).extract().path("script_id");
    }

    static void enable(boolean enabled) {
        given().contentType(ContentType.JSON).body(Map.of("enabled", enabled)).put("/v1/rating/modules/pyscripts").then().statusCode(302);
    }

    /** Deletes every script, so that other tests' frames are not priced by scripts. */
    static void deleteAll() {
        List<String> ids = given().get(SCRIPTS + "?no_data=true").then().statusCode(200).extract().path("scripts.script_id");
        ids.forEach(id -> given().delete(SCRIPTS + "/" + id).then().statusCode(204));
    }
}
