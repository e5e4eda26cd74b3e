package io.ratekit.e2e;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.GetResponse;
import io.ratekit.frames.AmqpNames;
import io.ratekit.testing.LocalServices;
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
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/**
 * The three packaged services as separate processes, against the real RabbitMQ and PostgreSQL:
 * events in, exact summary out; a processor killed mid-stream; bad input on both doors.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PipelineEndToEndTest {

    private static final LocalDate DAY = LocalDate.now(ZoneOffset.UTC).minusDays(1);
    private static RatekitCluster cluster;
    private static Observations observe;

    @BeforeAll
    static void startServices() throws Exception {
        Path root = Path.of(System.getProperty("ratekit.root", "..")).toAbsolutePath().normalize();
        cluster = new RatekitCluster(root, "ratekit-e2e", Map.of(
                "COLLECTOR_WAIT_PERIODS", "1",
                "COLLECTOR_TICK", "1s"));
        cluster.start();
        observe = new Observations(cluster);
    }

    @AfterAll
    static void stopServices() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    private static String at(String time) {
        return DAY + "T" + time + ":00Z";
    }

    private static Map<String, Object> event(String scope, String resource, String type, String action, String timestamp, Map<String, Object> attributes) {
        Map<String, Object> e = new HashMap<>();
        e.put("scope_id", scope);
        e.put("resource_id", resource);
        e.put("resource_type", type);
        e.put("action", action);
        e.put("timestamp", timestamp);
        if (attributes != null) {
            e.put("attributes", attributes);
        }
        return e;
    }

    @Test
    @Order(1)
    void eventsForTwoScopesGiveTheExactSummary() throws Exception {
        // a price for vCPU-hours, through the processor's CloudKitty hashmap API
        String hashmap = cluster.processor.url() + "/v1/rating/module_config/hashmap";
        String vcpu = given().contentType(ContentType.JSON).body(Map.of("name", "vcpu")).post(hashmap + "/services")
                .then().statusCode(201).extract().path("service_id");
        String vcpuPrice = given().contentType(ContentType.JSON).body(Map.of("service_id", vcpu, "cost", "0.0125")).post(hashmap + "/mappings")
                .then().statusCode(201).extract().path("mapping_id");
        given().contentType(ContentType.JSON).body(Map.of("enabled", true)).put(cluster.processor.url() + "/v1/rating/modules/hashmap")
                .then().statusCode(302); // CloudKitty's answer to a module update

        List<Map<String, Object>> events = List.of(
                // tenant-a: a VM created at 02:00, resized at 10:30, deleted at 20:45; a volume all day
                event("tenant-a", "vm-a1", "instance", "create", at("02:00"), Map.of("vcpus", 2, "ram_mb", 4096, "disk_gb", 40, "flavor", "m1.medium")),
                event("tenant-a", "vm-a1", "instance", "update", at("10:30"), Map.of("vcpus", 4, "ram_mb", 8192, "flavor", "m1.large")),
                event("tenant-a", "vm-a1", "instance", "delete", at("20:45"), null),
                event("tenant-a", "vol-a1", "volume", "create", at("00:00"), Map.of("size_gb", 100, "volume_type", "ssd")));
        given().contentType(ContentType.JSON).body(events).post(cluster.collector.url() + "/v1/events")
                .then().statusCode(202).body("accepted", equalTo(4)).body("duplicates", equalTo(0));
        // tenant-b, as CloudEvents, in one request (a scope's events posted after its periods are collected would be late):
        // a VM alive since the day before, another one for half an hour
        String cloudEvents = """
                [{"specversion":"1.0","id":"b1-create","source":"/vcenter/vc1","type":"io.ratekit.resource.create","subject":"vm-b1",
                  "time":"%s","data":{"scope_id":"tenant-b","resource_type":"instance","attributes":{"vcpus":1,"ram_mb":2048}}},
                 {"specversion":"1.0","id":"b2-create","source":"/vcenter/vc1","type":"io.ratekit.resource.create","subject":"vm-b2",
                  "time":"%s","datacontenttype":"application/json",
                  "data":{"scope_id":"tenant-b","resource_type":"instance","attributes":{"vcpus":2,"ram_mb":1024}}},
                 {"specversion":"1.0","id":"b2-delete","source":"/vcenter/vc1","type":"io.ratekit.resource.delete","subject":"vm-b2",
                  "time":"%s","data":{"scope_id":"tenant-b","resource_type":"instance"}}]
                """.formatted(DAY.minusDays(1) + "T22:00:00Z", at("06:15"), at("06:45"));
        given().contentType("application/cloudevents-batch+json").body(cloudEvents).post(cluster.collector.url() + "/v1/events")
                .then().statusCode(202).body("accepted", equalTo(3)).body("late", equalTo(0));

        observe.awaitPipelineDrained(Duration.ofMinutes(3));

        // computed by hand, in hours of the day
        Map<String, BigDecimal> expected = new HashMap<>();
        expected.put("tenant-a/instance", dec("18.75"));                        // 02:00 -> 20:45
        expected.put("tenant-a/vcpu", dec("2").multiply(dec("8.5")).add(dec("4").multiply(dec("10.25"))));          // 17 + 41
        expected.put("tenant-a/ram_mb", dec("4096").multiply(dec("8.5")).add(dec("8192").multiply(dec("10.25")))); // 34816 + 83968
        expected.put("tenant-a/disk_gb", dec("40").multiply(dec("18.75")));     // disk kept through the resize
        expected.put("tenant-a/volume", dec("24"));
        expected.put("tenant-a/volume.size", dec("100").multiply(dec("24")));
        expected.put("tenant-b/instance", dec("24").add(dec("0.5")));
        expected.put("tenant-b/vcpu", dec("24").add(dec("2").multiply(dec("0.5"))));
        expected.put("tenant-b/ram_mb", dec("2048").multiply(dec("24")).add(dec("1024").multiply(dec("0.5"))));

        assertThat(summaryByScopeAndType()).isEqualTo(normalise(expected));
        Map<String, BigDecimal> prices = summaryField(at("00:00"), DAY.plusDays(1) + "T00:00:00Z", "tenant-a,tenant-b", "rate");
        assertThat(prices.get("tenant-a/vcpu")).isEqualByComparingTo(expected.get("tenant-a/vcpu").multiply(dec("0.0125")));  // 0.725
        assertThat(prices.get("tenant-b/vcpu")).isEqualByComparingTo(expected.get("tenant-b/vcpu").multiply(dec("0.0125")));  // 0.3125
        assertThat(prices.get("tenant-a/ram_mb")).isEqualByComparingTo("0"); // no rule for RAM

        // every priced point says which rule priced it
        List<List<String>> rules = given().queryParam("begin", at("00:00")).queryParam("end", DAY.plusDays(1) + "T00:00:00Z")
                .queryParam("filters", "project_id:tenant-a").queryParam("filters", "type:vcpu").queryParam("limit", 1000)
                .get(cluster.storage.url() + "/v1/rating/explain").then().statusCode(200).extract().path("points.rules");
        assertThat(rules).isNotEmpty().allSatisfy(r -> assertThat(r).singleElement().asString().matches("hashmap@\\d+/mapping/" + vcpuPrice));
    }

    @Test
    @Order(2)
    void lateEventsAreKeptReportedAndChangeNothingStored() throws Exception {
        Map<String, BigDecimal> before = summaryByScopeAndType();
        given().contentType(ContentType.JSON)
                .body(event("tenant-a", "vm-a2", "instance", "create", at("12:00"), Map.of("vcpus", 8)))
                .post(cluster.collector.url() + "/v1/events")
                .then().statusCode(202).body("accepted", equalTo(1)).body("late", equalTo(1));
        JsonPath scopes = given().get(cluster.collector.url() + "/v2/scope?scope_id=tenant-a").then().statusCode(200).extract().jsonPath();
        assertThat(scopes.getInt("results[0].late_events")).isEqualTo(1);
        assertThat(scopes.getString("results[0].last_late_event_at")).isEqualTo(at("12:00"));
        double ticks = observe.metric(cluster.collector, "ratekit_collector_ticks_total");
        Observations.await(Duration.ofSeconds(30), () -> observe.metric(cluster.collector, "ratekit_collector_ticks_total") >= ticks + 2,
                () -> "the collector did not tick twice");
        assertThat(summaryByScopeAndType()).isEqualTo(before);
    }

    @Test
    @Order(3)
    void malformedEventsAre400NamingTheFieldAndStoreNothing() {
        Map<String, BigDecimal> before = summaryByScopeAndType();
        given().contentType(ContentType.JSON)
                .body(List.of(event("tenant-a", "vm-x", "instance", "create", at("03:00"), Map.of("vcpus", 1)),
                        event("tenant-a", "vm-y", "instance", "create", at("03:00"), Map.of("vcpus", "lots"))))
                .post(cluster.collector.url() + "/v1/events")
                .then().statusCode(400).body("field", equalTo("[1].attributes.vcpus"));
        given().contentType(ContentType.JSON).body("{\"scope_id\":\"tenant-a\"")
                .post(cluster.collector.url() + "/v1/events")
                .then().statusCode(400).body("field", equalTo("$")).body("message", containsString("not valid JSON"));
        assertThat(observe.longQuery("SELECT count(*) FROM collector.resource_event WHERE resource_id IN ('vm-x', 'vm-y')")).isZero();
        assertThat(summaryByScopeAndType()).isEqualTo(before);
    }

    @Test
    @Order(4)
    void invalidFramesAreDeadLetteredWithTheirReasonAndTheProcessorGoesOn() throws Exception {
        long storedBefore = observe.framesStored();
        try (Connection amqp = amqp(); Channel channel = amqp.createChannel()) {
            channel.confirmSelect();
            String badQty = validFrame("bad-1").replace("\"qty\":\"1\"", "\"qty\":\"1,5\"");
            publish(channel, AmqpNames.USAGE_EXCHANGE, badQty);
            publish(channel, AmqpNames.RATED_EXCHANGE, "{\"frame_id\": ");
            publish(channel, AmqpNames.USAGE_EXCHANGE, validFrame("good-1"));
            channel.waitForConfirmsOrDie(10_000);

            GetResponse processorDead = awaitMessage(channel, AmqpNames.PROCESSOR_DEAD_LETTER_QUEUE);
            assertThat(new String(processorDead.getBody(), StandardCharsets.UTF_8)).isEqualTo(badQty);
            assertThat(header(processorDead, AmqpNames.FAILURE_REASON_HEADER)).contains("usage.instance[0].vol.qty");
            assertThat(header(processorDead, AmqpNames.FAILED_BY_HEADER)).isEqualTo("processor");

            GetResponse storageDead = awaitMessage(channel, AmqpNames.STORAGE_DEAD_LETTER_QUEUE);
            assertThat(header(storageDead, AmqpNames.FAILURE_REASON_HEADER)).contains("not valid JSON");
        }
        Observations.await(Duration.ofSeconds(30), () -> observe.framesStored() == storedBefore + 1,
                () -> "stored=" + observe.framesStored());
        assertThat(observe.longQuery("SELECT count(*) FROM storage.rated_point WHERE scope_id = 'tenant-dl'")).isEqualTo(1);
    }

    @Test
    @Order(5)
    void killingTheProcessorMidStreamLosesAndDuplicatesNothing() throws Exception {
        // 40 VMs in two scopes for two weeks: hundreds of frames flowing while the processor dies
        List<Map<String, Object>> events = new ArrayList<>();
        String start = DAY.minusDays(14) + "T00:00:00Z";
        for (String scope : List.of("tenant-k1", "tenant-k2")) {
            for (int i = 0; i < 20; i++) {
                events.add(event(scope, "vm-" + i, "instance", "create", start, Map.of("vcpus", 2, "ram_mb", 2048)));
            }
        }
        long publishedBefore = observe.framesPublished();
        given().contentType(ContentType.JSON).body(events).post(cluster.collector.url() + "/v1/events").then().statusCode(202);

        Observations.await(Duration.ofSeconds(60), () -> observe.framesStored() >= 5 + observe.longQuery(
                "SELECT count(*) FROM storage.stored_frame WHERE scope_id NOT LIKE 'tenant-k%'"), () -> "stored=" + observe.framesStored());
        cluster.processor.kill();
        long storedAtKill = observe.framesStored();
        long publishedAtKill = observe.framesPublished();
        // the collector keeps publishing into the queue meanwhile (unless it had already published everything)
        Observations.await(Duration.ofSeconds(60), () -> observe.framesPublished() >= publishedAtKill + 5 || observe.collectorCaughtUp(),
                () -> "the collector published no more frames while the processor was down");
        cluster.processor.start();
        cluster.processor.awaitReady(Duration.ofSeconds(90));
        observe.awaitPipelineDrained(Duration.ofMinutes(4));

        long published = observe.framesPublished() - publishedBefore;
        long stored = observe.longQuery("SELECT count(*) FROM storage.stored_frame WHERE scope_id LIKE 'tenant-k%'");
        assertThat(storedAtKill).as("the processor died while frames were still flowing").isLessThan(observe.framesStored());
        assertThat(stored).as("every published frame stored once").isEqualTo(published);
        assertThat(observe.longQuery("SELECT count(*) FROM (SELECT 1 FROM storage.rated_point WHERE scope_id LIKE 'tenant-k%'"
                + " GROUP BY scope_id, period_begin, type, groupby->>'id' HAVING count(*) > 1) d")).as("duplicated points").isZero();
        long hours = Duration.between(Instant.parse(start), Instant.parse(DAY.plusDays(1) + "T00:00:00Z")).toHours();
        Map<String, BigDecimal> summary = summary(start, DAY.plusDays(1) + "T00:00:00Z", "tenant-k1");
        assertThat(summary.get("tenant-k1/instance")).isEqualByComparingTo(BigDecimal.valueOf(20 * hours));
        assertThat(summary.get("tenant-k1/vcpu")).isEqualByComparingTo(BigDecimal.valueOf(40 * hours));
    }

    // ------------------------------------------------------------------ helpers

    private static BigDecimal dec(String s) {
        return new BigDecimal(s);
    }

    private static Map<String, BigDecimal> summaryByScopeAndType() {
        return summary(at("00:00"), DAY.plusDays(1) + "T00:00:00Z", "tenant-a,tenant-b");
    }

    /** {scope/type -> qty} from GET /v2/summary?groupby=project_id,type. */
    private static Map<String, BigDecimal> summary(String begin, String end, String scopes) {
        return summaryField(begin, end, scopes, "qty");
    }

    /** {scope/type -> column} from GET /v2/summary?groupby=project_id,type. */
    private static Map<String, BigDecimal> summaryField(String begin, String end, String scopes, String column) {
        JsonPath json = given().queryParam("begin", begin).queryParam("end", end)
                .queryParam("groupby", "project_id,type").queryParam("filters", "project_id:" + scopes.replace(",", ",project_id:"))
                .queryParam("limit", 1000).queryParam("response_format", "object")
                .get(cluster.storage.url() + "/v2/summary").then().statusCode(200).extract().body()
                // numbers as BigDecimal: a float would hide exactly the errors this test is about
                .jsonPath(JsonPathConfig.jsonPathConfig().numberReturnType(JsonPathConfig.NumberReturnType.BIG_DECIMAL));
        Map<String, BigDecimal> result = new HashMap<>();
        List<Map<String, Object>> rows = json.getList("results");
        for (Map<String, Object> row : rows) {
            result.put(row.get("project_id") + "/" + row.get("type"), new BigDecimal(row.get(column).toString()));
        }
        return normalise(result);
    }

    /** Same values, same scale, so that maps compare by value: 58.00 and 58 are the same quantity. */
    private static Map<String, BigDecimal> normalise(Map<String, BigDecimal> map) {
        Map<String, BigDecimal> out = new HashMap<>();
        map.forEach((k, v) -> out.put(k, new BigDecimal(v.stripTrailingZeros().toPlainString())));
        return out;
    }

    private static String validFrame(String id) {
        return "{\"frame_id\":\"" + id + "\",\"scope_id\":\"tenant-dl\",\"source\":\"test\",\"schema_version\":1,\"reprocess\":false,"
                + "\"period\":{\"begin\":\"" + at("05:00") + "\",\"end\":\"" + at("06:00") + "\"},"
                + "\"usage\":{\"instance\":[{\"vol\":{\"unit\":\"instance\",\"qty\":\"1\"},\"groupby\":{\"id\":\"vm-dl\"}}]}}";
    }

    private static Connection amqp() throws Exception {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setHost(LocalServices.RABBITMQ_HOST);
        factory.setPort(LocalServices.RABBITMQ_PORT);
        factory.setVirtualHost(cluster.vhost());
        return factory.newConnection();
    }

    private static void publish(Channel channel, String exchange, String body) throws Exception {
        channel.basicPublish(exchange, "frame.test.tenant-dl", true,
                new AMQP.BasicProperties.Builder().contentType(AmqpNames.CONTENT_TYPE).deliveryMode(2).build(),
                body.getBytes(StandardCharsets.UTF_8));
    }

    private static GetResponse awaitMessage(Channel channel, String queue) throws Exception {
        GetResponse[] got = new GetResponse[1];
        Observations.await(Duration.ofSeconds(30), () -> {
            try {
                got[0] = channel.basicGet(queue, true);
                return got[0] != null;
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
        }, () -> "nothing in " + queue);
        return got[0];
    }

    private static String header(GetResponse message, String name) {
        Object value = message.getProps().getHeaders().get(name);
        return value == null ? null : value.toString();
    }
}
