package io.ratekit.e2e;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.path.json.config.JsonPathConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

/**
 * What a rule author and an operator do with the packaged services: CloudKitty's CLI manages the
 * hashmap rules and uploads a Python script to the packaged processor (which starts real script
 * workers from its quarkus-app layout); frames are priced by the hashmap, then by the script,
 * stored, and the summary shows the price computed by hand; a changed script and a reprocessing
 * request replace what storage holds; the scope state says how far each scope is collected.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ScriptsEndToEndTest {

    private static final LocalDate DAY = LocalDate.now(ZoneOffset.UTC).minusDays(1);
    private static Path root;
    private static RatekitCluster cluster;
    private static Observations observe;
    private static CloudKittyCli cli;
    private static String scriptId;

    @BeforeAll
    static void startServices() throws Exception {
        root = Path.of(System.getProperty("ratekit.root", "..")).toAbsolutePath().normalize();
        cluster = new RatekitCluster(root, "ratekit-e2e-scripts", Map.of(
                "COLLECTOR_WAIT_PERIODS", "1",
                "COLLECTOR_TICK", "1s",
                "PYSCRIPTS_WORKERS", "1"));
        cluster.start();
        observe = new Observations(cluster);
        cli = new CloudKittyCli(cluster.processor.url());
    }

    @AfterAll
    static void stopServices() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    @Order(1)
    void cloudKittysCliManagesHashmapRulesAndScriptsOfThePackagedProcessor() throws Exception {
        assertThat(cli.runScript(root.resolve("processor-service/src/test/cli/hashmap-cli.sh"))).contains("cloudkitty CLI: OK");
        assertThat(cli.runScript(root.resolve("processor-service/src/test/cli/pyscripts-cli.sh"))).contains("cloudkitty CLI pyscripts: OK");
        // the collector knows the metrics: CloudKitty's info commands against the packaged collector
        CloudKittyCli collector = new CloudKittyCli(cluster.collector.url());
        assertThat(collector.run("info", "metric", "list", "-f", "value", "-c", "Metric")).contains("vcpu").contains("ram_mb");
        assertThat(collector.run("info", "metric", "get", "vcpu", "-f", "value", "-c", "Unit")).isEqualTo("vcpu");
        assertThat(collector.run("info", "config", "get")).contains("vcpu");
    }

    @Test
    @Order(2)
    void framesArePricedByTheHashmapThenTheScriptAndStored(@org.junit.jupiter.api.io.TempDir Path tmp) throws Exception {
        String hashmap = cluster.processor.url() + "/v1/rating/module_config/hashmap";
        String vcpu = given().contentType(ContentType.JSON).body(Map.of("name", "vcpu")).post(hashmap + "/services")
                .then().statusCode(201).extract().path("service_id");
        given().contentType(ContentType.JSON).body(Map.of("service_id", vcpu, "cost", "0.0125")).post(hashmap + "/mappings")
                .then().statusCode(201);
        // the rule author's script: a Windows licence surcharge on every vCPU-hour, on top of the hashmap's price
        Path script = Files.writeString(tmp.resolve("licence.py"), surcharge("0.02"));
        scriptId = cli.run("pyscript", "create", "windows-licence", script.toString(), "-f", "value", "-c", "Script ID");
        cli.run("module", "enable", "hashmap");
        cli.run("module", "enable", "pyscripts");
        // CloudKitty runs the module of higher priority first
        cli.run("module", "set", "priority", "hashmap", "20");
        cli.run("module", "set", "priority", "pyscripts", "10");
        assertThat(cli.run("module", "list", "-f", "value", "-c", "Module", "-c", "Enabled", "-c", "Priority"))
                .contains("hashmap True 20").contains("pyscripts True 10");

        String events = """
                [{"scope_id": "acme", "resource_id": "win-1", "resource_type": "instance", "action": "create",
                  "timestamp": "%1$sT00:00:00Z", "attributes": {"vcpus": 4, "os": "windows"}},
                 {"scope_id": "acme", "resource_id": "win-1", "resource_type": "instance", "action": "delete",
                  "timestamp": "%1$sT12:00:00Z"},
                 {"scope_id": "acme", "resource_id": "lin-1", "resource_type": "instance", "action": "create",
                  "timestamp": "%1$sT00:00:00Z", "attributes": {"vcpus": 2, "os": "linux"}}]
                """.formatted(DAY);
        given().contentType(ContentType.JSON).body(events).post(cluster.collector.url() + "/v1/events")
                .then().statusCode(202).body("accepted", equalTo(3));
        observe.awaitPipelineDrained(Duration.ofMinutes(3));

        // by hand: vCPU-hours 4 x 12 (windows) + 2 x 24 (linux) = 96; hashmap 96 x 0.0125 = 1.2000;
        // script: the 48 Windows vCPU-hours x 0.02 = 0.96; together 2.1600
        Map<String, BigDecimal> day = summary();
        assertThat(day.get("vcpu/qty")).isEqualByComparingTo("96");
        assertThat(day.get("vcpu/rate")).isEqualByComparingTo("2.16");
        assertThat(day.get("instance/rate")).isEqualByComparingTo("0");
    }

    @Test
    @Order(3)
    void aChangedScriptAndAReprocessingReplaceTheStoredPrices(@org.junit.jupiter.api.io.TempDir Path tmp) throws Exception {
        JsonPath scope = given().queryParam("scope_id", "acme").get(cluster.collector.url() + "/v2/scope")
                .then().statusCode(200).extract().jsonPath();
        assertThat(scope.getString("results[0].scope_id")).isEqualTo("acme");
        assertThat(scope.getString("results[0].last_processed_timestamp")).isGreaterThanOrEqualTo(DAY.plusDays(1) + "T00:00:00Z");

        Path script = Files.writeString(tmp.resolve("licence.py"), surcharge("0.03"));
        cli.run("pyscript", "update", scriptId, "-d", script.toString());
        String request = """
                {"scope_ids": ["acme"], "start_reprocess_time": "%1$sT00:00:00Z", "end_reprocess_time": "%1$sT23:00:00Z",
                 "reason": "licence price from 0.02 to 0.03"}""".formatted(DAY);
        given().contentType(ContentType.JSON).body(request).post(cluster.collector.url() + "/v2/task/reprocesses")
                .then().statusCode(202);

        // by hand: 1.2000 + 48 x 0.03 = 2.6400, once all 24 periods are reprocessed
        Observations.await(Duration.ofMinutes(3), () -> summary().get("vcpu/rate").compareTo(new BigDecimal("2.64")) == 0,
                () -> "summary " + summary() + ", schedules " + given().get(cluster.collector.url() + "/v2/task/reprocesses/acme").asString());
        assertThat(summary().get("vcpu/qty")).as("reprocessing replaces, never adds").isEqualByComparingTo("96");
        given().get(cluster.collector.url() + "/v2/task/reprocesses/acme").then().statusCode(200)
                .body("results[0].periods_done", equalTo(24)).body("results[0].periods_total", equalTo(24));
    }

    private static String surcharge(String perVcpuHour) {
        return """
                import decimal
                for point in data['usage'].get('vcpu', []):
                    if point['metadata'].get('os') == 'windows':
                        point['rating']['price'] = point['rating']['price'] + point['vol']['qty'] * decimal.Decimal('%s')
                """.formatted(perVcpuHour);
    }

    /** {type/qty, type/rate} of acme for DAY from GET /v2/summary?groupby=type. */
    private static Map<String, BigDecimal> summary() {
        JsonPath json = given().queryParam("begin", DAY + "T00:00:00Z").queryParam("end", DAY.plusDays(1) + "T00:00:00Z")
                .queryParam("groupby", "type").queryParam("filters", "project_id:acme").queryParam("response_format", "object")
                .get(cluster.storage.url() + "/v2/summary").then().statusCode(200).extract().body()
                .jsonPath(JsonPathConfig.jsonPathConfig().numberReturnType(JsonPathConfig.NumberReturnType.BIG_DECIMAL));
        Map<String, BigDecimal> result = new java.util.HashMap<>();
        for (Map<String, Object> row : json.<Map<String, Object>>getList("results")) {
            result.put(row.get("type") + "/qty", new BigDecimal(row.get("qty").toString()));
            result.put(row.get("type") + "/rate", new BigDecimal(row.get("rate").toString()));
        }
        return result;
    }
}
