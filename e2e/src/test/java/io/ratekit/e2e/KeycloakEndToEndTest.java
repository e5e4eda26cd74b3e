package io.ratekit.e2e;

import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/**
 * The three packaged services in production mode behind a real Keycloak (realm imported from
 * {@code deploy/keycloak/ratekit-realm.json}, users log in with the password grant): a tenant sees
 * its own summary and gets 403 on another tenant's, a rule author creates a mapping, an operator
 * triggers reprocessing.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KeycloakEndToEndTest {

    private static final Instant HOUR = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(4));
    private static KeycloakServer keycloak;
    private static RatekitCluster cluster;

    @BeforeAll
    static void start() throws Exception {
        Path root = Path.of(System.getProperty("ratekit.root", "..")).toAbsolutePath().normalize();
        Path home = Path.of(System.getProperty("keycloak.home", root.resolve("e2e/target/keycloak").toString()));
        keycloak = KeycloakServer.start(root, home, root.resolve("e2e/target/ratekit-e2e-keycloak-logs"), Duration.ofMinutes(4));
        cluster = new RatekitCluster(root, "ratekit-e2e-keycloak", Map.of(
                "QUARKUS_PROFILE", "prod",
                "OIDC_URL", keycloak.realmUrl(),
                "COLLECTOR_WAIT_PERIODS", "1",
                "COLLECTOR_TICK", "1s"));
        cluster.start();
    }

    @AfterAll
    static void stop() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
        if (keycloak != null) {
            keycloak.close();
        }
    }

    private static RequestSpecification as(String user) throws Exception {
        return given().auth().oauth2(keycloak.token(user, user + "-example-password")).contentType(ContentType.JSON);
    }

    private static String frame(String scope, String price) {
        return "{\"period\": {\"begin\": \"" + HOUR + "\", \"end\": \"" + HOUR.plus(Duration.ofHours(1)) + "\"},"
                + " \"usage\": {\"vcpu\": [{\"vol\": {\"unit\": \"vcpu\", \"qty\": 2}, \"rating\": {\"price\": " + price + "},"
                + " \"groupby\": {\"project_id\": \"" + scope + "\"}, \"metadata\": {}}]}}";
    }

    @Test
    @Order(1)
    void aTenantSeesItsOwnSummaryAndGets403OnAnotherTenants() throws Exception {
        String summary = cluster.storage.url() + "/v2/summary";
        given().get(summary).then().statusCode(401);
        as("olga").body("{\"dataframes\": [" + frame("acme", "1.25") + ", " + frame("globex", "7") + ", " + frame("initech", "40") + "]}")
                .post(cluster.storage.url() + "/v2/dataframes").then().statusCode(204);

        as("tina").queryParam("groupby", "project_id").queryParam("begin", HOUR.toString()).get(summary).then().statusCode(200)
                .body("total", equalTo(1)).body("results[0][4]", equalTo("acme")).body("results[0][3]", equalTo(1.25f));
        as("tina").queryParam("filters", "project_id:globex").queryParam("begin", HOUR.toString()).get(summary).then().statusCode(403)
                .body("message", containsString("globex"));
        // an MSP customer with two sub-tenants in its token
        as("max").queryParam("groupby", "project_id").queryParam("begin", HOUR.toString()).get(summary).then().statusCode(200)
                .body("total", equalTo(2)).body("results.collect { it[4] }.sort()", equalTo(List.of("acme", "globex")));
        as("tina").body("{\"dataframes\": [" + frame("acme", "0") + "]}").post(cluster.storage.url() + "/v2/dataframes").then().statusCode(403);
    }

    @Test
    @Order(2)
    void aRulesAuthorCreatesAMappingButCannotTouchScopes() throws Exception {
        String hashmap = cluster.processor.url() + "/v1/rating/module_config/hashmap";
        String serviceId = as("rudi").body("{\"name\": \"kc.vcpu\"}").post(hashmap + "/services").then().statusCode(201)
                .extract().path("service_id");
        as("rudi").body("{\"service_id\": \"" + serviceId + "\", \"type\": \"flat\", \"cost\": \"0.0125\"}")
                .post(hashmap + "/mappings").then().statusCode(201).body("cost", containsString("0.0125"));
        as("rudi").get(cluster.collector.url() + "/v2/scope").then().statusCode(403);
        as("tina").body("{\"name\": \"kc.tenant\"}").post(hashmap + "/services").then().statusCode(403);
    }

    @Test
    @Order(3)
    void anOperatorTriggersReprocessing() throws Exception {
        String events = "[{\"scope_id\": \"acme\", \"resource_id\": \"vm-1\", \"resource_type\": \"instance\", \"action\": \"create\","
                + " \"timestamp\": \"" + HOUR.plus(Duration.ofMinutes(10)) + "\"}]";
        as("olga").body(events).post(cluster.collector.url() + "/v1/events").then().statusCode(202);
        Instant end = HOUR.plus(Duration.ofHours(1));
        RequestSpecification olga = as("olga");
        Observations.await(Duration.ofMinutes(2), () -> {
            String processed = olga.get(cluster.collector.url() + "/v2/scope?scope_id=acme").then()
                    .extract().path("results[0].last_processed_timestamp");
            return processed != null && !processed.isEmpty() && !Instant.parse(processed).isBefore(end);
        }, () -> "acme not collected past " + end);
        String request = "{\"scope_ids\": [\"acme\"], \"start_reprocess_time\": \"" + HOUR + "\", \"end_reprocess_time\": \"" + HOUR
                + "\", \"reason\": \"price fix\"}";
        as("tina").body(request).post(cluster.collector.url() + "/v2/task/reprocesses").then().statusCode(403);
        as("rudi").body(request).post(cluster.collector.url() + "/v2/task/reprocesses").then().statusCode(403);
        as("olga").body(request).post(cluster.collector.url() + "/v2/task/reprocesses").then().statusCode(202);
        as("olga").get(cluster.collector.url() + "/v2/task/reprocesses/acme").then().statusCode(200)
                .body("results[0].reason", equalTo("price fix"));
    }
}
