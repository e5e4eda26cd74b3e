package io.ratekit.collector.event;

import io.ratekit.service.api.InvalidInputException;
import io.ratekit.collector.CollectorConfig;
import io.ratekit.collector.event.LifecycleEvent.Action;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EventParserTest {

    private static final CollectorConfig CONFIG = new CollectorConfig() {
        public Duration period() { return Duration.ofHours(1); }
        public int waitPeriods() { return 2; }
        public String tick() { return "10s"; }
        public int maxPeriodsPerTick() { return 500; }
        public String scopeKey() { return "project_id"; }
        public Duration maxFutureSkew() { return Duration.ofHours(1); }
        public java.util.Optional<String> metricsFile() { return java.util.Optional.empty(); }
        public Map<String, Allocation> allocations() {
            return Map.of("vcpus", new Allocation() {
                public String metric() { return "vcpu"; }
                public String unit() { return "vcpu"; }
            });
        }
    };
    private static final EventParser PARSER = new EventParser(CONFIG, Clock.fixed(Instant.parse("2026-11-24T00:00:00Z"), ZoneOffset.UTC));

    private static List<LifecycleEvent> parse(String json) {
        return PARSER.parse(json.getBytes(StandardCharsets.UTF_8));
    }

    private static final String VM = "{\"scope_id\":\"t\",\"resource_id\":\"vm-1\",\"resource_type\":\"instance\",\"action\":\"create\","
            + "\"timestamp\":\"2026-11-23T10:00:00+01:00\",\"attributes\":{\"vcpus\":2,\"flavor\":\"m1\"}}";

    @Test
    void readsRatekitEventsAndDerivesAStableId() {
        LifecycleEvent e = parse(VM).get(0);
        assertThat(e.action()).isEqualTo(Action.CREATE);
        assertThat(e.occurredAt()).isEqualTo(Instant.parse("2026-11-23T09:00:00Z"));
        assertThat(e.attributes()).containsEntry("vcpus", "2").containsEntry("flavor", "m1");
        assertThat(e.eventId()).startsWith("sha256:").isEqualTo(parse(VM).get(0).eventId());
    }

    @Test
    void readsCloudEventsWithExtensions() {
        LifecycleEvent e = parse("""
                {"specversion":"1.0","id":"42","source":"/vc","type":"io.ratekit.resource.update","subject":"vm-9",
                 "time":"2026-11-23T10:00:00Z","traceparent":"00-abc","data":{"scope_id":"t","resource_type":"instance","attributes":{"vcpus":4}}}
                """).get(0);
        assertThat(e.eventId()).isEqualTo("/vc#42");
        assertThat(e.resourceId()).isEqualTo("vm-9");
        assertThat(e.action()).isEqualTo(Action.UPDATE);
    }

    @Test
    void namesTheFieldOfEveryProblem() {
        assertField("[" + VM + "," + VM.replace("\"vcpus\":2", "\"vcpus\":\"two\"") + "]", "[1].attributes.vcpus");
        assertField(VM.replace("\"vcpus\":2", "\"vcpus\":-1"), "attributes.vcpus");
        assertField(VM.replace("create", "resize"), "action");
        assertField(VM.replace("2026-11-23T10:00:00+01:00", "yesterday"), "timestamp");
        assertField(VM.replace("2026-11-23T10:00:00+01:00", "2027-01-01T00:00:00Z"), "timestamp");
        assertField(VM.replace("\"scope_id\":\"t\",", ""), "scope_id");
        assertField(VM.replace("\"scope_id\":\"t\"", "\"scope_id\":\"t\",\"colour\":1"), "colour");
        assertField(VM.replace("\"flavor\":\"m1\"", "\"flavor\":{\"name\":\"m1\"}"), "attributes.flavor");
        assertField("[]", "$");
        assertField("{", "$");
        assertField("{\"specversion\":\"1.0\",\"id\":\"1\",\"source\":\"/s\",\"type\":\"com.example.other\",\"time\":\"2026-11-23T10:00:00Z\",\"data\":{}}", "type");
        assertField("{\"specversion\":\"1.0\",\"id\":\"1\",\"source\":\"/s\",\"type\":\"io.ratekit.resource.create\",\"subject\":\"v\",\"time\":\"2026-11-23T10:00:00Z\",\"data\":{\"resource_type\":\"instance\"}}", "data.scope_id");
    }

    private static void assertField(String json, String field) {
        assertThatThrownBy(() -> parse(json)).isInstanceOf(InvalidInputException.class)
                .satisfies(e -> assertThat(((InvalidInputException) e).field()).isEqualTo(field));
    }
}
