package io.ratekit.processor.hashmap;

import io.quarkus.test.security.TestSecurity;
import io.quarkus.test.junit.QuarkusTest;
import io.ratekit.frames.AmqpNames;
import io.ratekit.frames.DataPoint;
import io.ratekit.frames.Frame;
import io.ratekit.frames.FrameCodec;
import io.ratekit.frames.Period;
import io.ratekit.testing.AmqpProbe;
import io.restassured.http.ContentType;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static io.ratekit.processor.hashmap.HashmapApi.BASE;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/** Rules created through the API price the frames flowing through the processor, and quotes. */
@QuarkusTest
@TestSecurity(user = "olga", roles = "rating-admin") // an operator; the roles themselves are tested in *SecurityTest
class HashmapPricingTest {

    @ConfigProperty(name = "rabbitmq-virtual-host")
    String vhost;

    @BeforeEach
    void enableHashmap() {
        given().contentType(ContentType.JSON).body(Map.of("enabled", true)).put("/v1/rating/modules/hashmap").then().statusCode(302);
    }

    @Test
    void framesArePricedByTheRulesOfTheirScope() throws Exception {
        String service = HashmapApi.service("hp.cpu");
        String field = HashmapApi.field(service, "flavor");
        String flat = HashmapApi.mapping(Map.of("service_id", service, "cost", "0.5"));
        String rate = HashmapApi.mapping(Map.of("field_id", field, "value", "large", "cost", "2", "type", "rate"));
        HashmapApi.mapping(Map.of("service_id", service, "cost", "0.25", "tenant_id", "hp-special"));

        try (AmqpProbe amqp = new AmqpProbe(vhost)) {
            for (String scope : List.of("hp-normal", "hp-special")) {
                Period hour = new Period(Instant.parse("2026-11-01T10:00:00Z"), Instant.parse("2026-11-01T11:00:00Z"));
                Frame frame = Frame.of(scope, "test", hour, Map.of("hp.cpu", List.of(
                        DataPoint.unrated("vcpu", new BigDecimal("4"), Map.of("id", "vm-1"), Map.of("flavor", "large")))), false);
                amqp.publish(AmqpNames.USAGE_EXCHANGE, AmqpNames.routingKey(frame), new String(FrameCodec.encode(frame), StandardCharsets.UTF_8));
            }
            Map<String, BigDecimal> prices = new java.util.HashMap<>();
            Map<String, List<String>> rules = new java.util.HashMap<>();
            while (prices.size() < 2) {
                Frame rated = FrameCodec.decode(amqp.await(AmqpNames.STORAGE_QUEUE, Duration.ofSeconds(20)).getBody());
                if (rated.scopeId().startsWith("hp-")) {
                    prices.put(rated.scopeId(), rated.usage().get("hp.cpu").get(0).price());
                    rules.put(rated.scopeId(), rated.usage().get("hp.cpu").get(0).rules());
                }
            }
            // the point names the rules that priced it, by their API ids, with the ruleset version
            assertThat(rules.get("hp-normal")).hasSize(2);
            assertThat(rules.get("hp-normal").get(0)).matches("hashmap@\\d+/mapping/" + rate);
            assertThat(rules.get("hp-normal").get(1)).matches("hashmap@\\d+/mapping/" + flat);
            assertThat(prices.get("hp-normal")).isEqualByComparingTo("4");    // 2 (rate) x 0.5 (flat) x 4
            assertThat(prices.get("hp-special")).isEqualByComparingTo("2");   // the tenant's flat 0.25 replaces 0.5
        }
    }

    @Test
    void aQuoteUsesTheGlobalRulesOnly() {
        String service = HashmapApi.service("hp.ram");
        HashmapApi.mapping(Map.of("service_id", service, "cost", "0.001"));
        HashmapApi.mapping(Map.of("service_id", service, "cost", "100", "tenant_id", "hp-special"));
        String price = given().contentType(ContentType.JSON)
                .body("{\"resources\":[{\"service\":\"hp.ram\",\"volume\":\"2048\",\"desc\":{\"metadata\":{}}},"
                        + "{\"service\":\"hp.ram\",\"volume\":1024}]}")
                .post("/v1/rating/quote").then().statusCode(200).extract().asString();
        assertThat(new BigDecimal(price)).isEqualByComparingTo("3.072");
        given().contentType(ContentType.JSON).body("{\"resources\":[{\"service\":\"hp.ram\",\"volume\":\"lots\"}]}")
                .post("/v1/rating/quote").then().statusCode(400).body("field", org.hamcrest.Matchers.equalTo("resources[0].volume"));
        given().contentType(ContentType.JSON).body("{\"resources\":[]}")
                .post("/v1/rating/quote").then().statusCode(400).body("field", org.hamcrest.Matchers.equalTo("resources"));
    }
}
