package io.ratekit.frames;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FrameCodecTest {

    private static final Period HOUR = new Period(Instant.parse("2026-11-01T10:00:00Z"), Instant.parse("2026-11-01T11:00:00Z"));

    private static Frame sample() {
        DataPoint vm = new DataPoint("vcpu-hour", new BigDecimal("0.1000000000000000000000000001"), new BigDecimal("0.30"),
                Map.of("id", "vm-1", "project_id", "tenant-a"), Map.of("flavor", "m1.small"));
        return Frame.of("tenant-a", "events", HOUR, Map.of("vcpu", List.of(vm), "instance", List.of(vm)), false);
    }

    @Test
    void roundTripKeepsEveryDigit() {
        Frame frame = sample();
        Frame back = FrameCodec.decode(FrameCodec.encode(frame));
        assertThat(back).isEqualTo(frame.withUsage(back.usage()));
        DataPoint point = back.usage().get("vcpu").get(0);
        assertThat(point.qty()).isEqualByComparingTo("0.1000000000000000000000000001");
        assertThat(point.qty().toPlainString()).isEqualTo("0.1000000000000000000000000001");
        assertThat(point.price().toPlainString()).isEqualTo("0.3");
    }

    @Test
    void ruleReferencesTravelInTheEnvelopeButNotInCloudKittysShape() {
        DataPoint priced = DataPoint.unrated("h", BigDecimal.ONE, Map.of(), Map.of())
                .priced(new BigDecimal("0.5"), List.of("hashmap@3/mapping/abc"));
        Frame frame = Frame.of("tenant-a", "events", HOUR, Map.of("instance", List.of(priced)), false);
        assertThat(FrameCodec.decode(FrameCodec.encode(frame)).usage().get("instance").get(0).rules()).containsExactly("hashmap@3/mapping/abc");
        assertThat(FrameCodec.write(FrameCodec.toDataFrameJson(HOUR, frame.usage(), FrameCodec.DecimalStyle.NUMBER))).doesNotContain("rules");
        assertFails(envelope("{\"instance\":[{\"vol\":{\"qty\":\"1\"},\"rating\":{\"price\":\"1\",\"rules\":\"x\"}}]}"), "usage.instance[0].rating.rules");
    }

    @Test
    void decimalsTravelAsStringsAndTypesAreSorted() {
        String json = new String(FrameCodec.encode(sample()), StandardCharsets.UTF_8);
        assertThat(json).contains("\"qty\":\"0.1000000000000000000000000001\"").contains("\"price\":\"0.3\"");
        assertThat(json.indexOf("\"instance\"")).isLessThan(json.indexOf("\"vcpu\""));
    }

    @Test
    void frameIdIsDeterministicAndDependsOnEveryPart() {
        String id = FrameIds.frameId("a", HOUR, List.of("vcpu", "instance"), "events");
        assertThat(FrameIds.frameId("a", HOUR, List.of("instance", "vcpu"), "events")).isEqualTo(id);
        assertThat(FrameIds.frameId("b", HOUR, List.of("instance", "vcpu"), "events")).isNotEqualTo(id);
        assertThat(FrameIds.frameId("a", HOUR.next(), List.of("instance", "vcpu"), "events")).isNotEqualTo(id);
        assertThat(FrameIds.frameId("a", HOUR, List.of("instance"), "events")).isNotEqualTo(id);
        assertThat(FrameIds.frameId("a", HOUR, List.of("instance", "vcpu"), "vsphere")).isNotEqualTo(id);
    }

    @Test
    void acceptsExactJsonNumbersAndDefaults() {
        Frame frame = decode(envelope("{\"instance\":[{\"vol\":{\"qty\":0.1}}]}"));
        DataPoint point = frame.usage().get("instance").get(0);
        assertThat(point.qty().toPlainString()).isEqualTo("0.1");
        assertThat(point.price()).isEqualByComparingTo("0");
        assertThat(point.unit()).isEqualTo("undefined");
        assertThat(point.groupby()).isEmpty();
    }

    @Test
    void coercesScalarAttributesToStrings() {
        Frame frame = decode(envelope("{\"instance\":[{\"vol\":{\"unit\":\"h\",\"qty\":\"1\"},\"metadata\":{\"vcpus\":2,\"gpu\":false}}]}"));
        assertThat(frame.usage().get("instance").get(0).metadata()).containsEntry("vcpus", "2").containsEntry("gpu", "false");
    }

    @Test
    void namesTheFieldOfEveryProblem() {
        assertFails("{", "$");
        assertFails(envelope("{}").replace("\"source\":\"events\",", ""), "source");
        assertFails(envelope("{}").replace("\"reprocess\":false", "\"reprocess\":false,\"extra\":1"), "extra");
        assertFails(envelope("{}").replace("\"schema_version\":1", "\"schema_version\":7"), "schema_version");
        assertFails(envelope("{\"instance\":[{\"vol\":{\"unit\":\"h\",\"qty\":\"1,5\"}}]}"), "usage.instance[0].vol.qty");
        assertFails(envelope("{\"instance\":[{\"vol\":{\"unit\":\"h\",\"qty\":\"NaN\"}}]}"), "usage.instance[0].vol.qty");
        assertFails(envelope("{\"instance\":[{\"vol\":{\"unit\":\"h\",\"qty\":\"1\"},\"rating\":{\"price\":true}}]}"), "usage.instance[0].rating.price");
        assertFails(envelope("{\"instance\":[{\"vol\":{\"unit\":\"h\"}}]}"), "usage.instance[0].vol.qty");
        assertFails(envelope("{\"instance\":[{\"vol\":{\"qty\":\"1\"},\"colour\":\"red\"}]}"), "usage.instance[0].colour");
        assertFails(envelope("{\"instance\":[{\"vol\":{\"qty\":\"1\"},\"groupby\":{\"id\":null}}]}"), "usage.instance[0].groupby.id");
        assertFails(envelope("{\"instance\":[{\"vol\":{\"qty\":\"1e99\"}}]}"), "usage.instance[0].vol.qty");
        assertFails(envelope("{\"bad type \":[]}"), "usage.bad type ");
        assertFails(envelope("{}").replace("2026-11-01T11:00:00Z", "2026-11-01T10:00:00Z"), "period.end");
        assertFails(envelope("{}").replace("2026-11-01T11:00:00Z", "yesterday"), "period.end");
        assertFails(envelope("{}").replace("\"frame_id\":\"f-1\"", "\"frame_id\":\"f-1\",\"frame_id\":\"f-2\""), "$");
    }

    private static void assertFails(String json, String field) {
        assertThatThrownBy(() -> decode(json))
                .isInstanceOf(FrameFormatException.class)
                .satisfies(e -> assertThat(((FrameFormatException) e).field()).isEqualTo(field));
    }

    private static Frame decode(String json) {
        return FrameCodec.decode(json.getBytes(StandardCharsets.UTF_8));
    }

    private static String envelope(String usage) {
        return "{\"frame_id\":\"f-1\",\"scope_id\":\"tenant-a\",\"source\":\"events\",\"schema_version\":1,\"reprocess\":false,"
                + "\"period\":{\"begin\":\"2026-11-01T10:00:00Z\",\"end\":\"2026-11-01T11:00:00Z\"},\"usage\":" + usage + "}";
    }
}
