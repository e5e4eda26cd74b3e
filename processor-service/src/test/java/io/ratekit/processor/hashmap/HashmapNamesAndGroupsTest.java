package io.ratekit.processor.hashmap;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import io.ratekit.frames.AmqpNames;
import io.ratekit.frames.DataPoint;
import io.ratekit.frames.Frame;
import io.ratekit.frames.FrameCodec;
import io.ratekit.frames.Period;
import io.ratekit.testing.AmqpProbe;
import io.restassured.http.ContentType;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.ratekit.processor.hashmap.HashmapApi.BASE;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.oneOf;

/**
 * What CloudKitty accepts, accepted: names in any language and with spaces, the same value or level
 * in several groups; and what CloudKitty refuses (a tenant's value twice, in any group), refused
 * with a 409 that says why. Rules imported as a document price frames as CloudKitty does.
 */
@QuarkusTest
@TestSecurity(user = "olga", roles = "rating-admin") // an operator; the roles themselves are tested in *SecurityTest
class HashmapNamesAndGroupsTest {

    @ConfigProperty(name = "rabbitmq-virtual-host")
    String vhost;

    @jakarta.inject.Inject
    io.agroal.api.AgroalDataSource dataSource;

    @Test
    void namesInAnyLanguageWithSpacesAreCreatedAndTooLongOrBlankOnesAreRefusedQuoted() {
        String service = HashmapApi.service("machine virtuelle (API)");
        given().get(BASE + "/services/" + service).then().statusCode(200).body("name", equalTo("machine virtuelle (API)"));
        String field = HashmapApi.field(service, "display name");
        HashmapApi.field(service, "région");
        HashmapApi.field(service, "licence/windows");
        given().get(BASE + "/fields/" + field).then().statusCode(200).body("name", equalTo("display name"));
        String group = HashmapApi.group("計算 compute (API)");
        given().get(BASE + "/groups/" + group).then().statusCode(200).body("name", equalTo("計算 compute (API)"));
        HashmapApi.group("é".repeat(255));

        String tooLong = "région".repeat(43);
        given().contentType(ContentType.JSON).body(Map.of("name", tooLong)).post(BASE + "/services").then().statusCode(400)
                .body("field", equalTo("name")).body("message", containsString("at most 255 characters, got 258: '" + tooLong + "'"));
        given().contentType(ContentType.JSON).body(Map.of("service_id", service, "name", "   ")).post(BASE + "/fields").then().statusCode(400)
                .body("field", equalTo("name")).body("message", containsString("must not be blank, got '   '"));
        given().contentType(ContentType.JSON).body(Map.of("name", "Premium Tier ")).post(BASE + "/groups").then().statusCode(400)
                .body("field", equalTo("name")).body("message", containsString("'Premium Tier '"));
        given().contentType(ContentType.JSON).body(Map.of("name", "machine virtuelle (API)")).post(BASE + "/services").then().statusCode(409)
                .body("message", containsString("'machine virtuelle (API)'"));
    }

    @Test
    void theSameValueInTwoGroupsIsAcceptedForAllTenantsAndATenantsDuplicateIsRefusedInAnyGroup() {
        String service = HashmapApi.service("machine virtuelle (doublons)");
        String field = HashmapApi.field(service, "display name");
        String licence = HashmapApi.group("licence/windows (doublons)");
        String premium = HashmapApi.group("Premium Tier (doublons)");
        Map<String, Object> windows = Map.of("field_id", field, "value", "Serveur Windows", "type", "flat");

        // for all tenants: the same value in two groups, and again in one of them (CloudKitty accepts all three)
        HashmapApi.mapping(with(windows, "cost", "2", "group_id", licence));
        HashmapApi.mapping(with(windows, "cost", "0.25", "group_id", premium));
        HashmapApi.mapping(with(windows, "cost", "0.3", "group_id", premium));
        HashmapApi.threshold(Map.of("service_id", service, "level", "10", "cost", "0.9", "type", "rate", "group_id", licence));
        HashmapApi.threshold(Map.of("service_id", service, "level", "10", "cost", "5", "group_id", premium));

        // a tenant: once per value, whatever the group (CloudKitty's unique key has no group)
        String acme = HashmapApi.mapping(with(windows, "cost", "1.5", "group_id", licence, "tenant_id", "acme"));
        for (Map<String, Object> again : List.of(with(windows, "cost", "9", "group_id", licence, "tenant_id", "acme"),
                with(windows, "cost", "9", "group_id", premium, "tenant_id", "acme"),
                with(windows, "cost", "9", "tenant_id", "acme"))) {
            given().contentType(ContentType.JSON).body(again).post(BASE + "/mappings").then().statusCode(409)
                    .body("message", containsString("tenant 'acme' has a mapping with the same value 'Serveur Windows' already (mapping "
                            + acme + ", group 'licence/windows (doublons)')"))
                    .body("message", containsString("one mapping per value across all groups"));
        }
        HashmapApi.mapping(with(windows, "cost", "9", "group_id", premium, "tenant_id", "umbrella")); // another tenant: fine
        HashmapApi.threshold(Map.of("service_id", service, "level", "20", "cost", "1", "group_id", licence, "tenant_id", "acme"));
        given().contentType(ContentType.JSON).body(Map.of("service_id", service, "level", "20.000", "cost", "1", "group_id", premium, "tenant_id", "acme"))
                .post(BASE + "/thresholds").then().statusCode(409).body("message", containsString("same level 20 already"));
        // a tenant's service mappings never collide (CloudKitty's CLI sends "value": null)
        HashmapApi.mapping(Map.of("service_id", service, "cost", "1", "tenant_id", "acme", "group_id", licence));
        HashmapApi.mapping(Map.of("service_id", service, "cost", "2", "tenant_id", "acme", "group_id", licence));

        // editing a rule into a tenant's duplicate is refused the same way
        String umbrella = HashmapApi.mapping(with(windows, "cost", "1", "group_id", licence, "tenant_id", "umbrella-2"));
        Map<String, Object> edited = new HashMap<>(given().get(BASE + "/mappings/" + umbrella).then().extract().jsonPath().getMap("$"));
        edited.put("tenant_id", "acme");
        given().contentType(ContentType.JSON).body(edited).put(BASE + "/mappings/" + umbrella).then().statusCode(409)
                .body("message", containsString("tenant 'acme' has a mapping with the same value 'Serveur Windows' already"));
    }

    @Test
    void concurrentCreatesOfATenantsDuplicateLetExactlyOneThrough() throws Exception {
        String field = HashmapApi.field(HashmapApi.service("machine virtuelle (course)"), "display name");
        Map<String, Object> body = Map.of("field_id", field, "value", "Serveur Windows", "cost", "1", "tenant_id", "acme");
        var pool = java.util.concurrent.Executors.newFixedThreadPool(8);
        try {
            List<java.util.concurrent.Future<Integer>> answers = new java.util.ArrayList<>();
            for (int i = 0; i < 8; i++) {
                answers.add(pool.submit(() -> given().contentType(ContentType.JSON).body(body).post(BASE + "/mappings").statusCode()));
            }
            List<Integer> statuses = new java.util.ArrayList<>();
            for (var answer : answers) {
                statuses.add(answer.get());
            }
            assertThat(statuses).containsOnly(201, 409).filteredOn(s -> s == 201).hasSize(1);
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void anImportedDocumentWithNamesInAnyLanguagePricesFramesAsCloudKitty() throws Exception {
        try (var c = dataSource.getConnection(); var st = c.createStatement()) { // an import may not drop started dated prices
            st.execute("DELETE FROM rating.hashmap_mapping WHERE start_at IS NOT NULL");
            st.execute("DELETE FROM rating.hashmap_threshold WHERE start_at IS NOT NULL");
        }
        String document = Files.readString(Path.of("../rating-rules/examples/names-and-groups.yaml"));
        given().contentType("application/yaml").body(document.getBytes(StandardCharsets.UTF_8))
                .post(BASE + "/import").then().statusCode(200).body("dry_run", equalTo(false));
        given().get(BASE + "/export").then().statusCode(200).body(containsString("machine virtuelle"))
                .body(containsString("計算 compute")).body(containsString("display name"));
        given().contentType(ContentType.JSON).body(Map.of("enabled", true)).put("/v1/rating/modules/hashmap")
                .then().statusCode(oneOf(200, 302));

        // hand-worked in rating-rules' NamesAndGroupsTest; CloudKitty 17.0.0 gives the same:
        //   vm-1 (qty 4, Île-de-France):  2.4 + 8 + 1.2 = 11.6, for acme 2.4 + 6 + 1.2 = 9.6
        //   vm-2 (qty 12, Bretagne):      5.7 + 24 + 8.6 = 38.3, for acme 5.7 + 18 + 8.6 = 32.3
        Map<String, List<BigDecimal>> prices = priceThroughTheProcessor(List.of("acme", "names-other"));
        assertThat(prices.get("names-other")).usingElementComparator(BigDecimal::compareTo)
                .containsExactly(new BigDecimal("11.6"), new BigDecimal("38.3"));
        assertThat(prices.get("acme")).usingElementComparator(BigDecimal::compareTo)
                .containsExactly(new BigDecimal("9.6"), new BigDecimal("32.3"));

        // a quote uses the rules for all tenants: 11.6 + 38.3
        String quote = given().contentType(ContentType.JSON).body("""
                {"resources": [
                  {"service": "machine virtuelle", "volume": "4",
                   "desc": {"metadata": {"région": "Île-de-France", "display name": "Serveur Windows"}}},
                  {"service": "machine virtuelle", "volume": "12",
                   "desc": {"metadata": {"région": "Bretagne", "display name": "Serveur Windows"}}}]}""".getBytes(StandardCharsets.UTF_8))
                .post("/v1/rating/quote").then().statusCode(200).extract().asString();
        assertThat(new BigDecimal(quote)).isEqualByComparingTo("49.9");
    }

    private Map<String, List<BigDecimal>> priceThroughTheProcessor(List<String> scopes) throws Exception {
        Period hour = new Period(Instant.parse("2026-11-01T10:00:00Z"), Instant.parse("2026-11-01T11:00:00Z"));
        Map<String, List<BigDecimal>> prices = new HashMap<>();
        try (AmqpProbe amqp = new AmqpProbe(vhost)) {
            for (String scope : scopes) {
                Frame frame = Frame.of(scope, "names-test", hour, Map.of("machine virtuelle", List.of(
                        DataPoint.unrated("h", new BigDecimal("4"), Map.of("id", "vm-1"),
                                Map.of("région", "Île-de-France", "display name", "Serveur Windows")),
                        DataPoint.unrated("h", new BigDecimal("12"), Map.of("id", "vm-2"),
                                Map.of("région", "Bretagne", "display name", "Serveur Windows")))), false);
                amqp.publish(AmqpNames.USAGE_EXCHANGE, AmqpNames.routingKey(frame), new String(FrameCodec.encode(frame), StandardCharsets.UTF_8));
            }
            while (prices.size() < scopes.size()) {
                Frame rated = FrameCodec.decode(amqp.await(AmqpNames.STORAGE_QUEUE, Duration.ofSeconds(20)).getBody());
                if (rated.source().equals("names-test") && scopes.contains(rated.scopeId())) {
                    prices.put(rated.scopeId(), rated.usage().get("machine virtuelle").stream().map(DataPoint::price).toList());
                }
            }
        }
        return prices;
    }

    private static Map<String, Object> with(Map<String, Object> base, Object... keysAndValues) {
        Map<String, Object> body = new HashMap<>(base);
        for (int i = 0; i < keysAndValues.length; i += 2) {
            body.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return body;
    }
}
